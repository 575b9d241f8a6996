"""`/api/v1/public/news` and `/api/v1/public/news/{code}`: no authentication, published
stories only, the filters, pages with `count` and `next`, bad filters refused with structured
errors; every response fits the OpenAPI document."""

from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory, unchanged
from hamafza.org.tests.test_api import API, call, openapi
from hamafza.portal.tests.conftest import published_on
from hamafza.portal.tests.interop import (
    HIDDEN_STATUSES,
    SECRET,
    Newsroom,
    assert_nothing_hidden,
    build_newsroom,
)

BASE = "http://testserver"


@pytest.fixture
def newsroom(net: Any, settings: Any, tmp_path: Any) -> Newsroom:
    settings.MEDIA_ROOT = tmp_path
    return build_newsroom(net)


def news(client: Client, **params: Any) -> tuple[int, Any]:
    return call(client, "get", f"/public/news?{urlencode(params)}")


def codes(client: Client, **params: Any) -> list[int]:
    status, data = news(client, **params)
    assert status == 200, data
    return [item["code"] for item in data["items"]]


def of(*stories: Story) -> list[int]:
    return [story.code for story in stories]  # type: ignore[misc]


def test_the_list_is_the_published_stories_newest_first(client, newsroom):
    status, data = news(client)
    assert status == 200
    assert [item["code"] for item in data["items"]] == of(*newsroom.public)
    assert (data["count"], data["next"], data["previous"]) == (5, None, None)
    assert (data["page"], data["page_size"]) == (1, 20)


def test_an_item(client, newsroom):
    story = newsroom.lead
    _status, data = news(client)
    item = data["items"][0]
    photo = story.photos.order_by("position", "id").first()
    assert photo is not None
    assert item == {
        "code": story.code,
        "url": f"{BASE}/news/{story.code}/",
        "kicker": "بهزیستی استان تهران",
        "headline": "افتتاح کارگاه سفالگری توانخواهان در تهران",
        "lead": story.lead,
        "kind": "report",
        "language": "fa",
        "subjects": ["capability", "event"],
        "tags": ["سفال", "کارگاه"],
        "unit": {"slug": "tehran", "name": "استان تهران"},
        "published_at": item["published_at"],
        "first_published_at": item["first_published_at"],
        "updated_at": item["updated_at"],
        "image": {
            "url": f"{BASE}/media/{photo.image.name}",
            "medium": None,
            "thumb": None,
            "width": 120,
            "height": 80,
            "alt": "عکس lead",
            "caption": "کارگاه سفالگری",
            "credit": "روابط عمومی استان تهران",
        },
    }
    assert item["published_at"].startswith(f"{story.published_at:%Y-%m-%dT%H:%M:%S}")
    assert client.get(item["url"].removeprefix(BASE)).status_code == 200
    assert data["items"][1]["image"] is None


def test_nothing_hidden_is_listed_or_counted(client, net, newsroom):
    response = client.get(f"{API}/public/news?page_size=100")
    assert_nothing_hidden(response.content.decode(), newsroom)
    # Every filter the hidden stories would match still finds only public ones.
    for params in (
        {"unit": "tehran"},
        {"unit": "isfahan"},
        {"unit": "hq-pr"},
        {"subject": "capability"},
        {"tag": "سفال"},
        {"kind": "report"},
        {"language": "fa"},
    ):
        _status, data = news(client, **params)
        assert only_public(data), params
    # A signed-in member of the hidden stories' unit gets the public answer too.
    client.force_login(net.tehran_head)
    _status, data = news(client, unit="tehran")
    assert [item["code"] for item in data["items"]] == of(newsroom.lead, newsroom.corrected)


def only_public(data: dict[str, Any]) -> bool:
    return data["count"] == len(data["items"]) and all(
        SECRET not in item["headline"] for item in data["items"]
    )


def test_filters(client, newsroom):
    n = newsroom
    assert codes(client, unit="tehran") == of(n.lead, n.corrected)
    assert codes(client, unit="shemiranat") == of(n.corrected)
    assert codes(client, unit="isfahan") == of(n.arabic, n.kashan)
    assert codes(client, unit="hq") == of(*n.public)
    assert codes(client, unit="neyshabur") == []
    assert codes(client, subject="event") == of(n.lead, n.corrected)
    assert codes(client, subject="achievement") == of(n.arabic)
    assert codes(client, tag="کارگاه") == of(n.lead, n.corrected)
    assert codes(client, tag=" سفال ") == of(n.lead)
    assert codes(client, tag="هیچ") == []
    assert codes(client, kind="interview") == of(n.kashan)
    assert codes(client, language="en") == of(n.english)
    assert codes(client, language="ar") == of(n.arabic)
    assert codes(client, unit="tehran", subject="event", tag="سفال") == of(n.lead)


def test_the_date_range_in_tehran_days(client, net):
    def published(day: int, hour: int) -> Story:
        return StoryFactory.create(
            unit=net.tehran,
            created_by=net.tehran_reporter,
            status=Story.Status.PUBLISHED,
            published_at=published_on(2026, 11, day, hour),
        )

    # 00:30 on the 27th in Tehran is still the 26th in UTC: the day is Tehran's.
    early, late, next_day = published(27, 0), published(27, 23), published(28, 10)
    Story.objects.filter(pk=early.pk).update(
        published_at=early.published_at.replace(minute=30)  # type: ignore[union-attr]
    )
    assert codes(client, **{"from": "2026-11-27", "to": "2026-11-27"}) == of(late, early)
    assert codes(client, **{"from": "2026-11-28"}) == of(next_day)
    assert codes(client, to="2026-11-26") == []
    assert codes(client, to="9999-12-31") == of(next_day, late, early)


def test_pages_with_count_and_next(client, newsroom):
    seen: list[int] = []
    status, data = news(client, page_size=2)
    assert (status, data["count"], data["previous"]) == (200, 5, None)
    while True:
        seen += [item["code"] for item in data["items"]]
        if data["next"] is None:
            break
        address = urlsplit(data["next"])
        assert f"{address.scheme}://{address.netloc}" == BASE
        assert address.path == f"{API}/public/news"
        status, data = call(client, "get", f"{address.path.removeprefix(API)}?{address.query}")
        assert data["previous"] is not None
    assert seen == of(*newsroom.public)
    assert data["page"] == 3
    # The filters carry over to the next page.
    _status, data = news(client, unit="tehran", page_size=1)
    assert "unit=tehran" in data["next"]
    assert "page=2" in data["next"]
    # Past the end: nothing, with the count.
    _status, data = news(client, page=9, page_size=2)
    assert (data["items"], data["count"], data["next"]) == ([], 5, None)


def test_the_public_base_url(client, newsroom, settings):
    settings.PUBLIC_BASE_URL = "https://news.example.org"
    _status, data = news(client, page_size=1)
    assert data["items"][0]["url"] == f"https://news.example.org/news/{newsroom.lead.code}/"
    assert data["next"].startswith("https://news.example.org/api/v1/public/news?")


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"kind": "rumour"}, 422),
        ({"subject": "gossip"}, 422),
        ({"language": "de"}, 422),
        ({"from": "yesterday"}, 422),
        ({"from": "2026-13-01"}, 422),
        ({"to": "1405-09-06"}, 422),  # a Jalali date typed as ISO
        ({"from": "2026-11-27", "to": "2026-11-01"}, 422),
        ({"page": 0}, 422),
        ({"page": "x"}, 422),
        ({"page_size": 101}, 422),
        ({"tag": "ب" * 101}, 422),
        ({"unit": "no-such-unit"}, 400),
    ],
)
def test_invalid_filters_are_refused(client, newsroom, params, status):
    with unchanged():
        answer, data = news(client, **params)
    assert answer == status
    assert data["code"] in {"invalid", "bad_request"}


def test_a_story(client, newsroom):
    story = newsroom.corrected
    status, data = call(client, "get", f"/public/news/{story.code}")
    assert status == 200
    assert data["code"] == story.code
    assert data["url"] == f"{BASE}/news/{story.code}/"
    assert data["body"] == story.body
    assert (data["version"], data["corrected"]) == (3, True)
    assert [note["note"] for note in data["change_notes"]] == ["تاریخ جشنواره اصلاح شد."]
    assert data["origin"] is None
    assert data["ninjs"] == f"{BASE}{API}/public/news/{story.code}/ninjs"
    _status, lead = call(client, "get", f"/public/news/{newsroom.lead.code}")
    assert lead["corrected"] is False
    assert [photo["url"].rsplit("/", 1)[-1] for photo in lead["photos"]] == [
        "lead.jpg",
        "second.jpg",
    ]
    assert lead["photos"][1]["medium"].endswith("/second-medium.jpg")
    assert lead["image"] == lead["photos"][0]


def test_a_republished_story_names_a_public_origin_only(client, net, newsroom):
    copy = StoryFactory.create(
        unit=net.isfahan,
        created_by=net.isfahan_editor,
        status=Story.Status.PUBLISHED,
        origin=newsroom.lead,
    )
    _status, data = call(client, "get", f"/public/news/{copy.code}")
    assert data["origin"] == {
        "code": newsroom.lead.code,
        "url": f"{BASE}/news/{newsroom.lead.code}/",
        "unit": {"slug": "tehran", "name": "استان تهران"},
    }
    (withdrawn,) = [s for s in newsroom.hidden if s.status == Story.Status.UNPUBLISHED]
    Story.objects.filter(pk=copy.pk).update(origin=withdrawn)
    _status, data = call(client, "get", f"/public/news/{copy.code}")
    assert data["origin"] is None


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_a_story_that_is_not_public_is_404(client, net, newsroom, status):
    (story,) = [s for s in newsroom.hidden if s.status == status]
    for user in (None, net.tehran_head, net.hq_admin):
        answer, data = call(client, "get", f"/public/news/{story.code}", user=user)
        assert (answer, data["code"]) == (404, "not_found")
        assert SECRET not in str(data)


@pytest.mark.parametrize("code", ["1", "0", "99999999999999999999999"])
def test_unknown_codes_are_404(client, newsroom, code):
    answer, data = call(client, "get", f"/public/news/{code}")
    assert (answer, data["code"]) == (404, "not_found")


def test_a_code_that_is_not_a_number_is_refused(client, newsroom):
    answer, data = call(client, "get", "/public/news/abc")
    assert (answer, data["code"]) == (422, "invalid")


def test_few_queries(client, net, newsroom, django_assert_max_num_queries):
    for n in range(15):
        StoryFactory.create(
            unit=net.shemiranat,
            created_by=net.shemiranat_reporter,
            status=Story.Status.PUBLISHED,
            subjects=["event"],
            tags=[f"برچسب {n}"],
        )
    # A count, a page, then the page's subjects, tags and photos.
    with django_assert_max_num_queries(5):
        assert client.get(f"{API}/public/news?page_size=50").status_code == 200
    # Plus the unit and the unit tree.
    with django_assert_max_num_queries(7):
        assert client.get(f"{API}/public/news?unit=tehran&tag=کارگاه").status_code == 200
    # The story, its subjects, tags, photos and change notes.
    with django_assert_max_num_queries(5):
        assert client.get(f"{API}/public/news/{newsroom.lead.code}").status_code == 200


def test_the_openapi_document_describes_them_as_public(client):
    doc = openapi(client)
    paths = {
        f"{API}/public/news": {"200", "400", "422"},
        f"{API}/public/news/{{code}}": {"200", "404", "422"},
        f"{API}/public/news/{{code}}/ninjs": {"200", "404", "422"},
    }
    for path, responses in paths.items():
        operation = doc["paths"][path]["get"]
        assert "security" not in operation or operation["security"] == [], path
        assert set(operation["responses"]) == responses, path
    names = {p["name"] for p in doc["paths"][f"{API}/public/news"]["get"]["parameters"]}
    assert names == {
        "unit",
        "subject",
        "tag",
        "kind",
        "language",
        "from",
        "to",
        "page",
        "page_size",
    }
