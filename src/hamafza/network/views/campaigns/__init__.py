"""Staff HTML views of campaigns (``/desk/network/campaigns/``)."""

from hamafza.network.views.campaigns.actions import (
    campaign_activity_add,
    campaign_asset_download,
    campaign_evidence,
    campaign_invite,
    campaign_join,
    campaign_output_log,
    campaign_output_remove,
    campaign_participant_remove,
    campaign_story_link,
    campaign_story_unlink,
    campaign_toolkit_add,
    campaign_toolkit_remove,
)
from hamafza.network.views.campaigns.pages import (
    campaign_board,
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    campaign_transition,
)

__all__ = [
    "campaign_activity_add",
    "campaign_asset_download",
    "campaign_board",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_evidence",
    "campaign_invite",
    "campaign_join",
    "campaign_list",
    "campaign_output_log",
    "campaign_output_remove",
    "campaign_participant_remove",
    "campaign_story_link",
    "campaign_story_unlink",
    "campaign_toolkit_add",
    "campaign_toolkit_remove",
    "campaign_transition",
]
