"""The network's models, one module per area (campaigns, directives, support requests, media
relations, partnership work). Each module owns its models; this package only gathers them so
Django finds them as ``network.<Model>``.
"""

from hamafza.network.models.campaigns import *  # noqa: F403
from hamafza.network.models.directives import *  # noqa: F403
from hamafza.network.models.media import *  # noqa: F403
from hamafza.network.models.partnership import *  # noqa: F403
from hamafza.network.models.support import *  # noqa: F403
