"""`/api/v1/public/search`: no authentication, published stories only, the filters, any text
answered, bad filters refused with structured errors; every response fits the OpenAPI
document."""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.tests.test_api import API, call, openapi

S = Story.Status
PATH = "/public/search"


def search(client: Client, **params: Any) -> tuple[int, Any]:
    return call(client, "get", f"{PATH}?{urlencode(params)}")


def found(client: Client, **params: Any) -> set[int]:
    status, data = search(client, **params)
    assert status == 200, data
    return {item["code"] for item in data["items"]}


def codes(shelf: dict[str, Story], *names: str) -> set[int]:
    return {shelf[name].code for name in names}  # type: ignore[misc]


def test_the_shape_of_a_result(client, shelf):
    story = shelf["tehran"]
    status, data = search(client, q="سفالگری")
    assert status == 200
    assert data == {
        "items": [
            {
                "code": story.code,
                "headline": "افتتاح کارگاه سفالگری در تهران",
                "lead": story.lead,
                "snippet": data["items"][0]["snippet"],
                "url": f"/news/{story.code}/",
                "published_at": "2026-11-27T06:30:00Z",
                "unit": {"slug": "tehran", "name": "استان تهران"},
            }
        ],
        "count": 1,
        "count_exact": True,
        "page": 1,
        "page_size": 20,
    }
    assert client.get(data["items"][0]["url"]).status_code == 200


def test_the_snippet_is_escaped_html_with_marks(client, net):
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=S.PUBLISHED,
        headline="تیتر",
        lead="کارگاه <b>نقاشی</b> برای کودکان & نوجوانان",
    )
    _status, data = search(client, q="نقاشی")
    snippet = data["items"][0]["snippet"]
    assert "<mark>" in snippet
    assert "<b>" not in snippet
    assert "&lt;b&gt;" in snippet
    assert "&amp;" in snippet


def test_needs_no_sign_in_and_finds_published_stories_only(client, net, shelf):
    assert found(client, q="توانبخشی") == codes(shelf, "tehran", "shemiranat", "isfahan")
    for word in ("زعفرانیه", "گلابدره", "نقش‌جهان"):
        status, data = search(client, q=word)
        assert (status, data["items"], data["count"]) == (200, [], 0)
    # A signed-in member gets the public answer here too.
    client.force_login(net.tehran_editor)
    assert found(client, q="زعفرانیه") == set()


def test_filters(client, shelf):
    word = {"q": "توانبخشی"}
    assert found(client, **word, unit="tehran") == codes(shelf, "tehran", "shemiranat")
    assert found(client, **word, unit="shemiranat") == codes(shelf, "shemiranat")
    assert found(client, **word, kind="report") == codes(shelf, "tehran")
    assert found(client, **word, subject="event") == codes(shelf, "isfahan")
    assert found(client, **word, domain="extra_agency") == codes(shelf, "tehran")
    assert found(client, **word, **{"from": "2026-11-27"}) == codes(shelf, "tehran")
    assert found(client, **word, **{"from": "2026-11-20", "to": "2026-11-26"}) == codes(
        shelf, "shemiranat"
    )
    assert found(client, **word, to="2026-11-20") == codes(shelf, "shemiranat", "isfahan")


def test_pages(client, net):
    for n in range(5):
        StoryFactory.create(
            unit=net.tehran,
            created_by=net.tehran_reporter,
            status=S.PUBLISHED,
            headline=f"همایش سالانه {n}",
        )
    _status, first = search(client, q="همایش", page_size=2)
    _status, third = search(client, q="همایش", page_size=2, page=3)
    _status, past = search(client, q="همایش", page_size=2, page=9)
    assert (first["count"], len(first["items"]), len(third["items"]), past["items"]) == (
        5,
        2,
        1,
        [],
    )
    assert (third["page"], third["page_size"]) == (3, 2)
    seen = {i["code"] for i in first["items"]} | {i["code"] for i in third["items"]}
    assert len(seen) == 3


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "«توانبخشی",
        "NEAR(توانبخشی, کودکان)",
        "توانبخشی\x00",
        "\x00",
        "ب" * 2000,
        "!!! ؟؟",
        "*",
        "AND OR NOT",
        "'; DROP TABLE newsroom_story; --",
    ],
)
def test_any_text_is_answered(client, shelf, text):
    status, data = search(client, q=text)
    assert status == 200
    assert data["count"] >= len(data["items"])


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"kind": "rumour"}, 422),
        ({"subject": "gossip"}, 422),
        ({"domain": "everywhere"}, 422),
        ({"from": "yesterday"}, 422),
        ({"from": "2026-13-01"}, 422),
        ({"to": "1405-09-06"}, 422),  # a Jalali date typed as ISO
        ({"from": "2026-11-27", "to": "2026-11-01"}, 422),
        ({"page": 0}, 422),
        ({"page_size": 101}, 422),
        ({"unit": "no-such-unit"}, 400),
    ],
)
def test_invalid_filters_are_refused(client, shelf, params, status):
    answer, data = search(client, q="توانبخشی", **params)
    assert answer == status
    assert data["code"] in {"invalid", "bad_request"}


def test_the_openapi_document_describes_it_as_public(client):
    doc = openapi(client)
    public = {path for path in doc["paths"] if path.startswith(f"{API}/public/")}
    assert f"{API}{PATH}" in public
    for path in public:  # every public operation needs no authentication
        for operation in doc["paths"][path].values():
            assert operation.get("security", []) == [], path
    operation = doc["paths"][f"{API}{PATH}"]["get"]
    assert "security" not in operation or operation["security"] == []
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "unit", "kind", "subject", "domain", "from", "to", "page", "page_size"} <= names
    assert set(operation["responses"]) == {"200", "400", "422"}
