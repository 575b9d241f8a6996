"""Partnership work on the desk: joint activities with partners and the internal bulletin."""

from hamafza.network.views.partnership.activities import (
    activity_create,
    activity_delete,
    activity_detail,
    activity_edit,
    activity_list,
)
from hamafza.network.views.partnership.bulletins import (
    bulletin_create,
    bulletin_delete,
    bulletin_detail,
    bulletin_edit,
    bulletin_email_preview,
    bulletin_issue,
    bulletin_list,
)

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_edit",
    "activity_list",
    "bulletin_create",
    "bulletin_delete",
    "bulletin_detail",
    "bulletin_edit",
    "bulletin_email_preview",
    "bulletin_issue",
    "bulletin_list",
]
