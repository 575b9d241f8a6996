"""The permission matrix of the newsroom and notifications desk pages: every URL (every
workflow and front-page move of the parametrised ones) × role (reporter, editor, head,
viewer, hq_editor, outsider, anonymous) × a story of the caller's own unit and of another
unit, with the expected outcome of each; and a meta-test that walks the URL resolver and
fails when a route of the ``newsroom`` or ``notifications`` namespace has no row.

Each cell runs in its own savepoint (rolled back afterwards), so one network serves a whole
row. A refusal, and every GET, must leave the newsroom, the notifications and the media rows
exactly as they were; an allowed POST must change something.

Outcomes are HTTP statuses, with three conventions: a redirect to the sign-in page is
``401``; a list that answers 200 counts ``200`` when the cell's story (or notification) is
in it and ``404`` when it is not (the same answer as fetching it directly); marking a
notification read counts ``302`` when it was marked and ``404`` when it was not touched.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from hamafza.newsroom.forms import jalali_input
from hamafza.newsroom.models import Story, StoryAttachment, StoryPhoto, StoryRevision
from hamafza.newsroom.services import story_snapshot
from hamafza.newsroom.tests.factories import StoryFactory, newsroom_state
from hamafza.newsroom.tests.matrix import (
    AUTHORS,
    PERSONAS,
    ROLES,
    Cell,
    Setup,
    expect,
    same,
    with_unit_reporters,
)
from hamafza.newsroom.workflow import FEATURE_TRANSITIONS, TRANSITIONS
from hamafza.notifications.delivery import unsubscribe_token
from hamafza.notifications.models import Notification, NotificationPreference

S = Story.Status
F = Story.Feature
NOTE = "برای هماهنگی با ستاد."
LOGIN = reverse(settings.LOGIN_URL)


# A draft of another unit does not exist for the caller (404); a published one does, so a
# change they may not make there is 403. Pages answer 200, changes redirect (302).
# fmt: off
WRITERS_DRAFT_GET = expect(reporter=(200, 404), editor=(200, 404), head=(200, 404),
                           viewer=(403, 404), hq_editor=(200, 404))
WRITERS_DRAFT = expect(reporter=(302, 404), editor=(302, 404), head=(302, 404),
                       viewer=(403, 404), hq_editor=(302, 404))
EDITORS_DRAFT = expect(reporter=(403, 404), editor=(302, 404), head=(302, 404),
                       viewer=(403, 404), hq_editor=(302, 404))
EDITORS_PUBLISHED = expect(reporter=(403, 403), editor=(302, 403), head=(302, 403),
                           viewer=(403, 403), hq_editor=(302, 403))
HQ_ONLY = same(403, 403, hq_editor=(302, 302))
WRITERS = expect(reporter=(200, 200), editor=(200, 200), head=(200, 200), viewer=(403, 403),
                 hq_editor=(200, 200))
# fmt: on


@dataclass(frozen=True)
class Op:
    method: str
    name: str  # the URL name, "newsroom:story"
    expected: dict[str, Cell]
    variant: str = ""
    status: str | None = S.DRAFT  # the story's status; None: no story
    story: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Story], None] | None = None
    kwargs: Callable[[Setup], dict[str, Any]] = lambda setup: {}
    body: Callable[[Setup], dict[str, Any]] = lambda setup: {}
    query: Callable[[Setup], dict[str, Any]] = lambda setup: {}
    listed: Callable[[Any], set[int]] | None = None  # a list: the pks it shows

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}" + (f" [{self.variant}]" if self.variant else "")


def _story(setup: Setup) -> dict[str, Any]:
    assert setup.story is not None
    return {"story_id": setup.story.pk}


def _move(name: str) -> Callable[[Setup], dict[str, Any]]:
    return lambda setup: {**_story(setup), "transition": name}


def _moved(name: str, **fields: Any) -> Callable[[Setup], dict[str, Any]]:
    """The transition form of ``name`` (its fields carry the transition's prefix)."""

    def body(setup: Setup) -> dict[str, Any]:
        assert setup.story is not None
        data = {f"{name}-version": setup.story.version}
        data.update({f"{name}-{key}": value for key, value in fields.items()})
        return data

    return body


def _version(setup: Setup) -> dict[str, Any]:
    assert setup.story is not None
    return {"version": setup.story.version}


def _tomorrow() -> dict[str, str]:
    return {"when_date": jalali_input(timezone.now() + timedelta(days=1)), "when_time": "10:00"}


def _second_version(story: Story) -> None:
    """Give the story a second version, so revision 1 differs from what it is now."""
    story.headline = "تیتر نسخه دوم"
    story.version = 2
    story.save(update_fields=["headline", "version"])
    StoryRevision.objects.create(
        story=story, version=2, author=story.created_by, data=story_snapshot(story)
    )


def _revision(setup: Setup) -> dict[str, Any]:
    assert setup.story is not None
    first = StoryRevision.objects.get(story=setup.story, version=1)
    return {**_story(setup), "revision_id": first.pk}


def _with_photo(story: Story) -> None:
    StoryPhoto.objects.create(
        story=story, image=f"stories/{story.pk}/a.jpg", alt_text="عکس", width=1, height=1
    )


def _with_attachment(story: Story) -> None:
    StoryAttachment.objects.create(story=story, file=f"stories/{story.pk}/a.pdf", title="پیوست")


def _photo(setup: Setup) -> dict[str, Any]:
    return {**_story(setup), "photo_id": StoryPhoto.objects.get(story=setup.story).pk}


def _attachment(setup: Setup) -> dict[str, Any]:
    return {**_story(setup), "attachment_id": StoryAttachment.objects.get(story=setup.story).pk}


def _jpeg(setup: Setup) -> dict[str, Any]:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buffer, "JPEG")
    upload = SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg")
    return {"photo-image": upload, "photo-alt_text": "کودکان در کلاس"}


def _pdf(setup: Setup) -> dict[str, Any]:
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%x\n", content_type="application/pdf")
    return {"attachment-file": upload, "attachment-title": "گزارش"}


def _content(setup: Setup) -> dict[str, Any]:
    return {"headline": "تیتر تازه", "kind": "news", "language": "fa", "body": "<p>متن</p>"}


def _paged(response: Any) -> set[int]:
    return {item.pk for item in response.context["pagination"].items}


def _found(response: Any) -> set[int]:
    found = response.context["found"]
    return {item.story.pk for item in found.items} if found else set()


def _queue(response: Any) -> set[int]:
    return {s.pk for s in [*response.context["submitted"], *response.context["awaiting"]]}


def _oversight(response: Any) -> set[int]:
    return {s.pk for s in [*response.context["retro"], *response.context["requested"]]}


def _notifications(response: Any) -> set[int]:
    return {n.pk for n in response.context["pagination"].items}


def _headline(setup: Setup) -> dict[str, Any]:
    assert setup.story is not None
    return {"q": setup.story.headline}


def _mark(setup: Setup) -> dict[str, Any]:
    return {"id": setup.notification.pk} if setup.notification else {}


def _unsubscribe(setup: Setup) -> dict[str, Any]:
    """The e-mail's unsubscribe link of the cell's notification's recipient."""
    assert setup.notification is not None
    return {"token": unsubscribe_token(setup.notification.recipient)}


EVERYONE_200 = same(200, 200, outsider=(200, 200), anonymous=(200, 200))


# fmt: off
MATRIX: list[Op] = [
    # --- Lists
    Op("get", "newsroom:my_stories", same(200, 200), status=None),
    Op("get", "newsroom:review_queue",
       expect(reporter=(404, 404), editor=(200, 404), head=(200, 404), viewer=(404, 404),
              hq_editor=(200, 404)),
       status=S.SUBMITTED, listed=_queue),
    Op("get", "newsroom:network_feed", same(200, 200), status=S.PUBLISHED, listed=_paged),
    Op("get", "newsroom:oversight",
       expect(reporter=(403, 403), editor=(200, 404), head=(200, 404), viewer=(403, 403),
              hq_editor=(200, 404)),
       "retrospective approval", S.PUBLISHED, story={"needs_retro_approval": True},
       listed=_oversight),
    Op("get", "newsroom:oversight",
       expect(reporter=(403, 403), editor=(404, 404), head=(404, 404), viewer=(403, 403),
              hq_editor=(200, 200)),
       "front page", S.PUBLISHED, story={"feature": F.REQUESTED}, listed=_oversight),
    Op("get", "newsroom:story_search", same(200, 404), "a draft", query=_headline,
       listed=_found),
    Op("get", "newsroom:story_search", same(200, 200), "published", S.PUBLISHED,
       query=_headline, listed=_found),
    # --- Create, read, edit, delete
    Op("get", "newsroom:story_create", WRITERS, status=None),
    Op("post", "newsroom:story_create",
       expect(reporter=(302, 403), editor=(302, 403), head=(302, 403), viewer=(403, 403),
              hq_editor=(302, 403)),
       status=None, body=lambda setup: {**_content(setup), "unit": setup.unit.slug}),
    Op("get", "newsroom:story", same(200, 404), "a draft", kwargs=_story),
    Op("get", "newsroom:story", same(200, 200), "published", S.PUBLISHED, kwargs=_story),
    Op("get", "newsroom:story_preview", same(200, 404), "a draft", kwargs=_story),
    Op("get", "newsroom:story_preview", same(200, 200), "published", S.PUBLISHED,
       kwargs=_story),
    Op("get", "newsroom:story_edit", WRITERS_DRAFT_GET, "a draft", kwargs=_story),
    Op("post", "newsroom:story_edit", WRITERS_DRAFT, "a draft", kwargs=_story,
       body=lambda setup: {**_content(setup), **_version(setup)}),
    Op("post", "newsroom:story_edit", EDITORS_PUBLISHED, "a correction", S.PUBLISHED,
       kwargs=_story,
       body=lambda setup: {**_content(setup), **_version(setup), "change_note": NOTE}),
    Op("get", "newsroom:story_delete", WRITERS_DRAFT_GET, "a draft", kwargs=_story),
    Op("post", "newsroom:story_delete", WRITERS_DRAFT, "a draft", kwargs=_story),
    Op("post", "newsroom:story_delete", same(403, 403), "published", S.PUBLISHED,
       kwargs=_story),
    # --- The workflow, one row per move of workflow.TRANSITIONS
    Op("post", "newsroom:story_transition", WRITERS_DRAFT, "submit", kwargs=_move("submit"),
       body=_moved("submit")),
    Op("post", "newsroom:story_transition", EDITORS_DRAFT, "return", S.SUBMITTED,
       kwargs=_move("return"), body=_moved("return", note=NOTE)),
    Op("post", "newsroom:story_transition", EDITORS_DRAFT, "approve", S.SUBMITTED,
       kwargs=_move("approve"), body=_moved("approve")),
    Op("post", "newsroom:story_transition", EDITORS_DRAFT, "schedule", S.APPROVED,
       kwargs=_move("schedule"), body=lambda setup: _moved("schedule", **_tomorrow())(setup)),
    Op("post", "newsroom:story_transition", EDITORS_DRAFT, "unschedule", S.SCHEDULED,
       kwargs=_move("unschedule"), body=_moved("unschedule")),
    Op("post", "newsroom:story_transition", EDITORS_DRAFT, "publish", S.APPROVED,
       kwargs=_move("publish"), body=_moved("publish")),
    Op("post", "newsroom:story_transition",
       expect(reporter=(403, 404), editor=(403, 404), head=(302, 404), viewer=(403, 404),
              hq_editor=(403, 404)),
       "force_publish", kwargs=_move("force_publish"), body=_moved("force_publish", note=NOTE)),
    Op("post", "newsroom:story_transition", EDITORS_PUBLISHED, "unpublish", S.PUBLISHED,
       kwargs=_move("unpublish"), body=_moved("unpublish", note=NOTE)),
    Op("post", "newsroom:story_transition", EDITORS_PUBLISHED, "archive", S.PUBLISHED,
       kwargs=_move("archive"), body=_moved("archive")),
    Op("post", "newsroom:story_transition", WRITERS_DRAFT, "spike", kwargs=_move("spike"),
       body=_moved("spike")),
    Op("post", "newsroom:story_transition", WRITERS_DRAFT, "restore", S.SPIKED,
       kwargs=_move("restore"), body=_moved("restore")),
    Op("post", "newsroom:story_retro_approve", EDITORS_PUBLISHED, status=S.PUBLISHED,
       story={"needs_retro_approval": True}, kwargs=_story, body=_version),
    # --- The national front page, one row per move of workflow.FEATURE_TRANSITIONS
    Op("post", "newsroom:story_feature", EDITORS_PUBLISHED, "request_feature", S.PUBLISHED,
       kwargs=_move("request_feature"), body=_version),
    Op("post", "newsroom:story_feature", HQ_ONLY, "feature", S.PUBLISHED,
       story={"feature": F.REQUESTED}, kwargs=_move("feature"), body=_version),
    Op("post", "newsroom:story_feature", HQ_ONLY, "decline_feature", S.PUBLISHED,
       story={"feature": F.REQUESTED}, kwargs=_move("decline_feature"),
       body=lambda setup: {**_version(setup), "note": NOTE}),
    Op("post", "newsroom:story_feature", HQ_ONLY, "unfeature", S.PUBLISHED,
       story={"feature": F.FEATURED}, kwargs=_move("unfeature"), body=_version),
    # --- Republishing: only a published story, only into another unit than its own
    Op("post", "newsroom:story_republish",
       expect(reporter=(400, 302), editor=(400, 302), head=(400, 302), viewer=(403, 403),
              hq_editor=(400, 302)),
       "published", S.PUBLISHED, kwargs=_story),
    Op("post", "newsroom:story_republish", same(403, 404), "a draft", kwargs=_story),
    # --- The desk's side: the owning unit's line only
    Op("post", "newsroom:story_note_add", same(302, 404), "a draft", kwargs=_story,
       body=lambda setup: {"body": "منبع آمار؟"}),
    Op("post", "newsroom:story_note_add", same(302, 403), "published", S.PUBLISHED,
       kwargs=_story, body=lambda setup: {"body": "منبع آمار؟"}),
    Op("get", "newsroom:story_revisions", same(200, 404), "a draft", kwargs=_story),
    Op("get", "newsroom:story_revisions", same(200, 403), "published", S.PUBLISHED,
       kwargs=_story),
    Op("post", "newsroom:story_revision_restore", WRITERS_DRAFT, "a draft",
       prepare=_second_version, kwargs=_revision, body=_version),
    Op("post", "newsroom:story_revision_restore", EDITORS_PUBLISHED, "a correction",
       S.PUBLISHED, prepare=_second_version, kwargs=_revision,
       body=lambda setup: {**_version(setup), "change_note": NOTE}),
    # --- Photos and attachments: whoever may edit the story
    Op("post", "newsroom:story_photo_add", WRITERS_DRAFT, kwargs=_story, body=_jpeg),
    Op("post", "newsroom:story_photo_delete", WRITERS_DRAFT, prepare=_with_photo,
       kwargs=_photo),
    Op("post", "newsroom:story_attachment_add", WRITERS_DRAFT, kwargs=_story, body=_pdf),
    Op("post", "newsroom:story_attachment_delete", WRITERS_DRAFT, prepare=_with_attachment,
       kwargs=_attachment),
    # --- Notifications: "own" is the caller's notification, "other" someone else's
    Op("get", "notifications:list", same(200, 404), status=None, listed=_notifications),
    Op("post", "notifications:mark_read", same(302, 404), "one", status=None, body=_mark),
    Op("post", "notifications:mark_read", same(302, 404), "all", status=None),
    # The bell's poll: a signed-out or non-member page is told to stop polling (286).
    Op("get", "notifications:unread_badge",
       same(200, 200, outsider=(286, 286), anonymous=(286, 286)), status=None),
    # E-mail settings are always the caller's own ("other" is the same page).
    Op("get", "notifications:preferences", same(200, 200), status=None),
    Op("post", "notifications:preferences", same(302, 302), status=None,
       body=lambda setup: {"email_mode": "off"}),
    # The e-mail's unsubscribe link works signed out, for the person its token names: GET asks,
    # POST switches their e-mail off.
    Op("get", "notifications:unsubscribe", EVERYONE_200, status=None, kwargs=_unsubscribe),
    Op("post", "notifications:unsubscribe", EVERYONE_200, status=None, kwargs=_unsubscribe),
]
# fmt: on


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def matrix_net(net: Any) -> Any:
    """The network, with a reporter in each unit whose stories the matrix uses."""
    return with_unit_reporters(net)


def _setup(net: Any, op: Op, role: str, own: bool) -> Setup:
    persona, own_unit, other_unit = PERSONAS[role]
    unit_name = own_unit if own else other_unit
    unit = getattr(net, unit_name)
    user = getattr(net, persona) if persona else None
    story = None
    if op.status is not None:
        story = StoryFactory.create(
            unit=unit, created_by=getattr(net, AUTHORS[unit_name]), status=op.status, **op.story
        )
        if op.prepare:
            op.prepare(story)
    notification = None
    if op.name.startswith("notifications:"):
        # Everyone's notification exists; "own" cells look for the caller's.
        recipient = user if (own and user is not None) else net.isfahan_head
        notification = Notification.objects.create(recipient=recipient, kind="test", text="اعلان")
    return Setup(story=story, unit=unit, user=user, notification=notification)


def _state() -> dict[str, Any]:
    return {
        **newsroom_state(),
        "notifications_read": list(
            Notification.objects.order_by("pk").values_list("pk", "read_at")
        ),
        "notification_preferences": list(
            NotificationPreference.objects.order_by("pk").values_list("user_id", "email_mode")
        ),
        "photos": list(StoryPhoto.objects.order_by("pk").values_list("pk", "story_id")),
        "attachments": list(StoryAttachment.objects.order_by("pk").values_list("pk", "story_id")),
    }


def _outcome(op: Op, response: Any, setup: Setup) -> int:
    status: int = response.status_code
    if status == 302 and response["Location"].startswith(LOGIN):
        return 401
    if op.listed is not None and status == 200:
        target = setup.notification or setup.story
        assert target is not None
        return 200 if target.pk in op.listed(response) else 404
    if op.name == "notifications:mark_read" and status == 302:
        assert setup.notification is not None
        setup.notification.refresh_from_db()
        return 302 if setup.notification.read_at is not None else 404
    return status


class _RollBack(Exception):
    pass


def _run(net: Any, op: Op, role: str, own: bool) -> int:
    """One cell, rolled back afterwards: its outcome, asserting what it changed."""
    outcome = -1
    try:
        with transaction.atomic():
            setup = _setup(net, op, role, own)
            client = Client()
            if setup.user is not None:
                client.force_login(setup.user)
            url = reverse(op.name, kwargs=op.kwargs(setup))
            before = _state()
            if op.method == "get":
                response = client.get(url, op.query(setup))
            else:
                response = client.post(url, op.body(setup))
            outcome = _outcome(op, response, setup)
            changed = _state() != before
            if outcome >= 400 or op.method == "get":
                assert not changed, f"{op.id} as {role} ({own=}) changed something"
            else:
                assert changed, f"{op.id} as {role} ({own=}) changed nothing"
            raise _RollBack
    except _RollBack:
        pass
    return outcome


@pytest.mark.parametrize("op", MATRIX, ids=lambda op: op.id)
def test_permission_matrix(matrix_net, op):
    found = {
        role: (_run(matrix_net, op, role, True), _run(matrix_net, op, role, False))
        for role in ROLES
    }
    wrong = {role: found[role] for role in ROLES if found[role] != op.expected[role]}
    assert not wrong, f"(own, other) expected { ({r: op.expected[r] for r in wrong}) }, got {wrong}"


# --- The meta-test -------------------------------------------------------------------------


def _routes(namespace: str) -> set[str]:
    """The names of every route under ``namespace``, read from the URL resolver."""
    found: set[str] = set()

    def walk(patterns: list[Any], current: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or current)
            elif isinstance(pattern, URLPattern) and current == namespace and pattern.name:
                found.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return found


def test_every_route_is_in_the_matrix():
    """Fails when a newsroom or notifications URL has no row (or a row names a route that no
    longer exists), and when a workflow or front-page move has no row of its own."""
    routes = _routes("newsroom") | _routes("notifications")
    assert len(routes) > 20
    covered = {op.name for op in MATRIX}
    assert routes - covered == set(), "routes missing from the matrix"
    assert covered - routes == set(), "matrix rows for routes that do not exist"
    moves = {op.variant for op in MATRIX if op.name == "newsroom:story_transition"}
    assert moves == set(TRANSITIONS)
    features = {op.variant for op in MATRIX if op.name == "newsroom:story_feature"}
    assert features == set(FEATURE_TRANSITIONS)


def test_every_matrix_row_covers_every_role():
    for op in MATRIX:
        assert set(op.expected) == set(ROLES), op.id
    assert len({op.id for op in MATRIX}) == len(MATRIX)
