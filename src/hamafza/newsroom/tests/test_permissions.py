"""The access rules in ``newsroom.permissions``, persona by persona.

Published stories are visible to the whole network; anything else only inside the owning
unit's line (the unit and the units above it). Another unit's unpublished story is a 404.
"""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import (
    access_story,
    can_delete,
    can_edit,
    can_republish,
    can_view,
    roles_over,
    scope_unit_ids,
    visible_stories,
    writable_unit_ids,
)
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.workflow import AUTHOR_EDITABLE, CORRECTABLE, DELETABLE, EDITOR_EDITABLE
from hamafza.org.models import Membership, Role
from hamafza.org.permissions import access_for
from hamafza.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Story.Status
NOT_PUBLIC = sorted(set(S.values) - PUBLIC_STATUSES)

# Who sees Shemiranat's unpublished work: its own members and the members of Tehran and HQ
# above it (whatever their role); nobody in other provinces or beside Tehran.
SEES_UNPUBLISHED = {
    "shemiranat_reporter": True,
    "shemiranat_head": True,
    "tehran_reporter": True,
    "tehran_editor": True,
    "tehran_head": True,
    "tehran_viewer": True,
    "hq_admin": True,
    "hq_editor": False,
    "isfahan_head": False,
    "isfahan_editor": False,
    "khorasan_video": False,
}


def _ids(*units: Any) -> set[int]:
    return {unit.pk for unit in units}


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def stories(net):
    """One Shemiranat story per status, by its reporter."""
    return {
        status: StoryFactory.create(
            unit=net.shemiranat, created_by=net.shemiranat_reporter, status=status
        )
        for status in S.values
    }


# --- Seeing ------------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "sees"), SEES_UNPUBLISHED.items())
def test_visibility_by_persona(net, stories, persona, sees):
    user = getattr(net, persona)
    visible = set(visible_stories(user).values_list("pk", flat=True))
    for status, story in stories.items():
        expected = sees or status in PUBLIC_STATUSES
        assert (story.pk in visible) is expected, status
        assert can_view(access_for(user), story) is expected, status
        if expected:
            assert access_story(user, story.pk) == story
        else:
            with pytest.raises(Http404):
                access_story(user, story.pk)


def test_outsiders_see_nothing(net, stories):
    assert not visible_stories(net.outsider).exists()
    for story in stories.values():
        assert not can_view(access_for(net.outsider), story)
        with pytest.raises(PermissionDenied):
            access_story(net.outsider, story.pk)


def test_anonymous_sees_nothing(net, stories):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_stories(AnonymousUser()).exists()
    with pytest.raises(PermissionDenied):
        access_story(AnonymousUser(), stories[S.PUBLISHED].pk)


def test_superusers_see_everything(net, stories, superuser):
    assert set(visible_stories(superuser)) == set(stories.values())


def test_a_missing_story_is_a_404(net):
    with pytest.raises(Http404):
        access_story(net.tehran_editor, 987654)


def test_deactivated_members_see_nothing(net, stories):
    net.tehran_editor.is_active = False
    net.tehran_editor.save()
    user = type(net.tehran_editor).objects.get(pk=net.tehran_editor.pk)
    assert not visible_stories(user).exists()


def test_a_deactivated_unit_no_longer_grants_access(net, stories):
    net.tehran.is_active = False
    net.tehran.save()
    user = type(net.tehran_editor).objects.get(pk=net.tehran_editor.pk)
    assert set(visible_stories(user)) == set()


def test_scope_is_the_subtree_of_every_membership(net):
    assert scope_unit_ids(access_for(net.tehran_viewer)) == _ids(net.tehran, net.shemiranat)
    assert scope_unit_ids(access_for(net.shemiranat_head)) == _ids(net.shemiranat)
    assert scope_unit_ids(access_for(net.hq_editor)) == _ids(net.hq_pr)
    assert scope_unit_ids(access_for(net.outsider)) == set()


def test_roles_count_in_the_unit_and_above(net):
    assert roles_over(access_for(net.tehran_editor), net.shemiranat.pk) == {Role.EDITOR}
    assert roles_over(access_for(net.tehran_editor), net.isfahan.pk) == set()
    assert roles_over(access_for(net.shemiranat_head), net.tehran.pk) == set()
    assert roles_over(access_for(net.hq_admin), net.kashan.pk) == {Role.ADMIN}


# --- Editing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "editable"),
    [
        # The author edits while it is theirs to change: a draft, or returned to them.
        ("shemiranat_reporter", AUTHOR_EDITABLE),
        # Editors of the unit and above edit until publication, then only as a correction.
        ("shemiranat_head", EDITOR_EDITABLE | CORRECTABLE),
        ("tehran_editor", EDITOR_EDITABLE | CORRECTABLE),
        ("tehran_head", EDITOR_EDITABLE | CORRECTABLE),
        ("tehran_reporter", frozenset()),  # not the author, not an editor
        ("tehran_viewer", frozenset()),
        ("hq_admin", frozenset()),
        ("hq_editor", frozenset()),
        ("isfahan_editor", frozenset()),
        ("outsider", frozenset()),
    ],
)
def test_who_edits_in_which_status(net, stories, persona, editable):
    user = getattr(net, persona)
    for status, story in stories.items():
        assert can_edit(access_for(user), user, story) is (status in editable), status
        visible = can_view(access_for(user), story)
        if status in editable:
            assert access_story(user, story.pk, for_write=True) == story
        elif visible:
            with pytest.raises(PermissionDenied):
                access_story(user, story.pk, for_write=True)
        else:
            with pytest.raises((Http404, PermissionDenied)):
                access_story(user, story.pk, for_write=True)


def test_nobody_edits_spiked_or_archived_stories(net, stories, superuser):
    for status in (S.SPIKED, S.ARCHIVED, S.UNPUBLISHED):
        assert not can_edit(access_for(superuser), superuser, stories[status])


def test_a_co_author_reporter_edits_the_draft(net):
    colleague = UserFactory.create(username="shemiranat.colleague")
    Membership.objects.create(user=colleague, unit=net.shemiranat, role=Role.REPORTER)
    story = StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        authors=[net.shemiranat_reporter, colleague],
    )
    assert can_edit(access_for(colleague), colleague, story)


def test_an_author_who_became_a_viewer_no_longer_edits(net):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_viewer)
    assert not can_edit(access_for(net.tehran_viewer), net.tehran_viewer, story)


# --- Deleting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("shemiranat_reporter", True),
        ("tehran_editor", True),
        ("shemiranat_head", True),
        ("tehran_reporter", False),
        ("tehran_viewer", False),
        ("isfahan_editor", False),
        ("hq_editor", False),
        ("outsider", False),
    ],
)
def test_who_deletes_never_published_drafts(net, stories, persona, may):
    user = getattr(net, persona)
    for status, story in stories.items():
        expected = may and status in DELETABLE
        assert can_delete(access_for(user), user, story) is expected, status


def test_a_story_that_had_a_code_is_never_deletable(net, superuser):
    # Returned after a publication cannot happen through the table; the code alone decides.
    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=S.RETURNED, code=424242
    )
    assert not can_delete(access_for(superuser), superuser, story)
    assert not can_delete(access_for(net.tehran_editor), net.tehran_editor, story)


# --- Writing for units and republishing ----------------------------------------------------


def test_writable_units(net, superuser):
    assert writable_unit_ids(access_for(net.tehran_reporter)) == _ids(net.tehran)
    assert writable_unit_ids(access_for(net.tehran_editor)) == _ids(net.tehran, net.shemiranat)
    assert writable_unit_ids(access_for(net.shemiranat_head)) == _ids(net.shemiranat)
    assert writable_unit_ids(access_for(net.hq_editor)) == _ids(net.hq_pr)
    assert writable_unit_ids(access_for(net.tehran_viewer)) == set()
    assert writable_unit_ids(access_for(net.hq_admin)) == set()
    assert writable_unit_ids(access_for(net.outsider)) == set()
    assert len(writable_unit_ids(access_for(superuser))) == 8


@pytest.mark.parametrize(
    ("persona", "may"),
    [
        ("isfahan_editor", True),
        ("khorasan_video", True),  # a reporter adopts it for Neyshabur
        ("hq_editor", True),
        ("tehran_viewer", False),  # writes for no unit
        ("hq_admin", False),
        ("outsider", False),
    ],
)
def test_who_republishes_published_stories(net, stories, persona, may):
    access = access_for(getattr(net, persona))
    for status, story in stories.items():
        assert can_republish(access, story) is (may and status in PUBLIC_STATUSES), status
