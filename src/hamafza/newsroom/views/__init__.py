"""Staff HTML views of the newsroom, one module per page family."""

from hamafza.newsroom.views.actions import (
    story_feature,
    story_republish,
    story_retro_approve,
    story_transition,
)
from hamafza.newsroom.views.detail import story_detail, story_note_add, story_preview
from hamafza.newsroom.views.editing import story_create, story_delete, story_edit
from hamafza.newsroom.views.lists import (
    my_stories,
    network_feed,
    oversight,
    review_queue,
    story_search,
)
from hamafza.newsroom.views.media import (
    story_attachment_add,
    story_attachment_delete,
    story_photo_add,
    story_photo_delete,
)
from hamafza.newsroom.views.revisions import story_revision_restore, story_revisions

__all__ = [
    "my_stories",
    "network_feed",
    "oversight",
    "review_queue",
    "story_attachment_add",
    "story_attachment_delete",
    "story_create",
    "story_delete",
    "story_detail",
    "story_edit",
    "story_feature",
    "story_note_add",
    "story_photo_add",
    "story_photo_delete",
    "story_preview",
    "story_republish",
    "story_retro_approve",
    "story_revision_restore",
    "story_revisions",
    "story_search",
    "story_transition",
]
