"""`GET /api/v1/stories?q=`: the staff API's search, through ``selectors.story_search``.
Scoped like every list (another unit's draft is neither listed nor counted), best match
first, the existing filters applied, and responses that fit the OpenAPI document."""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from hamafza.newsroom import selectors
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.search_stories import SECRET, search_stories
from hamafza.org.tests.test_api import call, openapi

S = Story.Status


@pytest.fixture
def stories(net: Any) -> dict[str, Story]:
    return search_stories(net)


def search(client: Client, user: Any, **params: Any) -> tuple[int, Any]:
    return call(client, "get", f"/stories?{urlencode(params)}", user=user)


def ids(data: dict[str, Any]) -> set[int]:
    return {item["id"] for item in data["items"]}


def test_another_units_draft_is_neither_listed_nor_counted(client, net, stories):
    status, data = search(client, net.isfahan_editor, q=SECRET)
    assert (status, data["items"], data["count"], data["count_exact"]) == (200, [], 0, True)


@pytest.mark.parametrize("persona", ["tehran_editor", "tehran_reporter", "hq_admin"])
def test_the_units_line_and_the_admin_find_the_draft(client, net, stories, persona):
    _status, data = search(client, getattr(net, persona), q=SECRET)
    assert ids(data) == {stories["tehran_draft"].pk}
    assert (data["count"], data["count_exact"]) == (1, True)
    assert data["items"][0]["headline"] == f"پیش‌نویس {SECRET} در تهران"


def test_outsiders_are_refused_and_anonymous_callers_asked_to_sign_in(client, net, stories):
    assert search(client, net.outsider, q=SECRET)[0] == 403
    client.logout()
    assert search(client, None, q=SECRET)[0] == 401


def test_results_come_in_the_searchs_order(client, net, stories):
    for n in range(6):
        StoryFactory.create(
            unit=net.tehran,
            created_by=net.tehran_reporter,
            status=S.PUBLISHED if n % 2 else S.DRAFT,
            headline=f"اردوی شماره {n}" if n % 3 else "خبر دیگر",
            lead="اردوی بهاره" if n % 3 == 0 else "",
        )
    user = net.tehran_editor
    expected = selectors.story_search(text="اردوی", viewer=user, per_page=50)
    _status, data = search(client, user, q="اردوی", page_size=50)
    assert [item["id"] for item in data["items"]] == [i.story.pk for i in expected.items]
    assert data["count"] == expected.count == 8


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "submitted"}, {"shemiranat_submitted"}),
        ({"status": "draft"}, {"isfahan_draft"}),
        ({"unit": "tehran"}, {"shemiranat_submitted"}),
        ({"unit": "isfahan", "status": "published"}, {"isfahan_published"}),
        ({"kind": "news"}, {"shemiranat_submitted", "isfahan_draft", "isfahan_published"}),
        ({"kind": "interview"}, set()),
    ],
)
def test_filters_apply_to_the_search(client, net, stories, params, expected):
    _status, data = search(client, net.hq_admin, q="اردوی", **params)
    assert ids(data) == {stories[name].pk for name in expected}
    assert data["count"] == len(expected)


def test_filters_never_widen_what_one_may_see(client, net, stories):
    _status, data = search(client, net.isfahan_editor, q="اردوی", status="submitted")
    assert (data["items"], data["count"]) == ([], 0)
    _status, data = search(client, net.isfahan_editor, q=SECRET, unit="tehran")
    assert (data["items"], data["count"]) == ([], 0)


def test_subject_filter(client, net, stories):
    _status, data = search(client, net.tehran_editor, q=SECRET, subject="need", kind="interview")
    assert ids(data) == {stories["tehran_draft"].pk}


def test_pages(client, net):
    for n in range(5):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, headline=f"نشست هماهنگی {n}"
        )
    user = net.tehran_editor
    _status, first = search(client, user, q="نشست", page_size=2)
    _status, third = search(client, user, q="نشست", page_size=2, page=3)
    _status, past = search(client, user, q="نشست", page_size=2, page=4)
    assert (first["count"], len(first["items"]), len(third["items"]), past["items"]) == (
        5,
        2,
        1,
        [],
    )
    assert not ids(first) & ids(third)


@pytest.mark.parametrize("text", ['"', "NEAR(", "\x00", "!!! ؟؟", "«»", "* : ^"])
def test_odd_text_is_answered(client, net, stories, text):
    status, data = search(client, net.tehran_editor, q=text)
    assert status == 200
    assert data["count"] >= len(data["items"])


def test_without_q_the_listing_is_unchanged_and_exact(client, net, stories):
    _status, data = search(client, net.isfahan_editor)
    assert ids(data) == {
        stories["isfahan_draft"].pk,
        stories["isfahan_published"].pk,
    }
    assert (data["count"], data["count_exact"]) == (2, True)


def test_long_q_is_refused_as_before(client, net, stories):
    status, data = search(client, net.tehran_editor, q="ب" * 201)
    assert (status, data["code"]) == (422, "invalid")


def test_the_page_schema_declares_count_exact(client):
    schema = openapi(client)["components"]["schemas"]["StoryPage"]
    assert "count_exact" in schema["properties"]
    assert "count_exact" in schema["required"]
