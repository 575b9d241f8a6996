"""The desk's search (`/desk/stories/search/`) through ``selectors.story_search``: scoped to
what each persona may see (another unit's draft is neither found nor counted), the filters,
highlighted results with status and unit, pages, odd input, and the htmx fragment."""

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from hamafza.newsroom.models import Story
from hamafza.newsroom.selectors import FoundStory, StorySearch
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.search_stories import SECRET, search_stories
from hamafza.search.query import parse

SEARCH = reverse("newsroom:story_search")
HTMX = {"HX-Request": "true"}
S = Story.Status


@pytest.fixture
def stories(net: Any) -> dict[str, Story]:
    return search_stories(net)


def found(response: Any) -> set[str]:
    assert response.status_code == 200
    result = response.context["found"]
    return {item.story.headline for item in result.items} if result else set()


def test_another_units_draft_is_neither_found_nor_counted(client, net, stories):
    client.force_login(net.isfahan_editor)
    response = client.get(SEARCH, {"q": SECRET})
    assert found(response) == set()
    assert response.context["found"].count == 0
    html = response.content.decode()
    assert SECRET in html  # only as what was typed
    assert f"خبری با «{SECRET}» پیدا نشد" in html
    assert "تهران" not in html.split('id="results"')[1]


@pytest.mark.parametrize("persona", ["tehran_editor", "tehran_viewer", "hq_admin"])
def test_the_units_line_and_the_admin_find_the_draft(client, net, stories, persona):
    client.force_login(getattr(net, persona))
    response = client.get(SEARCH, {"q": SECRET})
    assert found(response) == {stories["tehran_draft"].headline}
    assert response.context["found"].count == 1


def test_a_county_does_not_see_its_provinces_draft(client, net, stories):
    client.force_login(net.shemiranat_reporter)
    assert found(client.get(SEARCH, {"q": SECRET})) == set()
    # ...but the province sees the county's submitted story.
    client.force_login(net.tehran_editor)
    assert "ارسالی شمیرانات درباره اردوی تابستانی" in found(client.get(SEARCH, {"q": "اردوی"}))


def test_published_stories_of_other_units_are_found(client, net, stories):
    client.force_login(net.tehran_reporter)
    assert found(client.get(SEARCH, {"q": "اردوی"})) == {
        "ارسالی شمیرانات درباره اردوی تابستانی",
        "اردوی تابستانی کودکان اصفهان",
    }


def test_outsiders_are_refused_and_visitors_sent_to_sign_in(client, net, stories):
    client.force_login(net.outsider)
    assert client.get(SEARCH, {"q": SECRET}).status_code == 403
    client.logout()
    response = client.get(SEARCH, {"q": SECRET})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_result_shows_marked_headline_snippet_status_unit_and_date(client, net, stories):
    client.force_login(net.tehran_editor)
    html = client.get(SEARCH, {"q": "تابستانی"}).content.decode()
    assert "<mark>تابستانی</mark>" in html
    assert reverse("newsroom:story", args=[stories["shemiranat_submitted"].pk]) in html
    assert "در انتظار بررسی" in html  # the status chip
    assert "منتشرشده" in html
    assert "شهرستان شمیرانات" in html
    assert "استان اصفهان" in html
    assert "۹ مهر ۱۴۰۵" in html
    assert "۲ خبر" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "submitted"}, {"ارسالی شمیرانات درباره اردوی تابستانی"}),
        ({"status": "draft"}, {"پیش‌نویس اردوی اصفهان"}),
        ({"unit": "shemiranat", "status": "draft"}, set()),
        ({"unit": "tehran"}, {"ارسالی شمیرانات درباره اردوی تابستانی"}),
        ({"unit": "isfahan", "status": "published"}, {"اردوی تابستانی کودکان اصفهان"}),
        ({"date_from": "۱۴۰۵/۰۷/۰۹", "date_to": "1405/7/9"}, {"اردوی تابستانی کودکان اصفهان"}),
    ],
)
def test_filters(client, net, stories, params, expected):
    client.force_login(net.hq_admin)
    assert found(client.get(SEARCH, {"q": "اردوی", **params})) == expected


def test_filters_never_widen_what_one_may_see(client, net, stories):
    client.force_login(net.isfahan_editor)
    assert found(client.get(SEARCH, {"q": "اردوی", "status": "submitted"})) == set()
    assert found(client.get(SEARCH, {"q": SECRET, "unit": "tehran", "status": "draft"})) == set()
    assert found(client.get(SEARCH, {"q": "اردوی", "status": "draft"})) == {"پیش‌نویس اردوی اصفهان"}


def test_kind_and_subject_filters(client, net, stories):
    client.force_login(net.tehran_editor)
    assert found(client.get(SEARCH, {"q": SECRET, "kind": "interview", "subject": "need"})) == {
        stories["tehran_draft"].headline
    }
    assert found(client.get(SEARCH, {"q": SECRET, "kind": "news"})) == set()


@pytest.mark.parametrize(
    "params",
    [{"date_from": "فردا"}, {"date_to": "1405/02/32"}, {"status": "lost"}, {"unit": "mars"}],
)
def test_bad_filters_get_a_persian_message(client, net, stories, params):
    client.force_login(net.tehran_editor)
    response = client.get(SEARCH, {"q": "اردوی", **params})
    assert response.status_code == 200
    assert response.context["found"] is None
    assert "فیلترها درست نیستند" in response.content.decode()


@pytest.mark.parametrize("text", ['"', "NEAR(", "\x00", "ب" * 2000, "!!!", "«»", "* : ^"])
def test_odd_input_is_answered(client, net, stories, text):
    client.force_login(net.tehran_editor)
    response = client.get(SEARCH, {"q": text})
    assert response.status_code == 200
    result = response.context["found"]
    assert result is None or result.items or "پیدا نشد" in response.content.decode()


def test_pages(client, net):
    for n in range(35):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, headline=f"گزارش نشست {n}"
        )
    client.force_login(net.tehran_editor)
    first = client.get(SEARCH, {"q": "نشست"})
    assert (len(first.context["found"].items), first.context["found"].count) == (30, 35)
    assert "page=2" in first.content.decode()
    second = client.get(SEARCH, {"q": "نشست", "page": "۲"})
    assert len(second.context["found"].items) == 5
    # Another unit's editor: nothing, and no page links.
    client.force_login(net.isfahan_editor)
    other = client.get(SEARCH, {"q": "نشست"})
    assert other.context["found"].count == 0
    assert "page=2" not in other.content.decode()


def test_more_than_ten_thousand_says_so(client, net, stories, monkeypatch):
    story = stories["tehran_draft"]
    many = StorySearch(
        query=parse(SECRET),
        items=[FoundStory(story=story, headline=story.headline, snippet="", score=1.0)],  # type: ignore[arg-type]
        count=10_000,
        count_exact=False,
    )
    monkeypatch.setattr("hamafza.newsroom.selectors.story_search", lambda **kwargs: many)
    client.force_login(net.tehran_editor)
    assert "بیش از ۱۰٬۰۰۰ خبر" in client.get(SEARCH, {"q": SECRET}).content.decode()


def test_htmx_gets_only_the_results(client, net, stories):
    client.force_login(net.tehran_editor)
    html = client.get(SEARCH, {"q": SECRET}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert f"<mark>{SECRET}</mark>" in html


def test_queries_do_not_grow_with_the_results(client, net, django_assert_max_num_queries):
    for n in range(12):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, headline=f"جلسه شورا {n}"
        )
    client.force_login(net.tehran_editor)
    client.get(SEARCH, {"q": "شورا"})
    with django_assert_max_num_queries(16):
        response = client.get(SEARCH, {"q": "شورا"})
    assert len(response.context["found"].items) == 12
