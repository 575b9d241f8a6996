"""The permission matrix of the story and notification APIs: every operation × role
(reporter, editor, head, viewer, hq_editor, outsider, anonymous) × the caller's own unit and
another unit, with the expected outcome of each, and a meta-test that fails when an API
operation is missing from the matrix.

Each cell runs in its own savepoint (rolled back afterwards), so one network serves a whole
row. For every refusal the cell asserts that nothing changed; for every allowed change, that
something did; reads never change anything. Each response is checked against the OpenAPI
document (``call``).

Outcomes are HTTP statuses, with one convention for lists and bulk actions that answer 200
whatever the caller may see: ``404`` there means "answered, but the row is not among what
the caller sees or touches" (not listed and not counted; not marked read), the same answer
as fetching it directly.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from hamafza.newsroom.models import Story, StoryRevision
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
from hamafza.newsroom.tests.test_api import STORY_OPERATIONS
from hamafza.notifications.models import Notification, NotificationPreference
from hamafza.org.tests.test_api import API, call, openapi

S = Story.Status
F = Story.Feature
NOTE = "برای هماهنگی با ستاد."


# Shorthands for the common rows. A draft of another unit does not exist for the caller (404);
# a published one does, so a move they may not make there is 403.
# fmt: off
WRITERS_DRAFT = expect(reporter=(200, 404), editor=(200, 404), head=(200, 404),
                       viewer=(403, 404), hq_editor=(200, 404))
EDITORS_DRAFT = expect(reporter=(403, 404), editor=(200, 404), head=(200, 404),
                       viewer=(403, 404), hq_editor=(200, 404))
EDITORS_PUBLISHED = expect(reporter=(403, 403), editor=(200, 403), head=(200, 403),
                           viewer=(403, 403), hq_editor=(200, 403))
# fmt: on
HQ_ONLY = same(403, 403, hq_editor=(200, 200))


def _future() -> str:
    return (timezone.now() + timedelta(hours=3)).isoformat()


def _second_version(story: Story) -> None:
    """Give the story a second version, so revision 1 differs from what it is now."""
    story.headline = "تیتر نسخه دوم"
    story.version = 2
    story.save(update_fields=["headline", "version"])
    StoryRevision.objects.create(
        story=story, version=2, author=story.created_by, data=story_snapshot(story)
    )


@dataclass(frozen=True)
class Op:
    method: str
    template: str
    expected: dict[str, Cell]
    variant: str = ""
    status: str | None = S.DRAFT  # the story's status; None: no story
    story: dict[str, Any] = field(default_factory=dict)
    prepare: Callable[[Story], None] | None = None
    body: Callable[[Setup], dict[str, Any] | None] = lambda setup: None
    outcome: Callable[[int, Any, Setup], int] | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.template}" + (f" [{self.variant}]" if self.variant else "")


def _listed(status: int, data: Any, setup: Setup) -> int:
    """A list answers 200; the cell's outcome is whether the row is listed and counted."""
    if status != 200:
        return status
    target = setup.notification or setup.story
    assert target is not None
    if target.pk in {item["id"] for item in data["items"]}:
        assert data["count"] >= 1
        return 200
    assert data["count"] == 0
    return 404


def _marked(status: int, data: Any, setup: Setup) -> int:
    if status != 200:
        return status
    assert setup.notification is not None
    setup.notification.refresh_from_db()
    return 200 if setup.notification.read_at is not None else 404


def _version(setup: Setup) -> dict[str, Any]:
    assert setup.story is not None
    return {"version": setup.story.version}


# fmt: off
MATRIX: list[Op] = [
    # --- /stories
    Op("get", "/stories", same(200, 404), "a draft", outcome=_listed),
    Op("get", "/stories", same(200, 200), "published", S.PUBLISHED, outcome=_listed),
    Op("post", "/stories",
       expect(reporter=(201, 403), editor=(201, 403), head=(201, 403), viewer=(403, 403),
              hq_editor=(201, 403)),
       status=None, body=lambda setup: {"headline": "خبر تازه", "unit": setup.unit.slug}),
    Op("get", "/stories/{story_id}", same(200, 404), "a draft"),
    Op("get", "/stories/{story_id}", same(200, 200), "published", S.PUBLISHED),
    Op("patch", "/stories/{story_id}", WRITERS_DRAFT, "a draft",
       body=lambda setup: {**_version(setup), "headline": "تیتر تازه"}),
    Op("patch", "/stories/{story_id}", EDITORS_PUBLISHED, "a correction", S.PUBLISHED,
       body=lambda setup: {**_version(setup), "lead": "لید درست", "change_note": NOTE}),
    Op("delete", "/stories/{story_id}",
       expect(reporter=(204, 404), editor=(204, 404), head=(204, 404), viewer=(403, 404),
              hq_editor=(204, 404))),
    Op("delete", "/stories/{story_id}", same(403, 403), "published", S.PUBLISHED),
    # --- the workflow
    Op("post", "/stories/{story_id}/submit", WRITERS_DRAFT, body=_version),
    Op("post", "/stories/{story_id}/return", EDITORS_DRAFT, status=S.SUBMITTED,
       body=lambda setup: {**_version(setup), "note": NOTE}),
    Op("post", "/stories/{story_id}/approve", EDITORS_DRAFT, status=S.SUBMITTED, body=_version),
    Op("post", "/stories/{story_id}/schedule", EDITORS_DRAFT, status=S.APPROVED,
       body=lambda setup: {**_version(setup), "when": _future()}),
    Op("post", "/stories/{story_id}/unschedule", EDITORS_DRAFT, status=S.SCHEDULED,
       body=_version),
    Op("post", "/stories/{story_id}/publish", EDITORS_DRAFT, status=S.APPROVED, body=_version),
    Op("post", "/stories/{story_id}/force_publish",
       expect(reporter=(403, 404), editor=(403, 404), head=(200, 404), viewer=(403, 404),
              hq_editor=(403, 404)),
       body=lambda setup: {**_version(setup), "note": NOTE}),
    Op("post", "/stories/{story_id}/unpublish", EDITORS_PUBLISHED, status=S.PUBLISHED,
       body=lambda setup: {**_version(setup), "note": NOTE}),
    Op("post", "/stories/{story_id}/archive", EDITORS_PUBLISHED, status=S.PUBLISHED,
       body=_version),
    Op("post", "/stories/{story_id}/spike", WRITERS_DRAFT, body=_version),
    Op("post", "/stories/{story_id}/restore", WRITERS_DRAFT, status=S.SPIKED, body=_version),
    Op("post", "/stories/{story_id}/retro_approve", EDITORS_PUBLISHED, status=S.PUBLISHED,
       story={"needs_retro_approval": True}, body=_version),
    # --- the national front page
    Op("post", "/stories/{story_id}/request_feature", EDITORS_PUBLISHED, status=S.PUBLISHED,
       body=_version),
    Op("post", "/stories/{story_id}/feature", HQ_ONLY, status=S.PUBLISHED,
       story={"feature": F.REQUESTED}, body=_version),
    Op("post", "/stories/{story_id}/decline_feature", HQ_ONLY, status=S.PUBLISHED,
       story={"feature": F.REQUESTED}, body=lambda setup: {**_version(setup), "note": NOTE}),
    Op("post", "/stories/{story_id}/unfeature", HQ_ONLY, status=S.PUBLISHED,
       story={"feature": F.FEATURED}, body=_version),
    # --- republishing: only a published story, only into one's own unit (not its own unit)
    Op("post", "/stories/{story_id}/republish",
       expect(reporter=(400, 201), editor=(400, 201), head=(400, 201), viewer=(403, 403),
              hq_editor=(400, 201)),
       "published", S.PUBLISHED, body=lambda setup: {}),
    Op("post", "/stories/{story_id}/republish", same(403, 404), "a draft",
       body=lambda setup: {}),
    # --- the desk's side: the owning unit's line only
    Op("get", "/stories/{story_id}/revisions", same(200, 404), "a draft"),
    Op("get", "/stories/{story_id}/revisions", same(200, 403), "published", S.PUBLISHED),
    Op("get", "/stories/{story_id}/revisions/{version}", same(200, 404), "a draft"),
    Op("get", "/stories/{story_id}/revisions/{version}", same(200, 403), "published",
       S.PUBLISHED),
    Op("post", "/stories/{story_id}/revisions/{version}/restore", WRITERS_DRAFT, "a draft",
       prepare=_second_version, body=_version),
    Op("post", "/stories/{story_id}/revisions/{version}/restore", EDITORS_PUBLISHED,
       "a correction", S.PUBLISHED, prepare=_second_version,
       body=lambda setup: {**_version(setup), "change_note": NOTE}),
    Op("get", "/stories/{story_id}/notes", same(200, 404), "a draft"),
    Op("get", "/stories/{story_id}/notes", same(200, 403), "published", S.PUBLISHED),
    Op("post", "/stories/{story_id}/notes", same(201, 404), "a draft",
       body=lambda setup: {"body": "منبع آمار؟"}),
    Op("post", "/stories/{story_id}/notes", same(201, 403), "published", S.PUBLISHED,
       body=lambda setup: {"body": "منبع آمار؟"}),
    # --- notifications: "own" is the caller's notification, "other" someone else's
    Op("get", "/notifications", same(200, 404, outsider=(200, 404)), status=None,
       outcome=_listed),
    Op("get", "/notifications?unread=true", same(200, 404, outsider=(200, 404)), "unread",
       status=None, outcome=_listed),
    Op("post", "/notifications/read", same(200, 404, outsider=(200, 404)), status=None,
       body=lambda setup: {"ids": [setup.notification.pk] if setup.notification else []},
       outcome=_marked),
    Op("post", "/notifications/read", same(200, 404, outsider=(200, 404)), "all",
       status=None, body=lambda setup: {}, outcome=_marked),
    # E-mail preferences are always the caller's own ("other" is the same operation).
    Op("get", "/notifications/preferences", same(200, 200, outsider=(200, 200)), status=None),
    Op("put", "/notifications/preferences", same(200, 200, outsider=(200, 200)), status=None,
       body=lambda setup: {"email_mode": "off"}),
]
# fmt: on


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
    if op.template.startswith("/notifications"):
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
    }


class _RollBack(Exception):
    pass


def _run(net: Any, op: Op, role: str, own: bool) -> int:
    """One cell, rolled back afterwards: its outcome, asserting what it changed."""
    outcome = -1
    try:
        with transaction.atomic():
            setup = _setup(net, op, role, own)
            path = op.template.replace("{version}", "1")
            if setup.story is not None:
                path = path.replace("{story_id}", str(setup.story.pk))
            before = _state()
            status, data = call(Client(), op.method, path, op.body(setup), user=setup.user)
            outcome = op.outcome(status, data, setup) if op.outcome else status
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


def test_every_api_operation_is_in_the_matrix(client, net):
    """Fails when an operation under /stories or /notifications has no row in the matrix
    (or a row names an operation that no longer exists)."""
    doc = openapi(client)
    operations = {
        (method, path.removeprefix(API))
        for path, methods in doc["paths"].items()
        for method in methods
        if path.startswith((f"{API}/stories", f"{API}/notifications"))
    }
    covered = {(op.method, op.template.split("?")[0]) for op in MATRIX}
    assert operations - covered == set(), "operations missing from the matrix"
    assert covered - operations == set(), "matrix rows for operations that do not exist"
    assert {op for op in operations if op[1].startswith("/stories")} == STORY_OPERATIONS


def test_every_matrix_row_covers_every_role():
    for op in MATRIX:
        assert set(op.expected) == set(ROLES), op.id
    assert len({op.id for op in MATRIX}) == len(MATRIX)
