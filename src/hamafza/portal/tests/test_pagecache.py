"""The page cache (portal.pagecache): anonymous pages answered from the cache with ETag and
Last-Modified, 304 on conditional requests, dropped exactly when what they show changes through
the services — the story, its unit and the units above it, its approved comments — and never
used for anyone signed in, with a session, or asking for an htmx partial.

Changes go through the services inside ``django_capture_on_commit_callbacks(execute=True)``:
the signals are sent on commit, which a test's transaction never reaches otherwise.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from hamafza.comments import services as comment_services
from hamafza.comments.models import Comment
from hamafza.newsroom import services as story_services
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal import pagecache
from hamafza.portal import services as portal_services

pytestmark = pytest.mark.django_db
S = Story.Status
STATUS = pagecache.STATUS_HEADER


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.PAGE_CACHE = True


@dataclass
class Pages:
    tehran: Story  # in Tehran province
    shemiranat: Story  # in a county under Tehran
    isfahan: Story  # in another province
    draft: Story  # unpublished, in Tehran


@pytest.fixture
def pages(net: Any) -> Pages:
    def story(unit: Any, author: Any, headline: str, status: str = S.PUBLISHED) -> Story:
        return StoryFactory.create(unit=unit, created_by=author, status=status, headline=headline)

    return Pages(
        tehran=story(net.tehran, net.tehran_reporter, "کارگاه سفالگری تهران"),
        shemiranat=story(net.shemiranat, net.shemiranat_reporter, "کوهپیمایی شمیرانات"),
        isfahan=story(net.isfahan, net.isfahan_editor, "نمایشگاه قالی اصفهان"),
        draft=story(net.tehran, net.tehran_reporter, "پیش‌نویس زعفرانیه", S.DRAFT),
    )


def get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, **headers)
    assert response.status_code in (200, 304, 410), (url, response.status_code)
    return response


def state(client: Client, url: str, **headers: Any) -> str:
    return get(client, url, **headers)[STATUS]


def warm(client: Client, *urls: str) -> None:
    for url in urls:
        assert state(client, url) in ("miss", "hit")
        assert state(client, url) == "hit"


def story_url(story: Story) -> str:
    return f"/news/{story.code}/"


def test_a_page_is_kept_with_its_validators(client, pages, django_assert_num_queries):
    first = get(client, story_url(pages.tehran))
    assert first[STATUS] == "miss"
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"].endswith("GMT")
    control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert control == {"public", "max-age=0", "s-maxage=5"}
    vary = {part.strip() for part in first["Vary"].split(",")}
    assert "Cookie" in vary
    assert "Accept-Language" not in vary  # the language is the visitor's choice (a cookie)
    assert not first.cookies  # no CSRF or session cookie: the same page for everyone
    with django_assert_num_queries(0):
        second = get(client, story_url(pages.tehran))
    assert second[STATUS] == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"] == first["Last-Modified"]
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second


def test_conditional_requests_get_304(client, pages):
    first = get(client, story_url(pages.tehran))
    by_tag = get(client, story_url(pages.tehran), HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_tag.status_code == 304
    assert by_tag.content == b""
    assert by_tag["ETag"] == first["ETag"]
    by_date = get(client, story_url(pages.tehran), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    other = get(client, story_url(pages.tehran), HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200
    assert other.content == first.content


def test_a_conditional_request_after_a_change_gets_the_new_page(
    client, pages, net, django_capture_on_commit_callbacks
):
    first = get(client, story_url(pages.tehran))
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_update(
            actor=net.tehran_editor,
            story=pages.tehran,
            version=pages.tehran.version,
            change_note="نام کارگاه درست شد.",
            headline="کارگاه سرامیک تهران",
        )
    fresh = get(client, story_url(pages.tehran), HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh[STATUS] == "miss"
    assert fresh["ETag"] != first["ETag"]
    assert "کارگاه سرامیک تهران" in fresh.content.decode()


def test_an_edit_drops_the_story_its_units_and_the_lists_only(
    client, pages, net, django_capture_on_commit_callbacks
):
    pages_of = {
        "story": story_url(pages.shemiranat),
        "other_story": story_url(pages.isfahan),
        "print": f"{story_url(pages.shemiranat)}print/",
        "county": "/units/shemiranat/",
        "province": "/units/tehran/",
        "hq": "/units/hq/",
        "other_province": "/units/isfahan/",
        "other_province_feed": "/units/isfahan/feed/",
        "home": "/",
        "feed": "/feed/",
        "sitemap": "/sitemap-stories.xml",
    }
    warm(client, *pages_of.values())
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_update(
            actor=net.shemiranat_head,
            story=pages.shemiranat,
            version=pages.shemiranat.version,
            change_note="تاریخ برنامه اصلاح شد.",
            headline="کوهپیمایی بزرگ شمیرانات",
        )
    after = {name: state(client, url) for name, url in pages_of.items()}
    assert after == {
        "story": "miss",
        "other_story": "hit",
        "print": "miss",
        "county": "miss",
        "province": "miss",
        "hq": "miss",
        "other_province": "hit",
        "other_province_feed": "hit",
        "home": "miss",
        "feed": "miss",
        "sitemap": "miss",
    }
    assert "کوهپیمایی بزرگ شمیرانات" in get(client, pages_of["story"]).content.decode()
    assert "کوهپیمایی بزرگ شمیرانات" in get(client, pages_of["province"]).content.decode()


def test_unpublishing_drops_the_page(client, pages, net, django_capture_on_commit_callbacks):
    warm(client, story_url(pages.tehran), "/")
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_transition(
            actor=net.tehran_editor, story=pages.tehran, name="unpublish", note="نادرست بود."
        )
    assert get(client, story_url(pages.tehran)).status_code == 410
    assert pages.tehran.headline not in get(client, "/").content.decode()


def test_publishing_drops_the_lists(client, pages, net, django_capture_on_commit_callbacks):
    approved = StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_head, status=S.APPROVED, headline="خبر تازه"
    )
    warm(client, "/", "/units/isfahan/", "/feed/", story_url(pages.tehran))
    with django_capture_on_commit_callbacks(execute=True):
        story_services.story_transition(actor=net.isfahan_editor, story=approved, name="publish")
    assert "خبر تازه" in get(client, "/").content.decode()
    assert "خبر تازه" in get(client, "/units/isfahan/").content.decode()
    assert "خبر تازه" in get(client, "/feed/").content.decode()
    assert state(client, story_url(pages.tehran)) == "hit"


def test_a_draft_changing_drops_nothing(client, pages, net, django_capture_on_commit_callbacks):
    warm(client, "/", "/units/tehran/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        story_services.story_update(
            actor=net.tehran_reporter,
            story=pages.draft,
            version=pages.draft.version,
            headline="پیش‌نویس تازه",
        )
    assert callbacks == []  # nothing public changed: nothing told
    assert state(client, "/") == "hit"
    assert state(client, "/units/tehran/") == "hit"


def test_approving_a_comment_drops_its_story_page_only(
    client, pages, net, django_capture_on_commit_callbacks
):
    warm(client, story_url(pages.tehran), story_url(pages.isfahan), "/")
    comment = Comment.objects.create(
        story=pages.tehran, body="نظری برای بررسی", author_name="مریم", network_hash="a" * 64
    )
    assert state(client, story_url(pages.tehran)) == "hit"  # pending: nothing public changed
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_transition(
            actor=net.tehran_editor, comment=comment, name="approve"
        )
    response = get(client, story_url(pages.tehran))
    assert response[STATUS] == "miss"
    assert "نظری برای بررسی" in response.content.decode()
    assert state(client, story_url(pages.isfahan)) == "hit"
    assert state(client, "/") == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_transition(actor=net.tehran_editor, comment=comment, name="reject")
    assert "نظری برای بررسی" not in get(client, story_url(pages.tehran)).content.decode()


def test_closing_comments_drops_the_page(client, pages, net, django_capture_on_commit_callbacks):
    warm(client, story_url(pages.tehran))
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.story_comments_set_closed(
            actor=net.tehran_editor, story=pages.tehran, closed=True
        )
    html = get(client, story_url(pages.tehran)).content.decode()
    assert "نظرگذاری برای این خبر بسته شده است." in html


def test_the_e_services_block_drops_every_page(
    client, pages, net, django_capture_on_commit_callbacks
):
    warm(client, story_url(pages.tehran), "/")
    with django_capture_on_commit_callbacks(execute=True):
        portal_services.eservice_create(
            actor=net.hq_admin, title="پرونده الکترونیک", url="https://example.org/"
        )
    assert "پرونده الکترونیک" in get(client, story_url(pages.tehran)).content.decode()
    assert "پرونده الکترونیک" in get(client, "/").content.decode()


def test_a_renamed_unit_drops_every_page(client, pages, net):
    warm(client, story_url(pages.tehran))
    net.tehran.name = "استان تهران بزرگ"
    net.tehran.save()
    assert "استان تهران بزرگ" in get(client, story_url(pages.tehran)).content.decode()


def test_a_lost_generation_counts_as_a_change(client, pages):
    warm(client, story_url(pages.tehran))
    from django.core.cache import caches

    caches[pagecache.GENERATIONS_ALIAS].delete(pagecache.story_key(pages.tehran.code))
    assert state(client, story_url(pages.tehran)) == "miss"


def test_signed_in_people_never_get_a_cached_page(client, pages, net):
    warm(client, story_url(pages.tehran))
    client.force_login(net.tehran_editor)
    response = get(client, story_url(pages.tehran))
    assert response[STATUS] == "bypass"
    assert "private" in response["Cache-Control"]
    assert "ETag" not in response
    client.logout()
    assert state(client, story_url(pages.tehran)) == "hit"


def test_a_session_cookie_is_enough_to_bypass(pages, settings):
    client = Client()
    warm(client, story_url(pages.tehran))
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    assert state(client, story_url(pages.tehran)) == "bypass"


def test_htmx_partials_are_never_cached(client, pages):
    htmx = {"HTTP_HX_REQUEST": "true"}
    partial = get(client, "/units/tehran/?page=1", **htmx)
    assert partial[STATUS] == "bypass"
    assert "<html" not in partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    full = get(client, "/units/tehran/?page=1")
    assert full[STATUS] == "miss"
    assert "<html" in full.content.decode()
    again = get(client, "/units/tehran/?page=1", **htmx)
    assert again[STATUS] == "bypass"
    assert "<html" not in again.content.decode()


def test_each_language_has_its_own_page(client, pages):
    persian = get(client, "/")
    # A browser set to English still gets the Persian page, from the cache.
    browser_english = get(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert persian[STATUS] == "miss"
    assert browser_english[STATUS] == "hit"
    assert '<html lang="fa" dir="rtl">' in browser_english.content.decode()
    client.cookies["hamafza_language"] = "en"
    english = get(client, "/")
    assert english[STATUS] == "miss"
    assert '<html lang="en" dir="ltr">' in english.content.decode()
    assert get(client, "/")[STATUS] == "hit"


def test_the_language_switch_needs_no_token(pages):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en", "next": story_url(pages.tehran)})
    assert response.status_code == 302
    assert response["Location"] == story_url(pages.tehran)
    assert client.cookies["hamafza_language"].value == "en"


def test_not_found_and_gone_are_not_kept(client, pages):
    assert client.get("/news/999999/")[STATUS] == "bypass"
    assert client.get("/news/999999/").status_code == 404


def test_search_and_feeds_are_kept(client, pages):
    warm(client, "/search/?q=سفالگری", "/feed/", "/feed/atom/", "/sitemap.xml", "/news-sitemap.xml")
    assert "سفالگری" in get(client, "/search/?q=سفالگری").content.decode()


def test_the_comment_form_and_desk_are_never_kept(client, pages):
    form = client.get(f"/news/{pages.tehran.code}/comments/new/")
    assert "no-store" in form["Cache-Control"]
    assert STATUS not in form
    assert STATUS not in client.get(f"/news/{pages.tehran.code}/seen/")


def test_off_by_setting(client, pages, settings):
    settings.PAGE_CACHE = False
    response = get(client, story_url(pages.tehran))
    assert response[STATUS] == "bypass"
    assert "ETag" not in response
