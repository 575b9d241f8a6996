"""Every change to campaigns: creating and editing them, their toolkit, the workflow, units
joining and planning, outputs logged by hand, and the automatic counting of stories.

Each function takes the acting user (``actor``) and checks ``permissions.campaigns``, runs in
one transaction and writes one audit row per change (``network.campaigns.<x>``). Refusals
raise ``PermissionDenied``, bad input ``ValidationError``, a change from an out-of-date version
``StaleCampaign``; in every case nothing changes.

Counting (``campaign_story_sync``, called by the ``story_changed`` receiver for every change to
a story that is or was public, and by ``campaign_recount`` at launch) is idempotent: it makes
the story's counted outputs match what the story is now.

* A story of an invited unit, published (public now) on a day within the campaign's dates
  (and not after an early close), counts as ``story`` when one of its tags is the campaign's
  hashtag or its unit's writers linked it to the campaign.
* A story with ``origin`` (a republication or localization) counts as ``republish`` when it or
  its public origin qualifies that way (or the origin is counted for the campaign).
* A story that is no longer public (unpublished, archived, deleted) counts for nothing.
"""

from hamafza.network.services.campaigns._common import (
    StaleCampaign,
    campaign_url,
    clean_hashtag,
    hashtag_key,
)
from hamafza.network.services.campaigns.counting import campaign_recount, campaign_story_sync
from hamafza.network.services.campaigns.lifecycle import (
    campaign_create,
    campaign_snapshot,
    campaign_transition,
    campaign_update,
    campaigns_close_due,
)
from hamafza.network.services.campaigns.participation import (
    campaign_activity_add,
    campaign_invite,
    campaign_join,
    campaign_output_log,
    campaign_output_remove,
    campaign_participant_remove,
    campaign_story_link,
    campaign_story_unlink,
)
from hamafza.network.services.campaigns.toolkit import (
    TOOLKIT_MODELS,
    campaign_asset_add,
    campaign_message_add,
    campaign_template_add,
    campaign_toolkit_remove,
)

__all__ = [
    "TOOLKIT_MODELS",
    "StaleCampaign",
    "campaign_activity_add",
    "campaign_asset_add",
    "campaign_create",
    "campaign_invite",
    "campaign_join",
    "campaign_message_add",
    "campaign_output_log",
    "campaign_output_remove",
    "campaign_participant_remove",
    "campaign_recount",
    "campaign_snapshot",
    "campaign_story_link",
    "campaign_story_sync",
    "campaign_story_unlink",
    "campaign_template_add",
    "campaign_toolkit_remove",
    "campaign_transition",
    "campaign_update",
    "campaign_url",
    "campaigns_close_due",
    "clean_hashtag",
    "hashtag_key",
]
