"""Who may see and do what with stories. The one place these rules live.

* Published (and corrected) stories are visible to every member of the network.
* Anything else is visible only inside the owning unit's line: members (any role) of the unit
  or of a unit above it. Another unit's unpublished story does not exist for you (404, never
  a 403 that would confirm it).
* Roles count in the story's unit or any unit above it (an editor of Tehran edits Shemiranat's
  stories); which roles may make which move is the transition table in ``workflow.py``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.workflow import (
    AUTHOR_EDITABLE,
    CORRECTABLE,
    DELETABLE,
    EDITOR_EDITABLE,
    EDITOR_ROLES,
    WRITER_ROLES,
    FeatureTransition,
    Transition,
)
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff, roles_over


def scope_unit_ids(access: Access) -> set[int]:
    """Units whose unpublished work the user may see: theirs and every unit below them."""
    if access.is_superuser:
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def writable_unit_ids(access: Access) -> set[int]:
    """Units the user may create stories for: where they write, and below where they edit."""
    if access.is_superuser:
        return set(access.tree.parent)
    return access.units_with(WRITER_ROLES) | access.tree.subtrees(access.units_with(EDITOR_ROLES))


def visible_stories(user: Any) -> QuerySet[Story]:
    """Every story the user may see. Scoping happens here, before any other filter."""
    access = access_for(user)
    if not access.is_staff_member:
        return Story.objects.none()
    if access.is_superuser:
        return Story.objects.all()
    return Story.objects.filter(
        Q(status__in=PUBLIC_STATUSES) | Q(unit_id__in=scope_unit_ids(access))
    )


def can_view(access: Access, story: Story) -> bool:
    if not access.is_staff_member:
        return False
    return story.status in PUBLIC_STATUSES or story.unit_id in scope_unit_ids(access)


def can_view_desk(access: Access, story: Story) -> bool:
    """May read the desk's side of a story (revisions, editorial notes): only its unit's line.

    Publication makes the story public, not the drafts and conversation that led to it.
    """
    return access.is_staff_member and story.unit_id in scope_unit_ids(access)


def is_author(user: Any, story: Story) -> bool:
    """The story's creator or one of its authors. The author ids are read once per story
    object: a story page asks this for every workflow button."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    if story.created_by_id == user.pk:
        return True
    author_ids = story.__dict__.get("_author_ids")
    if author_ids is None:
        author_ids = set(story.authors.values_list("pk", flat=True))
        story.__dict__["_author_ids"] = author_ids
    return user.pk in author_ids


def can_edit(access: Access, user: Any, story: Story) -> bool:
    """May save the story's content now (published stories: as a correction)."""
    if not can_view(access, story):
        return False
    roles = roles_over(access, story.unit_id)
    if story.status in EDITOR_EDITABLE and roles & EDITOR_ROLES:
        return True
    if story.status in CORRECTABLE and roles & EDITOR_ROLES:
        return True
    return story.status in AUTHOR_EDITABLE and is_author(user, story) and bool(roles & WRITER_ROLES)


def can_transition(access: Access, user: Any, story: Story, transition: Transition) -> bool:
    if story.status not in transition.sources or not can_view(access, story):
        return False
    roles = roles_over(access, story.unit_id)
    if roles & transition.roles:
        return True
    return transition.author_may and is_author(user, story) and bool(roles & WRITER_ROLES)


def can_feature(access: Access, story: Story, transition: FeatureTransition) -> bool:
    if story.status not in PUBLIC_STATUSES or story.feature not in transition.sources:
        return False
    if transition.hq:
        return access.is_superuser or any(
            access.tree.is_hq_side(unit_id) for unit_id in access.units_with({Role.HQ_EDITOR})
        )
    return bool(roles_over(access, story.unit_id) & EDITOR_ROLES)


def can_delete(access: Access, user: Any, story: Story) -> bool:
    if story.status not in DELETABLE or story.code is not None:
        return False
    if not can_view(access, story):
        return False
    roles = roles_over(access, story.unit_id)
    return bool(roles & EDITOR_ROLES) or (is_author(user, story) and bool(roles & WRITER_ROLES))


def can_republish(access: Access, story: Story) -> bool:
    """Adopting a published story as a new draft: anyone who writes for some unit."""
    return story.status in PUBLIC_STATUSES and bool(writable_unit_ids(access))


def access_story(user: Any, story_id: int, *, for_write: bool = False) -> Story:
    """The story, if the user may see it (else 404); with ``for_write``, also edit it (else 403)."""
    access = access_staff(user)
    story = (
        visible_stories(user)
        .select_related("unit", "created_by", "origin__unit")
        .filter(pk=story_id)
        .first()
    )
    if story is None:
        raise Http404
    if for_write and not can_edit(access, user, story):
        raise PermissionDenied
    return story
