"""`/`: the national home. HQ's featured stories, the latest Persian stories of the network,
the newest under each subject, the week's most read (fed by the story page's read beacon),
the international sections' newest, the e-services block and the index of units — public
stories only, in a handful of queries however many stories there are."""

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal import selectors
from hamafza.portal.models import EServiceLink, StoryDailyViews
from hamafza.portal.tests.conftest import published_on

S = Story.Status
F = Story.Feature
HOME = reverse("portal:home")


def story(net: Any, headline: str, **extra: Any) -> Story:
    extra.setdefault("unit", net.tehran)
    extra.setdefault("created_by", net.tehran_editor)
    extra.setdefault("status", S.PUBLISHED)
    return StoryFactory.create(headline=headline, **extra)


def headlines(stories: list[Story]) -> list[str]:
    return [item.headline for item in stories]


def test_the_root_is_the_national_home_not_a_redirect_to_the_desk(client, net):
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "portal/home.html"
    html = response.content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert "برگزیده‌های ستاد" not in html  # nothing featured yet: no empty block
    assert "هنوز خبری منتشر نشده است." in html
    # The desk keeps its own address.
    assert client.get("/desk/").status_code == 302


def test_featured_are_hqs_picks_among_public_stories_newest_first(client, net):
    older = story(net, "برگزیده قدیمی", feature=F.FEATURED, published_at=published_on(2026, 10, 1))
    newer = story(net, "برگزیده تازه", feature=F.FEATURED, published_at=published_on(2026, 11, 1))
    story(net, "پیشنهادشده برای صفحه اول", feature=F.REQUESTED)
    story(net, "برگزیده از انتشار خارج‌شده", feature=F.FEATURED, status=S.UNPUBLISHED)
    response = client.get(HOME)
    assert headlines(response.context["featured"]) == [newer.headline, older.headline]
    html = response.content.decode()
    assert "برگزیده‌های ستاد" in html
    assert f'href="/news/{newer.code}/">برگزیده تازه</a>' in html
    assert "از انتشار خارج‌شده" not in html
    # A featured story is not listed again among the latest.
    assert newer not in response.context["latest"]
    assert "پیشنهادشده برای صفحه اول" in headlines(response.context["latest"])


def test_latest_are_public_persian_stories_of_the_whole_network_newest_first(client, net):
    first = story(net, "خبر تهران", published_at=published_on(2026, 11, 20))
    second = story(
        net,
        "خبر نیشابور",
        unit=net.neyshabur,
        created_by=net.khorasan_video,
        published_at=published_on(2026, 11, 25),
    )
    story(net, "پیش‌نویس پنهان", status=S.DRAFT)
    story(net, "بایگانی‌شده پنهان", status=S.ARCHIVED)
    story(net, "Science diplomacy week", language=Story.Language.EN)
    response = client.get(HOME)
    assert headlines(response.context["latest"]) == [second.headline, first.headline]
    html = response.content.decode()
    assert "پنهان" not in html
    assert f'href="{reverse("portal:unit", args=["neyshabur"])}">شهرستان نیشابور</a>' in html
    assert "۴ آذر ۱۴۰۵، ۱۰:۰۰" in html  # 2026-11-25 10:00 Tehran, Jalali, Persian digits


def test_latest_is_limited_to_a_page_worth(client, net):
    for n in range(15):
        story(net, f"خبر شماره {n}", published_at=published_on(2026, 11, 1 + n))
    latest = client.get(HOME).context["latest"]
    assert len(latest) == 12
    assert latest[0].headline == "خبر شماره 14"


def test_latest_finds_persian_stories_behind_many_newer_foreign_ones(client, net):
    older = story(net, "خبر فارسی قدیمی‌تر", published_at=published_on(2026, 9, 1))
    for n in range(60):
        story(
            net,
            f"International story {n}",
            language=Story.Language.EN,
            published_at=published_on(2026, 10, 1 + n % 28),
        )
    assert headlines(client.get(HOME).context["latest"]) == [older.headline]


def test_each_subject_shows_its_three_newest_stories(client, net):
    for day in range(1, 6):
        story(
            net,
            f"رویداد روز {day}",
            subjects=["event"],
            published_at=published_on(2026, 11, day),
        )
    both = story(
        net,
        "رویداد و دستاورد",
        subjects=["event", "achievement"],
        published_at=published_on(2026, 11, 10),
    )
    story(net, "دستاورد منتشرنشده", subjects=["achievement"], status=S.SUBMITTED)
    shelves = {
        shelf.subject.value: headlines(shelf.stories)
        for shelf in client.get(HOME).context["shelves"]
    }
    assert shelves == {
        "event": [both.headline, "رویداد روز 5", "رویداد روز 4"],
        "achievement": [both.headline],
    }
    html = client.get(HOME).content.decode()
    assert f'href="{reverse("portal:subject", args=["event"])}">رویداد</a>' in html
    assert "همه خبرهای «دستاورد»" in html


def test_most_read_ranks_the_last_weeks_reads(client, net):
    popular = story(net, "خبر پربازدید")
    quiet = story(net, "خبر کم‌بازدید")
    stale = story(net, "خبر پربازدید قدیمی")
    withdrawn = story(net, "خبر پربازدید برداشته‌شده")
    for _ in range(3):
        client.get(reverse("portal:story_seen", args=[popular.code]))
    client.get(reverse("portal:story_seen", args=[quiet.code]))
    today = timezone.localdate()
    StoryDailyViews.objects.create(story=stale, day=today - timedelta(days=7), views=500)
    StoryDailyViews.objects.create(story=popular, day=today - timedelta(days=6), views=2)
    StoryDailyViews.objects.create(story=withdrawn, day=today, views=900)
    Story.objects.filter(pk=withdrawn.pk).update(status=S.UNPUBLISHED)

    response = client.get(HOME)
    assert headlines(response.context["most_read"]) == [popular.headline, quiet.headline]
    assert response.context["most_read"][0].reads == 5
    html = response.content.decode()
    assert "پربازدیدترین‌های هفته" in html
    assert "قدیمی" not in html.split("پربازدیدترین‌های هفته")[1].split("</section>")[0]


def test_most_read_is_hidden_until_something_is_read(client, net):
    story(net, "خبری که کسی نخوانده")
    assert "پربازدیدترین‌های هفته" not in client.get(HOME).content.decode()


def test_the_e_services_block_lists_shown_links_in_order(client, net):
    EServiceLink.objects.create(title="اورژانس اجتماعی ۱۲۳", url="https://123.example/", position=2)
    EServiceLink.objects.create(
        title="میز خدمت", url="https://khedmat.example/", position=1, description="ثبت درخواست"
    )
    EServiceLink.objects.create(title="پیوند پنهان", url="https://hidden.example/", is_active=False)
    html = client.get(HOME).content.decode()
    assert "خدمات الکترونیک پرکاربرد" in html
    assert html.index("میز خدمت") < html.index("اورژانس اجتماعی ۱۲۳")
    assert '<a href="https://khedmat.example/" rel="noopener">میز خدمت</a>' in html
    assert "ثبت درخواست" in html
    assert "پیوند پنهان" not in html


def test_no_e_services_block_without_links(client, net):
    assert "خدمات الکترونیک پرکاربرد" not in client.get(HOME).content.decode()


def test_the_international_sections_are_linked_in_their_own_language(client, net):
    html = client.get(HOME).content.decode()
    assert f'href="{reverse("portal:section_en")}" lang="en" dir="ltr">News in English</a>' in html
    ar = f'href="{reverse("portal:section_ar")}" lang="ar" dir="rtl">الأخبار باللغة العربية</a>'
    assert ar in html


def test_the_home_lists_stories_with_their_language_and_direction(client, net):
    story(net, "Science diplomacy week", language=Story.Language.EN, feature=F.FEATURED)
    html = client.get(HOME).content.decode()
    assert '<article class="featured-top" lang="en" dir="ltr">' in html


def test_the_units_index_lists_hq_then_the_units_below_it(client, net):
    units = client.get(HOME).context["units"]
    assert units[0].slug == "hq"
    slugs = {node.slug for node in units}
    assert slugs == {"hq", "hq-pr", "tehran", "isfahan", "khorasan-razavi"}
    net.isfahan.is_active = False
    net.isfahan.save()
    assert "isfahan" not in {node.slug for node in client.get(HOME).context["units"]}


def test_the_home_needs_few_queries_however_many_stories(
    client, net, django_assert_max_num_queries
):
    EServiceLink.objects.create(title="میز خدمت", url="https://khedmat.example/")
    for n in range(30):
        made = story(
            net,
            f"خبر {n}",
            subjects=[["event", "need", "model"][n % 3]],
            feature=F.FEATURED if n % 10 == 0 else F.NONE,
            language=Story.Language.EN if n % 7 == 0 else Story.Language.FA,
        )
        StoryDailyViews.objects.create(story=made, day=timezone.localdate(), views=n)
    # the ids of the featured, the latest, the subjects' shelves and the most read, then
    # every story they name at once; the e-services; the units
    with django_assert_max_num_queries(7):
        response = client.get(HOME)
    assert response.status_code == 200


@pytest.mark.parametrize("language", [Story.Language.FA, Story.Language.EN])
def test_selectors_count_only_public_stories(net, language):
    kept = story(net, "منتشرشده", language=language, subjects=["need"])
    story(net, "پیش‌نویس", language=language, subjects=["need"], status=S.DRAFT)
    shelves = selectors.stories_by_subject(per_subject=3, language=language)
    assert [(shelf.subject.value, shelf.stories) for shelf in shelves] == [("need", [kept])]
