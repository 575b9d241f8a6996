"""The transition table in ``workflow.py``, through ``services.story_transition``.

Every transition from every status; every transition for every persona (own unit, the unit
above, another unit); notes, times, the two-person rule, force-publish with retrospective
approval, the national front page; one audit row per move and who gets notified. Every refusal
asserts the refusal and that nothing changed.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hamafza.common.actors import SYSTEM
from hamafza.common.models import AuditEntry
from hamafza.newsroom.models import Story
from hamafza.newsroom.permissions import can_feature, can_transition
from hamafza.newsroom.services import (
    StaleVersion,
    story_feature_transition,
    story_retro_approve,
    story_transition,
    story_url,
)
from hamafza.newsroom.tests.factories import StoryFactory, unchanged
from hamafza.newsroom.workflow import FEATURE_TRANSITIONS, TRANSITIONS, Transition
from hamafza.notifications.models import Notification
from hamafza.org.models import Membership, Role
from hamafza.org.permissions import access_for
from hamafza.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Story.Status
F = Story.Feature
NOTE = "تیتر با متن هم‌خوان نیست؛ آمار را از منبع رسمی بیاورید."


def _extra(transition: Transition) -> dict[str, Any]:
    """What a transition needs besides the actor: a note, a future time."""
    extra: dict[str, Any] = {}
    if transition.needs_note:
        extra["note"] = NOTE
    if transition.needs_time:
        extra["when"] = timezone.now() + timedelta(hours=3)
    return extra


def _audit(story: Story) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(object_type="newsroom.story", object_id=str(story.pk)).order_by(
            "id"
        )
    )


def _recipients(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _shemiranat_story(net: Any, status: str = S.DRAFT, **kwargs: Any) -> Story:
    return StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=status, **kwargs
    )


# --- Every transition from every status ----------------------------------------------------


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_from_every_status(net, name):
    """Allowed from its sources (one audit row, version + 1); refused from any other status
    with a Persian ValidationError and nothing changed. The actor is Shemiranat's head, who
    holds every role the table names and did not write the story."""
    transition = TRANSITIONS[name]
    actor = net.shemiranat_head
    moved_from = set()
    for status in S.values:
        story = _shemiranat_story(net, status)
        if status not in transition.sources:
            with unchanged(), pytest.raises(ValidationError) as caught:
                story_transition(actor=actor, story=story, name=name, **_extra(transition))
            assert "نمی‌توان" in caught.value.messages[0]
            assert not can_transition(access_for(actor), actor, story, transition)
            continue

        assert can_transition(access_for(actor), actor, story, transition)
        moved = story_transition(actor=actor, story=story, name=name, **_extra(transition))
        moved_from.add(status)
        fresh = Story.objects.get(pk=story.pk)
        assert fresh.status == moved.status == transition.target
        assert fresh.version == story.version + 1 == moved.version
        [entry] = _audit(story)
        assert entry.action == f"newsroom.story.{name}"
        assert entry.actor == actor
        assert entry.unit_id == net.shemiranat.pk
        assert entry.changes["status"] == [status, transition.target]
        if transition.needs_note:
            assert entry.summary == NOTE
    assert moved_from == transition.sources


def test_transition_table_covers_every_status():
    """Every status can be left (or is the archive), and every status can be reached."""
    sources = set().union(*(t.sources for t in TRANSITIONS.values()))
    targets = {t.target for t in TRANSITIONS.values()}
    assert set(S.values) - sources == {S.ARCHIVED}
    # "corrected" is reached by saving a published story with a change note (story_update).
    assert set(S.values) - targets == {S.CORRECTED}


def test_unknown_transition_is_refused(net):
    story = _shemiranat_story(net)
    with unchanged(), pytest.raises(ValidationError):
        story_transition(actor=net.shemiranat_head, story=story, name="delete_everything")


def test_stale_version_is_refused(net):
    story = _shemiranat_story(net, S.SUBMITTED)
    with unchanged(), pytest.raises(StaleVersion) as caught:
        story_transition(
            actor=net.tehran_editor, story=story, name="approve", version=story.version - 1
        )
    assert caught.value.current.version == story.version
    moved = story_transition(
        actor=net.tehran_editor, story=story, name="approve", version=story.version
    )
    assert moved.status == S.APPROVED


# --- Every transition for every persona ----------------------------------------------------

ALL = frozenset(TRANSITIONS)
EDITOR_MOVES = ALL - {"force_publish"}

# What each persona may do with a story of Shemiranat (a county under Tehran) written by
# shemiranat_reporter. Roles count in the story's unit and every unit above it; the authors
# may also spike and restore their own work.
EXPECTED: dict[str, frozenset[str]] = {
    "author": frozenset({"submit", "spike", "restore"}),
    # A reporter submits their own drafts only; editors submit anyone's.
    "own_reporter": frozenset(),
    "own_editor": EDITOR_MOVES,
    "own_head": ALL,
    "own_viewer": frozenset(),
    "above_reporter": frozenset(),
    "above_editor": EDITOR_MOVES,
    "above_head": ALL,
    "above_viewer": frozenset(),
    # The admin role runs the installation; it is not an editorial role.
    "above_admin": frozenset(),
    "other_reporter": frozenset(),
    "other_editor": frozenset(),
    "other_head": frozenset(),
    "other_viewer": frozenset(),
    # HQ's editor works in the PR office, beside Tehran, not above it.
    "hq_editor": frozenset(),
    "outsider": frozenset(),
}


def _persona(net: Any, name: str) -> Any:
    def member(username: str, role: str, unit: Any = net.shemiranat) -> Any:
        user = UserFactory.create(username=username)
        Membership.objects.create(user=user, unit=unit, role=role)
        return user

    return {
        "author": lambda: net.shemiranat_reporter,
        "own_reporter": lambda: member("shemiranat.reporter2", Role.REPORTER),
        "own_editor": lambda: member("shemiranat.editor", Role.EDITOR),
        "own_head": lambda: net.shemiranat_head,
        "own_viewer": lambda: member("shemiranat.viewer", Role.VIEWER),
        "above_reporter": lambda: net.tehran_reporter,
        "above_editor": lambda: net.tehran_editor,
        "above_head": lambda: net.tehran_head,
        "above_viewer": lambda: net.tehran_viewer,
        "above_admin": lambda: net.hq_admin,
        "other_reporter": lambda: net.khorasan_video,
        "other_editor": lambda: net.isfahan_editor,
        "other_head": lambda: net.isfahan_head,
        "other_viewer": lambda: member("isfahan.viewer", Role.VIEWER, net.isfahan),
        "hq_editor": lambda: net.hq_editor,
        "outsider": lambda: net.outsider,
    }[name]()


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_transition_permission_matrix(net, persona):
    """Every transition from each of its sources: the persona moves the story, or is refused
    with PermissionDenied and nothing changes; ``can_transition`` (what the UI offers)
    agrees with the service."""
    actor = _persona(net, persona)
    # A refusal changes nothing, so refusals share one story per status.
    waiting = {status: _shemiranat_story(net, status) for status in S.values}
    for name, transition in TRANSITIONS.items():
        allowed = name in EXPECTED[persona]
        for source in sorted(transition.sources):
            story = _shemiranat_story(net, source) if allowed else waiting[source]
            offered = can_transition(access_for(actor), actor, story, transition)
            assert offered is allowed, (name, source)
            if allowed:
                moved = story_transition(actor=actor, story=story, name=name, **_extra(transition))
                assert moved.status == transition.target
                assert _audit(story)[-1].action == f"newsroom.story.{name}"
            else:
                with unchanged(), pytest.raises(PermissionDenied):
                    story_transition(actor=actor, story=story, name=name, **_extra(transition))


def test_a_co_author_may_spike_and_restore(net):
    story = _shemiranat_story(net, authors=[net.shemiranat_reporter, net.khorasan_video])
    # A co-author from Neyshabur holds no role over Shemiranat: being an author is not enough.
    with unchanged(), pytest.raises(PermissionDenied):
        story_transition(actor=net.khorasan_video, story=story, name="spike")
    colleague = UserFactory.create(username="shemiranat.colleague")
    Membership.objects.create(user=colleague, unit=net.shemiranat, role=Role.REPORTER)
    story.authors.add(colleague)
    spiked = story_transition(actor=colleague, story=story, name="spike")
    assert spiked.status == S.SPIKED
    restored = story_transition(actor=colleague, story=spiked, name="restore")
    assert restored.status == S.DRAFT


def test_system_publishes_scheduled_stories(net):
    story = _shemiranat_story(net, S.SCHEDULED)
    moved = story_transition(actor=SYSTEM, story=story, name="publish")
    assert moved.status == S.PUBLISHED
    entry = _audit(story)[-1]
    assert (entry.actor, entry.actor_username) == (None, "")


# --- Notes and times -----------------------------------------------------------------------

NEEDS_NOTE = [name for name, t in TRANSITIONS.items() if t.needs_note]


def test_the_table_asks_notes_for_return_force_publish_and_unpublish():
    assert set(NEEDS_NOTE) == {"return", "force_publish", "unpublish"}


@pytest.mark.parametrize("note", ["", "   \n\t "])
@pytest.mark.parametrize("name", NEEDS_NOTE)
def test_note_is_required(net, name, note):
    transition = TRANSITIONS[name]
    story = _shemiranat_story(net, sorted(transition.sources)[0])
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_transition(actor=net.shemiranat_head, story=story, name=name, note=note)
    assert caught.value.message_dict["note"] == ["برای این کار توضیح بنویسید."]


def test_note_is_kept_in_the_audit_row_with_whitespace_collapsed(net):
    story = _shemiranat_story(net, S.SUBMITTED)
    story_transition(
        actor=net.tehran_editor, story=story, name="return", note="  منبع   آمار؟\n لطفاً "
    )
    assert _audit(story)[-1].summary == "منبع آمار؟ لطفاً"


@pytest.mark.parametrize(
    "when", [None, timedelta(0), timedelta(minutes=-1), timedelta(days=-30)], ids=str
)
def test_schedule_needs_a_future_time(net, when):
    story = _shemiranat_story(net, S.APPROVED)
    at = None if when is None else timezone.now() + when
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_transition(actor=net.tehran_editor, story=story, name="schedule", when=at)
    assert caught.value.message_dict["when"] == ["زمان انتشار باید در آینده باشد."]


def test_schedule_unschedule_and_return_keep_scheduled_for_right(net):
    story = _shemiranat_story(net, S.APPROVED)
    at = timezone.now() + timedelta(days=2)
    scheduled = story_transition(actor=net.tehran_editor, story=story, name="schedule", when=at)
    assert Story.objects.get(pk=story.pk).scheduled_for == at
    assert _audit(story)[-1].changes["scheduled_for"] == [None, at.isoformat()]
    back = story_transition(actor=net.tehran_editor, story=scheduled, name="unschedule")
    assert (back.status, Story.objects.get(pk=story.pk).scheduled_for) == (S.APPROVED, None)
    again = story_transition(actor=net.tehran_editor, story=back, name="schedule", when=at)
    returned = story_transition(actor=net.tehran_editor, story=again, name="return", note=NOTE)
    assert (returned.status, Story.objects.get(pk=story.pk).scheduled_for) == (S.RETURNED, None)


# --- Publication and the news code ---------------------------------------------------------


def test_publication_assigns_a_code_once(net, settings):
    settings.NEWS_CODE_START = 700_000
    story = _shemiranat_story(net, S.APPROVED)
    published = story_transition(actor=net.tehran_editor, story=story, name="publish")
    first = Story.objects.get(pk=story.pk)
    assert first.code == 700_000
    assert first.published_at == first.first_published_at is not None
    assert _audit(story)[-1].changes["code"] == [None, 700_000]

    pulled = story_transition(actor=net.tehran_editor, story=published, name="unpublish", note=NOTE)
    again = story_transition(actor=net.tehran_editor, story=pulled, name="publish")
    second = Story.objects.get(pk=story.pk)
    assert again.code == second.code == 700_000  # never a new code, never reused
    assert second.first_published_at == first.first_published_at
    assert first.published_at is not None
    assert second.published_at is not None
    assert second.published_at > first.published_at
    assert "code" not in _audit(story)[-1].changes

    other = story_transition(
        actor=net.tehran_editor, story=_shemiranat_story(net, S.APPROVED), name="publish"
    )
    assert other.code == 700_001


# --- The two-person rule -------------------------------------------------------------------


@pytest.fixture
def editors_own_story(net):
    """A Tehran story written by Tehran's editor (with a co-author) and submitted."""
    return StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_editor,
        authors=[net.tehran_editor, net.tehran_head],
        status=S.SUBMITTED,
    )


@pytest.mark.parametrize("author", ["tehran_editor", "tehran_head"])
def test_authors_may_not_approve_their_own_story(net, editors_own_story, author):
    actor = getattr(net, author)
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_transition(actor=actor, story=editors_own_story, name="approve")
    assert "تأییدکننده نباید نویسنده خبر باشد" in caught.value.messages[0]


def test_another_editor_approves(net, editors_own_story):
    other = UserFactory.create(username="tehran.editor2")
    Membership.objects.create(user=other, unit=net.tehran, role=Role.EDITOR)
    approved = story_transition(actor=other, story=editors_own_story, name="approve")
    assert approved.status == S.APPROVED


def test_self_approval_when_the_office_allows_it(net, editors_own_story, settings):
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = True
    approved = story_transition(actor=net.tehran_editor, story=editors_own_story, name="approve")
    assert approved.status == S.APPROVED


# --- Force-publish and retrospective approval ----------------------------------------------


@pytest.fixture
def forced(net):
    story = _shemiranat_story(net, S.DRAFT)
    return story_transition(
        actor=net.shemiranat_head, story=story, name="force_publish", note="خبر فوری است."
    )


def test_force_publish_by_a_head_flags_retro_approval(net, forced, client):
    story = Story.objects.get(pk=forced.pk)
    assert story.status == S.PUBLISHED
    assert story.code is not None
    assert story.needs_retro_approval
    assert list(Story.objects.filter(needs_retro_approval=True)) == [story]
    assert _audit(story)[-1].action == "newsroom.story.force_publish"
    # It waits on the oversight dashboard of the editors above until one approves it.
    client.force_login(net.tehran_editor)
    assert story.headline in client.get(reverse("newsroom:oversight")).text
    story_retro_approve(actor=net.tehran_editor, story=story)
    assert story.headline not in client.get(reverse("newsroom:oversight")).text


@pytest.mark.parametrize("persona", ["tehran_editor", "shemiranat_reporter", "hq_editor"])
def test_only_heads_force_publish(net, persona):
    story = _shemiranat_story(net, S.SUBMITTED)
    with unchanged(), pytest.raises(PermissionDenied):
        story_transition(
            actor=getattr(net, persona), story=story, name="force_publish", note="فوری"
        )


def test_the_forcer_may_not_approve_retrospectively(net, forced):
    with unchanged(), pytest.raises(ValidationError) as caught:
        story_retro_approve(actor=net.shemiranat_head, story=forced)
    assert "کسی جز منتشرکننده" in caught.value.messages[0]


def test_the_forcer_may_when_self_approval_is_allowed(net, forced, settings):
    settings.NEWSROOM_ALLOW_SELF_APPROVAL = True
    approved = story_retro_approve(actor=net.shemiranat_head, story=forced)
    assert not approved.needs_retro_approval


@pytest.mark.parametrize(
    "persona", ["shemiranat_reporter", "tehran_reporter", "tehran_viewer", "isfahan_editor"]
)
def test_retro_approval_needs_an_editor_of_the_unit_or_above(net, forced, persona):
    with unchanged(), pytest.raises(PermissionDenied):
        story_retro_approve(actor=getattr(net, persona), story=forced)


def test_another_editor_approves_retrospectively(net, forced):
    approved = story_retro_approve(actor=net.tehran_editor, story=forced, version=forced.version)
    story = Story.objects.get(pk=forced.pk)
    assert not story.needs_retro_approval
    assert story.version == approved.version == forced.version + 1
    entry = _audit(story)[-1]
    assert (entry.action, entry.actor) == ("newsroom.story.retro_approve", net.tehran_editor)
    assert entry.changes == {"needs_retro_approval": [True, False]}
    assert not Story.objects.filter(needs_retro_approval=True).exists()
    with unchanged(), pytest.raises(ValidationError):
        story_retro_approve(actor=net.tehran_head, story=story)


def test_retro_approval_refuses_a_stale_version(net, forced):
    with unchanged(), pytest.raises(StaleVersion):
        story_retro_approve(actor=net.tehran_editor, story=forced, version=forced.version - 1)


# --- The national front page ---------------------------------------------------------------


def _feature(story: Story, actor: Any, name: str) -> Story:
    return story_feature_transition(actor=actor, story=story, name=name)


@pytest.fixture
def tehran_published(net):
    return StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("tehran_editor", True),
        ("tehran_head", True),
        ("tehran_reporter", False),
        ("tehran_viewer", False),
        ("shemiranat_head", False),  # a unit below does not speak for Tehran
        ("isfahan_editor", False),
        ("hq_editor", False),  # HQ decides; the owning unit asks
        ("outsider", False),
    ],
)
def test_request_feature_by_the_owning_units_editors(net, tehran_published, persona, allowed):
    actor = getattr(net, persona)
    transition = FEATURE_TRANSITIONS["request_feature"]
    assert can_feature(access_for(actor), tehran_published, transition) is allowed
    if not allowed:
        with unchanged(), pytest.raises(PermissionDenied):
            _feature(tehran_published, actor, "request_feature")
        return
    requested = _feature(tehran_published, actor, "request_feature")
    assert Story.objects.get(pk=requested.pk).feature == F.REQUESTED
    entry = _audit(tehran_published)[-1]
    assert entry.action == "newsroom.story.request_feature"
    assert entry.changes == {"feature": ["", F.REQUESTED]}


@pytest.mark.parametrize("name", ["feature", "decline_feature"])
@pytest.mark.parametrize(
    "persona", ["tehran_editor", "tehran_head", "hq_admin", "isfahan_head", "tehran_reporter"]
)
def test_only_hq_editors_decide(net, tehran_published, name, persona):
    requested = _feature(tehran_published, net.tehran_editor, "request_feature")
    with unchanged(), pytest.raises(PermissionDenied):
        _feature(requested, getattr(net, persona), name)


@pytest.mark.parametrize(
    ("name", "target"), [("feature", F.FEATURED), ("decline_feature", F.DECLINED)]
)
def test_hq_editor_features_or_declines(net, tehran_published, name, target):
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        authors=[net.tehran_reporter, net.hq_editor],
        status=S.PUBLISHED,
    )
    requested = _feature(story, net.tehran_editor, "request_feature")
    decided = _feature(requested, net.hq_editor, name)
    assert Story.objects.get(pk=story.pk).feature == target == decided.feature
    entry = _audit(story)[-1]
    assert (entry.action, entry.actor) == (f"newsroom.story.{name}", net.hq_editor)
    assert entry.changes == {"feature": [F.REQUESTED, target]}
    # The authors and the unit's editors hear of it; the HQ editor, a co-author, does not.
    assert _recipients(f"newsroom.story.{name}") == {
        "tehran.reporter",
        "tehran.editor",
        "tehran.head",
    }


def test_feature_cycle(net, tehran_published):
    story = _feature(tehran_published, net.tehran_editor, "request_feature")
    story = _feature(story, net.hq_editor, "decline_feature")
    story = _feature(story, net.tehran_head, "request_feature")  # ask again after a decline
    story = _feature(story, net.hq_editor, "feature")
    story = _feature(story, net.hq_editor, "unfeature")
    assert story.feature == F.NONE
    actions = [e.action.rsplit(".", 1)[1] for e in _audit(tehran_published)]
    assert actions == [
        "request_feature",
        "decline_feature",
        "request_feature",
        "feature",
        "unfeature",
    ]
    assert Story.objects.get(pk=story.pk).version == tehran_published.version + 5


@pytest.mark.parametrize(
    ("feature", "name"),
    [
        (F.NONE, "feature"),
        (F.NONE, "decline_feature"),
        (F.NONE, "unfeature"),
        (F.REQUESTED, "request_feature"),
        (F.FEATURED, "request_feature"),
        (F.FEATURED, "feature"),
        (F.DECLINED, "feature"),
    ],
)
def test_feature_moves_from_the_wrong_state_are_refused(net, feature, name):
    story = StoryFactory.create(
        unit=net.hq_pr, created_by=net.hq_editor, status=S.PUBLISHED, feature=feature
    )
    with unchanged(), pytest.raises(ValidationError):
        _feature(story, net.hq_editor, name)


@pytest.mark.parametrize("status", sorted(set(S.values) - {S.PUBLISHED, S.CORRECTED}))
def test_only_published_stories_go_to_the_front_page(net, status):
    story = StoryFactory.create(unit=net.hq_pr, created_by=net.hq_editor, status=status)
    with unchanged(), pytest.raises(ValidationError):
        _feature(story, net.hq_editor, "request_feature")


def test_unknown_feature_transition(net, tehran_published):
    with unchanged(), pytest.raises(ValidationError):
        _feature(tehran_published, net.hq_editor, "pin_forever")


# --- Who hears of it -----------------------------------------------------------------------


@pytest.fixture
def co_written(net):
    """A Shemiranat story by its reporter with Tehran's reporter as co-author."""
    return StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        authors=[net.shemiranat_reporter, net.tehran_reporter],
    )


def test_submit_notifies_the_editors_of_the_unit_and_above(net, co_written):
    story_transition(actor=net.shemiranat_reporter, story=co_written, name="submit")
    # Editors, heads (Shemiranat, Tehran); not reporters, viewers, the admin, HQ's editor or
    # other provinces.
    assert _recipients("newsroom.story.submit") == {
        "shemiranat.head",
        "tehran.editor",
        "tehran.head",
    }
    notice = Notification.objects.get(recipient=net.tehran_editor)
    assert co_written.headline in notice.text
    assert notice.url == story_url(co_written)
    assert notice.actor == net.shemiranat_reporter
    assert notice.read_at is None


def test_submit_by_an_editor_does_not_notify_them(net, co_written):
    story_transition(actor=net.tehran_editor, story=co_written, name="submit")
    assert _recipients("newsroom.story.submit") == {"shemiranat.head", "tehran.head"}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("return", S.SUBMITTED),
        ("approve", S.SUBMITTED),
        ("publish", S.APPROVED),
        ("unpublish", S.PUBLISHED),
    ],
)
def test_authors_hear_of_returns_approvals_and_publications(net, name, status):
    authors = [net.shemiranat_reporter, net.tehran_reporter]
    if name != "approve":  # an author may not approve (the two-person rule)
        authors.append(net.tehran_head)
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, authors=authors, status=status
    )
    transition = TRANSITIONS[name]
    story_transition(actor=net.tehran_head, story=story, name=name, **_extra(transition))
    # Every author but the one who acted; nobody else.
    assert _recipients(f"newsroom.story.{name}") == {"shemiranat.reporter", "tehran.reporter"}
    assert Notification.objects.count() == 2
    if transition.needs_note:
        assert all(NOTE in n.text for n in Notification.objects.all())


def test_force_publish_notifies_authors_and_editors(net, co_written):
    story_transition(actor=net.shemiranat_head, story=co_written, name="force_publish", note="فوری")
    assert _recipients("newsroom.story.force_publish") == {
        "shemiranat.reporter",
        "tehran.reporter",
        "tehran.editor",
        "tehran.head",
    }


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("schedule", S.APPROVED),
        ("unschedule", S.SCHEDULED),
        ("archive", S.PUBLISHED),
        ("spike", S.SUBMITTED),
        ("restore", S.SPIKED),
    ],
)
def test_quiet_transitions_notify_nobody(net, name, status):
    story = _shemiranat_story(net, status, authors=[net.shemiranat_reporter, net.tehran_reporter])
    story_transition(actor=net.tehran_editor, story=story, name=name, **_extra(TRANSITIONS[name]))
    assert not Notification.objects.exists()


def test_every_transition_is_either_notified_or_quiet():
    notified = {"submit", "return", "approve", "publish", "force_publish", "unpublish"}
    quiet = {"schedule", "unschedule", "archive", "spike", "restore"}
    assert notified | quiet == set(TRANSITIONS)
    assert not notified & quiet


def test_inactive_authors_are_not_notified(net, co_written):
    net.tehran_reporter.is_active = False
    net.tehran_reporter.save()
    submitted = story_transition(actor=net.shemiranat_reporter, story=co_written, name="submit")
    story_transition(actor=net.tehran_editor, story=submitted, name="approve")
    assert _recipients("newsroom.story.approve") == {"shemiranat.reporter"}
