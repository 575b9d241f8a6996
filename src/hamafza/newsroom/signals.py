"""What the newsroom tells the apps above it (it imports none of them).

``story_changed`` is sent once the transaction that changed a story has committed (a rolled-back
change sends nothing), by every service that changes what a story says, shows or where it
stands — content and corrections, workflow moves (publish, unpublish, archive…), the front-page
feature, photos and attachments, deletion — when the public could read the story before the
change or can after it. Work on drafts sends nothing. Arguments:

    story       the story as it is now (after a deletion: as it was, without a primary key)
    action      the audit action's name, e.g. "newsroom.story.publish"
    was_public  whether the public could read it before the change (``story.is_public`` tells
                whether they can now)

The portal listens to drop cached public pages; a receiver must not write to the story.
"""

from typing import Any

from django.db import transaction
from django.dispatch import Signal

from hamafza.newsroom.models import Story

story_changed = Signal()


def story_changed_on_commit(story: Story, *, action: str, was_public: bool) -> None:
    """Send ``story_changed`` for ``story`` when the current transaction commits (at once
    outside one), if it is or was public."""
    if not (was_public or story.is_public):
        return

    def send() -> Any:
        return story_changed.send(sender=Story, story=story, action=action, was_public=was_public)

    transaction.on_commit(send)
