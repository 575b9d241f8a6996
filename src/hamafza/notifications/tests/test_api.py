"""`/api/v1/notifications`: the caller's own notifications only, the unread filter and count,
marking read (some or all), and that nobody reads or marks anyone else's."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hamafza.newsroom.models import Story
from hamafza.newsroom.services import story_transition
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification
from hamafza.org.tests.test_api import call

READ_STATE = "pk", "recipient_id", "read_at"


def _notify(user: Any, count: int = 1, *, actor: Any = None, minutes_ago: int = 0) -> list[int]:
    ids = []
    for number in range(count):
        notification = Notification.objects.create(
            recipient=user,
            actor=actor,
            kind="newsroom.story.approve",
            text=f"خبر شماره {number} تأیید شد.",
            url=f"/desk/stories/{number}/",
            created_at=timezone.now() - timedelta(minutes=minutes_ago + number),
        )
        ids.append(notification.pk)
    return ids


def _read_state() -> list[tuple[Any, ...]]:
    return list(Notification.objects.order_by("pk").values_list(*READ_STATE))


def test_list_is_the_callers_own_newest_first(client, net):
    mine = _notify(net.tehran_reporter, 3, actor=net.tehran_editor)
    _notify(net.tehran_editor, 2)
    status, data = call(client, "get", "/notifications", user=net.tehran_reporter)
    assert status == 200
    assert [item["id"] for item in data["items"]] == mine  # created 0, 1, 2 minutes ago
    assert (data["count"], data["unread_count"], data["page"], data["page_size"]) == (3, 3, 1, 20)
    first = data["items"][0]
    assert (first["actor"], first["is_read"], first["read_at"]) == ("tehran.editor", False, None)
    assert first["kind"] == "newsroom.story.approve"


def test_unread_filter_and_count(client, net):
    first, second = _notify(net.tehran_reporter, 2)
    Notification.objects.filter(pk=first).update(read_at=timezone.now())
    status, data = call(client, "get", "/notifications?unread=true", user=net.tehran_reporter)
    assert (status, [i["id"] for i in data["items"]], data["count"]) == (200, [second], 1)
    _status, everything = call(client, "get", "/notifications", user=net.tehran_reporter)
    assert (everything["count"], everything["unread_count"]) == (2, 1)


def test_pagination(client, net):
    ids = _notify(net.tehran_reporter, 5)
    _status, data = call(
        client, "get", "/notifications?page=2&page_size=2", user=net.tehran_reporter
    )
    assert [item["id"] for item in data["items"]] == ids[2:4]
    assert (data["count"], data["page"], data["page_size"]) == (5, 2, 2)


@pytest.mark.parametrize("query", ["page=0", "page_size=101", "unread=perhaps"])
def test_bad_query_is_422(client, net, query):
    status, _data = call(client, "get", f"/notifications?{query}", user=net.tehran_reporter)
    assert status == 422


def test_mark_some_read(client, net):
    first, second = _notify(net.tehran_reporter, 2)
    status, data = call(
        client, "post", "/notifications/read", {"ids": [first]}, user=net.tehran_reporter
    )
    assert (status, data) == (200, {"marked": 1, "unread_count": 1})
    assert Notification.objects.get(pk=first).read_at is not None
    assert Notification.objects.get(pk=second).read_at is None


def test_mark_all_read(client, net):
    _notify(net.tehran_reporter, 3)
    others = _notify(net.tehran_editor, 1)
    status, data = call(client, "post", "/notifications/read", {}, user=net.tehran_reporter)
    assert (status, data) == (200, {"marked": 3, "unread_count": 0})
    assert Notification.objects.get(pk=others[0]).read_at is None


def test_marking_read_again_marks_nothing(client, net):
    ids = _notify(net.tehran_reporter, 1)
    call(client, "post", "/notifications/read", {"ids": ids}, user=net.tehran_reporter)
    before = _read_state()
    _status, data = call(client, "post", "/notifications/read", {"ids": ids})
    assert data["marked"] == 0
    assert _read_state() == before


def test_nobody_marks_anyone_elses(client, net):
    theirs = _notify(net.tehran_editor, 2)
    before = _read_state()
    status, data = call(
        client, "post", "/notifications/read", {"ids": theirs}, user=net.tehran_reporter
    )
    assert (status, data) == (200, {"marked": 0, "unread_count": 0})
    assert _read_state() == before


def test_an_outsider_has_an_empty_inbox(client, net):
    _notify(net.tehran_editor, 1)
    status, data = call(client, "get", "/notifications", user=net.outsider)
    assert (status, data["count"], data["unread_count"]) == (200, 0, 0)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("get", "/notifications", None), ("post", "/notifications/read", {})],
)
def test_anonymous_is_unauthenticated(client, net, method, path, body):
    _notify(net.tehran_editor, 1)
    before = _read_state()
    status, data = call(client, method, path, body)
    assert (status, data["code"]) == (401, "unauthenticated")
    assert _read_state() == before


@pytest.mark.parametrize("body", [{"ids": "all"}, {"ids": ["x"]}])
def test_mark_read_bad_body_is_422(client, net, body):
    _notify(net.tehran_reporter, 1)
    before = _read_state()
    status, _data = call(client, "post", "/notifications/read", body, user=net.tehran_reporter)
    assert status == 422
    assert _read_state() == before


def test_a_returned_story_reaches_its_author_through_the_api(client, net):
    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=Story.Status.SUBMITTED
    )
    story_transition(actor=net.tehran_editor, story=story, name="return", note="منبع آمار؟")
    _status, data = call(client, "get", "/notifications?unread=true", user=net.tehran_reporter)
    assert data["unread_count"] == 1
    item = data["items"][0]
    assert (item["kind"], item["actor"], item["url"]) == (
        "newsroom.story.return",
        "tehran.editor",
        f"/desk/stories/{story.pk}/",
    )
    assert "منبع آمار؟" in item["text"]


def test_list_query_count_does_not_grow(client, net, django_assert_max_num_queries):
    _notify(net.tehran_reporter, 2, actor=net.tehran_editor)
    _notify(net.tehran_reporter, 40, actor=net.tehran_head, minutes_ago=10)
    client.force_login(net.tehran_reporter)
    # Session, user, the page (with actors), the count, the unread count.
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/notifications?page_size=100")
    assert response.json()["count"] == 42
