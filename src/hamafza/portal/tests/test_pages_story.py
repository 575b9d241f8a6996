"""`/news/<code>/` beyond the basics (test_story_page.py): 410 for a story that was public
and is withdrawn, related stories, subject and tag links, share links, the print view, the
e-services block, the read beacon, and a bounded number of queries."""

import re
from typing import Any
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory, next_news_code
from hamafza.portal import services
from hamafza.portal.models import EServiceLink, StoryDailyViews
from hamafza.portal.tests.conftest import published_on

S = Story.Status


def story(net: Any, headline: str, **extra: Any) -> Story:
    extra.setdefault("unit", net.shemiranat)
    extra.setdefault("created_by", net.shemiranat_reporter)
    extra.setdefault("status", S.PUBLISHED)
    return StoryFactory.create(headline=headline, **extra)


def page(client: Any, found: Story, suffix: str = "") -> Any:
    return client.get(f"/news/{found.code}/{suffix}")


@pytest.fixture
def seed(net: Any) -> Story:
    return story(
        net,
        "افتتاح مرکز توانبخشی در تجریش",
        kicker="بهزیستی شمیرانات",
        tags=["توانبخشی", "تجریش"],
        subjects=["capability"],
        published_at=published_on(2026, 11, 27, 10),
    )


# --- Withdrawn stories ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.UNPUBLISHED, S.ARCHIVED])
def test_a_story_that_was_public_and_is_withdrawn_is_410_with_a_persian_page(
    client, net, seed, status
):
    Story.objects.filter(pk=seed.pk).update(status=status)
    for path in (f"/news/{seed.code}/", f"/news/{seed.code}/a-slug/", f"/news/{seed.code}/print/"):
        response = client.get(path)
        assert response.status_code == 410, path
        html = response.content.decode()
        assert "این خبر دیگر در دسترس نیست" in html
        assert "از دسترس خارج کرده است" in html
        assert seed.headline not in html  # withdrawn means its words are not shown either
        assert '<meta name="robots" content="noindex">' in html


def test_a_story_published_again_is_200_again(client, net, seed):
    Story.objects.filter(pk=seed.pk).update(status=S.UNPUBLISHED)
    assert page(client, seed).status_code == 410
    Story.objects.filter(pk=seed.pk).update(status=S.PUBLISHED)
    assert page(client, seed).status_code == 200


@pytest.mark.parametrize("status", [S.DRAFT, S.APPROVED, S.SCHEDULED, S.SPIKED])
def test_a_story_never_public_is_404_even_with_a_code(client, net, status):
    found = story(net, "هرگز منتشرنشده", status=status)
    Story.objects.filter(pk=found.pk).update(code=next_news_code())
    found.refresh_from_db()
    assert found.first_published_at is None
    assert page(client, found).status_code == 404
    assert page(client, found, "print/").status_code == 404


def test_a_spiked_story_is_404_whatever_its_dates_say(client, net):
    found = story(net, "کنارگذاشته", status=S.SPIKED)
    Story.objects.filter(pk=found.pk).update(
        code=next_news_code(), first_published_at=timezone.now()
    )
    found.refresh_from_db()
    assert page(client, found).status_code == 404


# --- What the page shows -------------------------------------------------------------------


def test_kicker_headline_code_unit_date_subjects_and_tags_link_to_their_pages(client, net, seed):
    html = page(client, seed).content.decode()
    assert '<p class="kicker">بهزیستی شمیرانات</p>' in html
    assert '<h1 class="story-headline">افتتاح مرکز توانبخشی در تجریش</h1>' in html
    assert "۶ آذر ۱۴۰۵، ۱۰:۰۰" in html
    code = str(seed.code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert f'کد خبر: <span class="num">{code}</span>' in html
    assert f'href="{reverse("portal:unit", args=["shemiranat"])}">شهرستان شمیرانات</a>' in html
    assert f'href="{reverse("portal:subject", args=["capability"])}">توانمندی جامعه هدف</a>' in html
    for tag in seed.tags.all():
        assert f'href="{reverse("portal:tag", args=[tag.pk])}" dir="auto">{tag.name}</a>' in html
    # The way back: home, then the unit.
    assert '<nav class="breadcrumbs"' in html


def test_related_stories_share_tags_first_then_subjects_public_only(client, net, seed):
    by_tag = story(net, "هم‌برچسب قدیمی", tags=["تجریش"], published_at=published_on(2026, 9, 1))
    by_subject = story(
        net, "هم‌موضوع تازه", subjects=["capability"], published_at=published_on(2026, 11, 1)
    )
    story(net, "هم‌برچسب پیش‌نویس", tags=["تجریش"], status=S.DRAFT)
    story(net, "هم‌برچسب برداشته", tags=["توانبخشی"], status=S.UNPUBLISHED)
    story(net, "بی‌ربط", tags=["کاشان"], subjects=["event"])
    story(
        net,
        "Same subject in English",
        subjects=["capability"],
        language=Story.Language.EN,
    )
    response = page(client, seed)
    assert [item.headline for item in response.context["related"]] == [
        by_tag.headline,
        by_subject.headline,
    ]
    html = response.content.decode()
    assert "خبرهای مرتبط" in html
    for hidden in ("پیش‌نویس", "برداشته", "بی‌ربط", seed.headline + "</a>"):
        assert hidden not in html.split("خبرهای مرتبط")[1].split("</section>")[0]


def test_related_stories_are_at_most_five_newest_first(client, net, seed):
    for day in range(1, 9):
        story(net, f"هم‌برچسب {day}", tags=["تجریش"], published_at=published_on(2026, 10, day))
    related = page(client, seed).context["related"]
    assert [item.headline for item in related] == [f"هم‌برچسب {day}" for day in (8, 7, 6, 5, 4)]


def test_no_related_block_for_a_story_without_kin(client, net):
    alone = story(net, "خبر تنها")
    assert "خبرهای مرتبط" not in page(client, alone).content.decode()


def test_share_links_are_plain_links_with_the_address_and_headline(client, net, seed):
    html = page(client, seed).content.decode()
    url = quote(f"http://testserver/news/{seed.code}/", safe="")
    text = quote(seed.headline, safe="")
    assert f'href="https://t.me/share/url?url={url}&amp;text={text}"' in html
    assert f'href="https://twitter.com/intent/tweet?url={url}&amp;text={text}"' in html
    assert f'href="mailto:?subject={text}&amp;body={url}"' in html
    assert f'value="http://testserver/news/{seed.code}/"' in html
    # Nothing of theirs loads: no script, frame, image or style from another site.
    assert not re.search(
        r'<(script|iframe|img|link)[^>]+(src|href)="(https?:)?//(?!testserver/)', html
    )


def test_the_print_view_is_the_article_alone(client, net, seed):
    EServiceLink.objects.create(title="میز خدمت", url="https://khedmat.example/")
    story(net, "هم‌برچسب", tags=["تجریش"])
    html = page(client, seed).content.decode()
    assert f'href="/news/{seed.code}/print/"' in html
    assert 'href="/static/portal/css/print.css" media="print">' in html

    response = page(client, seed, "print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert seed.headline in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/static/portal/css/print.css">' in html  # for the screen too
    assert f"http://testserver/news/{seed.code}/" in html  # the address, printed
    for absent in ("هم‌رسانی", "خبرهای مرتبط", "میز خدمت", 'class="portal-header"', "beacon"):
        assert absent not in html


def test_the_e_services_block_sits_beside_the_story(client, net, seed):
    EServiceLink.objects.create(title="صدای مشاور ۱۴۸۰", url="https://1480.example/")
    html = page(client, seed).content.decode()
    assert "خدمات الکترونیک پرکاربرد" in html
    assert "صدای مشاور ۱۴۸۰" in html


def test_an_arabic_story_reads_right_to_left_in_arabic(client, net):
    found = story(net, "وفد من العراق يزور مراكز التأهيل", language=Story.Language.AR)
    html = page(client, found).content.decode()
    assert '<article class="public-article" dir="rtl" lang="ar">' in html
    # The line about it (unit, code, time) is in the page's language.
    assert 'class="public-meta muted small" lang="fa" dir="rtl"' in html


def test_an_english_story_page_in_english_shows_gregorian_dates(client, net):
    found = story(
        net,
        "Science diplomacy week",
        language=Story.Language.EN,
        published_at=published_on(2026, 11, 27, 10),
    )
    client.cookies["hamafza_language"] = "en"  # chosen with the language switch
    html = client.get(f"/news/{found.code}/").content.decode()
    assert '<article class="public-article" dir="ltr" lang="en">' in html
    assert "27 Nov 2026, 10:00" in html


# --- The read beacon -------------------------------------------------------------------------


def test_the_page_asks_for_its_beacon_and_the_beacon_counts_a_read(client, net, seed):
    html = page(client, seed).content.decode()
    beacon = reverse("portal:story_seen", args=[seed.code])
    assert f'<img class="beacon" src="{beacon}" alt="" width="1" height="1">' in html
    # Rendering the page counts nothing (a cached copy would not either) …
    assert not StoryDailyViews.objects.exists()
    # … the beacon does, once per request, on today's row.
    for _ in range(2):
        response = client.get(beacon)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/gif"
        assert "no-store" in response["Cache-Control"]
    row = StoryDailyViews.objects.get()
    assert (row.story_id, row.day, row.views) == (seed.pk, timezone.localdate(), 2)


def test_the_beacon_counts_nothing_for_a_story_that_is_not_public(client, net):
    draft = story(net, "پیش‌نویس", status=S.DRAFT)
    withdrawn = story(net, "برداشته", status=S.UNPUBLISHED)
    for code in (withdrawn.code, 999999999, next_news_code()):
        response = client.get(reverse("portal:story_seen", args=[code]))
        assert response.status_code == 200  # a pixel either way: never a broken image
    assert draft.code is None
    assert not StoryDailyViews.objects.exists()


def test_the_beacon_takes_only_get(client, net, seed):
    assert client.post(reverse("portal:story_seen", args=[seed.code])).status_code == 405
    assert not StoryDailyViews.objects.exists()


def test_story_view_record_adds_up_per_day(net, seed):
    day = timezone.localdate()
    assert services.story_view_record(code=seed.code, day=day)
    assert services.story_view_record(code=seed.code, day=day)
    assert services.story_view_record(code=seed.code, day=day.replace(day=1))
    assert sorted(StoryDailyViews.objects.values_list("day", "views")) == sorted(
        [(day, 2), (day.replace(day=1), 1)]
    )


# --- Cost ------------------------------------------------------------------------------------


def test_the_story_page_needs_few_queries(client, net, seed, django_assert_max_num_queries):
    EServiceLink.objects.create(title="میز خدمت", url="https://khedmat.example/")
    for n in range(8):
        story(net, f"هم‌برچسب {n}", tags=["تجریش"], subjects=["capability"])
    # The story with its unit; its subjects, tags, photos, attachments and change notes; the
    # related stories (read straight from the newest ones here); the e-services; and the
    # comments block's two (the approved thread, whether comments are closed).
    with django_assert_max_num_queries(10):
        response = page(client, seed)
    assert response.status_code == 200
