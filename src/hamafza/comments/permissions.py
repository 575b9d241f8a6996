"""Who may moderate which comments. The one place these rules live.

* Editors, heads and HQ editors of a unit moderate the comments on the stories of that unit
  and of every unit below it, as they review its stories (``newsroom``'s editor roles). An
  editor of Tehran moderates Shemiranat's comments; Isfahan's do not exist for them.
* HQ editors (on HQ's side of the tree) and superusers moderate everything.
* A comment outside someone's scope does not exist for them (404), whatever its status.
* Comments on a story are opened and closed by whoever may edit the story (``newsroom``'s
  rule) and by whoever moderates its comments.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hamafza.comments.models import Comment
from hamafza.newsroom.models import Story
from hamafza.newsroom.permissions import can_edit
from hamafza.newsroom.workflow import EDITOR_ROLES
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff

MODERATOR_ROLES = EDITOR_ROLES


def moderated_unit_ids(access: Access) -> set[int]:
    """Units whose stories' comments the user moderates (empty for non-moderators)."""
    if access.is_superuser or any(
        access.tree.is_hq_side(unit_id) for unit_id in access.units_with({Role.HQ_EDITOR})
    ):
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(MODERATOR_ROLES))


def can_moderate(access: Access, story: Story) -> bool:
    return story.unit_id in moderated_unit_ids(access)


def can_close(access: Access, user: Any, story: Story) -> bool:
    return can_moderate(access, story) or can_edit(access, user, story)


def moderated_comments(user: Any) -> QuerySet[Comment]:
    """Every comment the user moderates. Scoping happens here, before any other filter."""
    access = access_for(user)
    if not access.is_staff_member:
        return Comment.objects.none()
    if access.is_superuser:
        return Comment.objects.all()
    return Comment.objects.filter(story__unit_id__in=moderated_unit_ids(access))


def access_comment(user: Any, comment_id: int) -> Comment:
    """The comment, if the user moderates it (else 404); PermissionDenied for non-members."""
    access_staff(user)
    comment = (
        moderated_comments(user)
        .select_related("story__unit", "parent")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404
    return comment


def access_story_comments(user: Any, story_id: int) -> Story:
    """A story whose comments the user moderates (else 404)."""
    access = access_staff(user)
    story = (
        Story.objects.filter(pk=story_id, unit_id__in=moderated_unit_ids(access))
        .select_related("unit")
        .first()
    )
    if story is None:
        raise Http404
    return story
