"""What the comments app tells the apps above it (it imports none of them).

``thread_changed`` is sent once the change has committed, whenever what the public sees of a
story's comments changes: a comment approved, or an approved one rejected or marked spam; an
official reply (published at once); comments closed or reopened. A visitor's new comment waits
for moderation and changes nothing public, so it sends nothing. Arguments: ``story``, and
``action``, the audit action's name (``comments.comment.approve``…).

The portal listens to drop the story's cached page.
"""

from typing import Any

from django.db import transaction
from django.dispatch import Signal

from hamafza.newsroom.models import Story

thread_changed = Signal()


def thread_changed_on_commit(story: Story, *, action: str) -> None:
    def send() -> Any:
        return thread_changed.send(sender=Story, story=story, action=action)

    transaction.on_commit(send)
