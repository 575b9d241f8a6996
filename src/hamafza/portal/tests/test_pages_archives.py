"""The paginated archives: a unit's section (`/units/<slug>/`, with its sub-units and the
stories of every unit below it), tag pages, subject pages and the English and Arabic sections
(each marked with its language and direction). Public stories only, newest first, 20 a page,
a few queries a page."""

from typing import Any

import pytest
from django.urls import reverse

from hamafza.newsroom.models import Story, Tag
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal.tests.conftest import published_on

S = Story.Status
HTMX = {"HX-Request": "true"}


def story(unit: Any, author: Any, headline: str, **extra: Any) -> Story:
    extra.setdefault("status", S.PUBLISHED)
    return StoryFactory.create(unit=unit, created_by=author, headline=headline, **extra)


def listed(response: Any) -> list[str]:
    assert response.status_code == 200
    return [item.headline for item in response.context["pagination"].items]


# --- A unit's section ------------------------------------------------------------------------


@pytest.fixture
def tehran_news(net: Any) -> dict[str, Story]:
    return {
        "province": story(
            net.tehran, net.tehran_editor, "خبر استان تهران", published_at=published_on(2026, 11, 2)
        ),
        "county": story(
            net.shemiranat,
            net.shemiranat_reporter,
            "خبر شمیرانات",
            published_at=published_on(2026, 11, 3),
        ),
        "draft": story(net.tehran, net.tehran_reporter, "پیش‌نویس تهران", status=S.DRAFT),
        "withdrawn": story(net.tehran, net.tehran_editor, "برداشته تهران", status=S.UNPUBLISHED),
        "isfahan": story(net.isfahan, net.isfahan_editor, "خبر اصفهان"),
    }


def test_a_province_lists_its_own_and_its_counties_stories(client, net, tehran_news):
    response = client.get(reverse("portal:unit", args=["tehran"]))
    assert listed(response) == ["خبر شمیرانات", "خبر استان تهران"]
    html = response.content.decode()
    assert "<h1>استان تهران</h1>" in html
    for hidden in ("پیش‌نویس", "برداشته", "خبر اصفهان"):
        assert hidden not in html


def test_a_unit_shows_its_sub_units_and_the_way_up(client, net, tehran_news):
    html = client.get(reverse("portal:unit", args=["tehran"])).content.decode()
    assert '<h2 id="subunits-title" class="small">واحدهای زیرمجموعه</h2>' in html
    assert f'href="{reverse("portal:unit", args=["shemiranat"])}">شهرستان شمیرانات</a>' in html
    county = client.get(reverse("portal:unit", args=["shemiranat"]))
    assert listed(county) == ["خبر شمیرانات"]
    html = county.content.decode()
    assert 'id="subunits-title"' not in html
    crumbs = html.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert crumbs.index("ستاد سازمان") < crumbs.index("استان تهران")


def test_hq_section_covers_the_whole_network(client, net, tehran_news):
    assert set(listed(client.get(reverse("portal:unit", args=["hq"])))) == {
        "خبر استان تهران",
        "خبر شمیرانات",
        "خبر اصفهان",
    }


def test_a_closed_sub_unit_is_not_offered_but_its_stories_stay(client, net, tehran_news):
    net.shemiranat.is_active = False
    net.shemiranat.save()
    assert client.get(reverse("portal:unit", args=["shemiranat"])).status_code == 404
    response = client.get(reverse("portal:unit", args=["tehran"]))
    assert "شهرستان شمیرانات</a></li>" not in response.content.decode()
    # Nothing published is lost: the county's stories stay in the province's section.
    assert listed(response) == ["خبر شمیرانات", "خبر استان تهران"]


def test_an_unknown_unit_is_404(client, net):
    assert client.get("/units/nowhere/").status_code == 404


def test_a_unit_without_stories_says_so(client, net):
    html = client.get(reverse("portal:unit", args=["kashan"])).content.decode()
    assert "این واحد هنوز خبری منتشر نکرده است." in html


def test_archives_are_paginated_twenty_a_page_newest_first(client, net):
    for n in range(23):
        story(
            net.kashan,
            net.isfahan_editor,
            f"خبر کاشان {n:02}",
            published_at=published_on(2026, 10, n + 1),
        )
    url = reverse("portal:unit", args=["kashan"])
    first = client.get(url)
    assert listed(first) == [f"خبر کاشان {n:02}" for n in range(22, 2, -1)]
    html = first.content.decode()
    assert "۲۳ خبر" in html
    assert 'rel="next"' in html
    # Persian digits in ?page= are read; a page past the end shows the last.
    assert listed(client.get(url, {"page": "۲"})) == [
        "خبر کاشان 02",
        "خبر کاشان 01",
        "خبر کاشان 00",
    ]
    assert listed(client.get(url, {"page": "99"})) == listed(client.get(url, {"page": "2"}))
    assert listed(client.get(url, {"page": "دو"})) == listed(first)


def test_htmx_page_links_get_only_the_archive(client, net):
    for n in range(21):
        story(net.kashan, net.isfahan_editor, f"خبر {n}")
    response = client.get(reverse("portal:unit", args=["kashan"]), {"page": 2}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="archive"')
    assert "<h1>" not in html
    assert "HX-Request" in response.get("Vary", "")


def test_a_unit_page_needs_few_queries(client, net, django_assert_max_num_queries):
    for n in range(25):
        story([net.tehran, net.shemiranat][n % 2], net.tehran_editor, f"خبر {n}")
    # the units (the section's unit among them), the count, the page's ids with their rows
    with django_assert_max_num_queries(3):
        response = client.get(reverse("portal:unit", args=["tehran"]))
    assert len(listed(response)) == 20


# --- Tags and subjects -----------------------------------------------------------------------


def test_a_tag_page_lists_its_public_stories(client, net):
    kept = story(net.tehran, net.tehran_editor, "خبر برچسب‌دار", tags=["سالمندان"])
    story(net.tehran, net.tehran_reporter, "پیش‌نویس برچسب‌دار", tags=["سالمندان"], status=S.DRAFT)
    story(net.tehran, net.tehran_editor, "بی‌برچسب")
    tag = Tag.objects.get(name="سالمندان")
    response = client.get(reverse("portal:tag", args=[tag.pk]))
    assert listed(response) == [kept.headline]
    html = response.content.decode()
    assert '<h1 dir="auto">سالمندان</h1>' in html
    assert "پیش‌نویس" not in html


def test_a_tag_used_only_by_unpublished_work_is_404_and_its_name_is_not_shown(client, net):
    story(net.tehran, net.tehran_reporter, "پیش‌نویس", tags=["طرح محرمانه"], status=S.DRAFT)
    tag = Tag.objects.get(name="طرح محرمانه")
    response = client.get(reverse("portal:tag", args=[tag.pk]))
    assert response.status_code == 404
    assert "طرح محرمانه" not in response.content.decode()
    assert client.get(reverse("portal:tag", args=[987654])).status_code == 404


def test_a_subject_page_lists_its_public_stories(client, net):
    kept = story(net.tehran, net.tehran_editor, "نیاز خانواده‌ها", subjects=["need"])
    story(net.tehran, net.tehran_editor, "رویداد", subjects=["event"])
    response = client.get(reverse("portal:subject", args=["need"]))
    assert listed(response) == [kept.headline]
    assert "<h1>نیاز</h1>" in response.content.decode()
    empty = client.get(reverse("portal:subject", args=["model"]))
    assert "هنوز خبری با این موضوع منتشر نشده است." in empty.content.decode()


def test_an_unknown_subject_is_404(client, net):
    assert client.get("/subjects/gossip/").status_code == 404


# --- The international sections ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "language", "direction", "title", "headline"),
    [
        ("portal:section_en", "en", "ltr", "News in English", "Science diplomacy week"),
        ("portal:section_ar", "ar", "rtl", "الأخبار باللغة العربية", "أسبوع الدبلوماسية العلمية"),
    ],
)
def test_a_language_section_lists_its_stories_in_their_direction(
    client, net, url_name, language, direction, title, headline
):
    story(net.hq_pr, net.hq_editor, headline, language=language)
    story(net.hq_pr, net.hq_editor, "خبر فارسی")
    story(net.hq_pr, net.hq_editor, "Draft abroad", language=language, status=S.DRAFT)
    response = client.get(reverse(url_name))
    assert listed(response) == [headline]
    html = response.content.decode()
    assert f'<div class="archive-head" lang="{language}" dir="{direction}">' in html
    assert f"<h1>{title}</h1>" in html
    archive = f'<section id="archive" class="archive" aria-label="فهرست خبرها" lang="{language}"'
    assert f'{archive} dir="{direction}">' in html
    assert f'<article class="story-card" lang="{language}" dir="{direction}">' in html
    # The page's frame stays in the reader's language.
    assert '<html lang="fa" dir="rtl">' in html
