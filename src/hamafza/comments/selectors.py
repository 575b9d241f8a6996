"""Reading comments: a story's public thread, and the desk's moderation queue.

The thread is what the public sees: approved comments only, three levels deep. Replies deeper
than the third level are shown at the third level, in time order among their cousins, each
saying whom it answers («در پاسخ به …»). A reply shows only while every comment above it is
approved: when a moderator withdraws a comment, the conversation under it goes with it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from hamafza.comments.models import Comment
from hamafza.comments.permissions import moderated_comments
from hamafza.common.prepared import Prepared
from hamafza.newsroom.models import Story

C = Comment.Status
THREAD_DEPTH = 3


@dataclass
class ThreadItem:
    comment: Comment
    depth: int  # 1 for a comment on the story, up to THREAD_DEPTH
    reply_to: str = ""  # the name answered, for a reply flattened to the last level
    replies: list["ThreadItem"] = field(default_factory=list)


@dataclass
class Thread:
    items: list[ThreadItem]
    count: int  # comments shown, at every level


# The same SQL for every story page (``common.prepared``).
_APPROVED = Prepared(
    lambda story_id: (
        Comment.objects.filter(story_id=story_id, status=C.APPROVED)
        .only(
            "pk",
            "parent_id",
            "story_id",
            "body",
            "author_name",
            "is_official",
            "created_at",
            "status",
        )
        .order_by("created_at", "id")
    )
)


def story_thread(story: Story) -> Thread:
    """The approved comments of ``story`` as a thread, in one query."""
    comments = _APPROVED(story.pk)
    by_id = {comment.pk: comment for comment in comments}
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)
    count = 0

    def flattened(top: Comment) -> list[ThreadItem]:
        """Every reply below ``top``, at the last level, in time order."""
        found: list[Comment] = []
        stack = list(children.get(top.pk, ()))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(children.get(current.pk, ()))
        found.sort(key=lambda c: (c.created_at, c.pk))
        return [
            ThreadItem(
                comment=c,
                depth=THREAD_DEPTH,
                reply_to=(
                    by_id[c.parent_id].author_name
                    if c.parent_id is not None and c.parent_id != top.pk
                    else ""
                ),
            )
            for c in found
        ]

    def build(comment: Comment, depth: int) -> ThreadItem:
        nonlocal count
        item = ThreadItem(comment=comment, depth=depth)
        count += 1
        if depth == THREAD_DEPTH - 1:
            item.replies = flattened(comment)
            count += len(item.replies)
        else:
            item.replies = [build(child, depth + 1) for child in children.get(comment.pk, ())]
        return item

    items = [build(comment, 1) for comment in children.get(None, ())]
    return Thread(items=items, count=count)


def moderation_queue(
    user: Any, *, status: str = "", story_id: int | None = None
) -> QuerySet[Comment]:
    """Comments the user moderates, newest first, narrowed by ``status`` and a story."""
    comments = moderated_comments(user)
    if status:
        comments = comments.filter(status=status)
    if story_id is not None:
        comments = comments.filter(story_id=story_id)
    return comments.select_related("story__unit", "parent", "author").order_by("-created_at", "-id")


def pending_count(user: Any) -> int:
    return moderated_comments(user).filter(status=C.PENDING).count()


def approved_comment(story: Story, comment_id: int) -> Comment | None:
    """The comment ``comment_id`` if the public can see it on ``story`` (one to reply to)."""
    return Comment.objects.filter(pk=comment_id, story=story, status=C.APPROVED).first()
