"""The desk's story lists: my stories, the review queue, the network feed, oversight, search.
What each persona sees, what they never see (another unit's unpublished work), the htmx
fragments, and that the queries do not grow with the number of stories."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

S = Story.Status
F = Story.Feature
HTMX = {"HX-Request": "true"}
MY_STORIES = reverse("newsroom:my_stories")
QUEUE = reverse("newsroom:review_queue")
FEED = reverse("newsroom:network_feed")
OVERSIGHT = reverse("newsroom:oversight")
SEARCH = reverse("newsroom:story_search")


def headlines(response, key: str = "pagination") -> set[str]:
    assert response.status_code == 200
    value = response.context[key]
    items = value.items if hasattr(value, "items") and not isinstance(value, list) else value
    return {story.headline for story in items}


@pytest.fixture
def desk(net):
    """Stories of Tehran, Shemiranat (below Tehran) and Isfahan in several states."""

    def story(unit, author, status, headline, **extra):
        return StoryFactory.create(
            unit=unit, created_by=author, status=status, headline=headline, **extra
        )

    return {
        "t_draft": story(net.tehran, net.tehran_reporter, S.DRAFT, "پیش‌نویس تهران"),
        "t_submitted": story(net.tehran, net.tehran_reporter, S.SUBMITTED, "ارسالی تهران"),
        "t_approved": story(net.tehran, net.tehran_reporter, S.APPROVED, "تأییدی تهران"),
        "t_scheduled": story(net.tehran, net.tehran_editor, S.SCHEDULED, "زمان‌بندی تهران"),
        "t_published": story(
            net.tehran, net.tehran_reporter, S.PUBLISHED, "منتشرشده تهران", kind="report"
        ),
        "s_submitted": story(
            net.shemiranat, net.shemiranat_reporter, S.SUBMITTED, "ارسالی شمیرانات"
        ),
        "i_draft": story(net.isfahan, net.isfahan_editor, S.DRAFT, "پیش‌نویس اصفهان"),
        "i_submitted": story(net.isfahan, net.isfahan_editor, S.SUBMITTED, "ارسالی اصفهان"),
        "i_published": story(
            net.isfahan,
            net.isfahan_editor,
            S.PUBLISHED,
            "منتشرشده اصفهان",
            subjects=["capability"],
        ),
    }


# --- My stories ----------------------------------------------------------------------------


def test_my_stories_lists_what_i_wrote_in_every_status(client, net, desk):
    client.force_login(net.tehran_reporter)
    response = client.get(MY_STORIES)
    assert headlines(response) == {
        "پیش‌نویس تهران",
        "ارسالی تهران",
        "تأییدی تهران",
        "منتشرشده تهران",
    }
    html = response.content.decode()
    assert "در انتظار بررسی" in html  # the status chip
    assert reverse("newsroom:story_create") in html


def test_my_stories_include_stories_i_coauthored(client, net, desk):
    desk["t_scheduled"].authors.add(net.tehran_reporter)
    client.force_login(net.tehran_reporter)
    assert "زمان‌بندی تهران" in headlines(client.get(MY_STORIES))


def test_my_stories_filter_by_status(client, net, desk):
    client.force_login(net.tehran_reporter)
    assert headlines(client.get(MY_STORIES, {"status": "submitted"})) == {"ارسالی تهران"}
    response = client.get(MY_STORIES, {"status": "nonsense"})
    assert response.context["pagination"] is None
    assert "فیلترها درست نیستند" in response.content.decode()


def test_my_stories_htmx_returns_only_the_rows(client, net, desk):
    client.force_login(net.tehran_reporter)
    response = client.get(MY_STORIES, {"status": "draft"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="rows"')
    assert "<html" not in html
    assert "پیش‌نویس تهران" in html
    assert "ارسالی تهران" not in html
    assert response["Vary"] == "HX-Request" or "HX-Request" in response["Vary"]


def test_a_viewer_is_offered_no_new_story(client, net, desk):
    client.force_login(net.tehran_viewer)
    response = client.get(MY_STORIES)
    assert headlines(response) == set()
    assert reverse("newsroom:story_create") not in response.content.decode()


def test_the_desk_is_for_members(client, net):
    client.force_login(net.outsider)
    for url in (MY_STORIES, QUEUE, FEED, OVERSIGHT, SEARCH):
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(MY_STORIES).status_code == 302


def test_my_stories_queries_do_not_grow(client, net, django_assert_max_num_queries):
    for number in range(35):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, headline=f"خبر {number:02d}"
        )
    client.force_login(net.tehran_reporter)
    with django_assert_max_num_queries(10):
        response = client.get(MY_STORIES)
    assert len(headlines(response)) == 30
    assert response.context["pagination"].page.paginator.count == 35


# --- Review queue --------------------------------------------------------------------------


def test_the_review_queue_holds_my_units_submitted_and_waiting_stories(client, net, desk):
    client.force_login(net.tehran_editor)
    response = client.get(QUEUE)
    # Shemiranat is below Tehran: Tehran's editor reviews its stories too.
    assert {s.headline for s in response.context["submitted"]} == {
        "ارسالی تهران",
        "ارسالی شمیرانات",
    }
    assert {s.headline for s in response.context["awaiting"]} == {
        "تأییدی تهران",
        "زمان‌بندی تهران",
    }
    html = response.content.decode()
    assert "ارسالی اصفهان" not in html
    assert "پیش‌نویس تهران" not in html


def test_a_county_head_sees_only_the_county(client, net, desk):
    client.force_login(net.shemiranat_head)
    response = client.get(QUEUE)
    assert {s.headline for s in response.context["submitted"]} == {"ارسالی شمیرانات"}
    assert response.context["awaiting"] == []


def test_a_reporter_has_no_queue(client, net, desk):
    client.force_login(net.tehran_reporter)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert response.context["submitted"] == []
    assert "شما دبیر هیچ واحدی نیستید" in response.content.decode()


def test_the_queue_queries_do_not_grow(client, net, django_assert_max_num_queries):
    for number in range(20):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, status=S.SUBMITTED,
            headline=f"ارسالی {number}",
        )  # fmt: skip
        StoryFactory.create(
            unit=net.shemiranat, created_by=net.shemiranat_reporter, status=S.APPROVED,
            headline=f"تأییدی {number}",
        )  # fmt: skip
    client.force_login(net.tehran_editor)
    with django_assert_max_num_queries(11):
        response = client.get(QUEUE)
    assert len(response.context["submitted"]) == 20
    assert len(response.context["awaiting"]) == 20


# --- Network feed --------------------------------------------------------------------------


def test_the_feed_shows_published_stories_of_every_unit_newest_first(client, net, desk):
    older = desk["t_published"]
    older.published_at = timezone.now() - timedelta(days=2)
    older.save(update_fields=["published_at"])
    client.force_login(net.isfahan_editor)
    response = client.get(FEED)
    assert [s.headline for s in response.context["pagination"].items] == [
        "منتشرشده اصفهان",
        "منتشرشده تهران",
    ]
    html = response.content.decode()
    assert "پیش‌نویس تهران" not in html
    assert "ارسالی تهران" not in html


def test_the_feed_filters(client, net, desk):
    client.force_login(net.tehran_viewer)
    assert headlines(client.get(FEED, {"unit": "isfahan"})) == {"منتشرشده اصفهان"}
    assert headlines(client.get(FEED, {"unit": "hq"})) == {"منتشرشده اصفهان", "منتشرشده تهران"}
    assert headlines(client.get(FEED, {"kind": "report"})) == {"منتشرشده تهران"}
    assert headlines(client.get(FEED, {"subject": "capability"})) == {"منتشرشده اصفهان"}
    assert client.get(FEED, {"kind": "spaceship"}).context["pagination"] is None


def test_the_feed_offers_republishing_another_units_story(client, net, desk):
    client.force_login(net.isfahan_editor)
    html = client.get(FEED).content.decode()
    assert reverse("newsroom:story_republish", args=[desk["t_published"].pk]) in html
    # Not its own story, and nothing for a viewer.
    assert reverse("newsroom:story_republish", args=[desk["i_published"].pk]) not in html
    client.force_login(net.tehran_viewer)
    assert "story_republish" not in client.get(FEED).content.decode()
    assert reverse("newsroom:story_republish", args=[desk["i_published"].pk]) not in (
        client.get(FEED).content.decode()
    )


def test_the_feed_htmx_returns_only_the_results(client, net, desk):
    client.force_login(net.tehran_viewer)
    response = client.get(FEED, {"unit": "tehran"}, headers=HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "منتشرشده تهران" in html
    assert "منتشرشده اصفهان" not in html


def test_the_feed_queries_do_not_grow(client, net, django_assert_max_num_queries):
    for number in range(36):
        StoryFactory.create(
            unit=net.kashan if number % 2 else net.tehran,
            created_by=net.isfahan_editor if number % 2 else net.tehran_reporter,
            status=S.PUBLISHED,
            headline=f"منتشرشده {number}",
        )
    client.force_login(net.isfahan_editor)
    with django_assert_max_num_queries(10):
        response = client.get(FEED)
    assert len(headlines(response)) == 30


# --- Oversight -----------------------------------------------------------------------------


def test_oversight_lists_force_published_stories_for_the_units_editors(client, net):
    forced = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_head,
        status=S.PUBLISHED,
        needs_retro_approval=True,
        headline="انتشار فوری تهران",
    )
    StoryFactory.create(
        unit=net.isfahan,
        created_by=net.isfahan_head,
        status=S.PUBLISHED,
        needs_retro_approval=True,
        headline="انتشار فوری اصفهان",
    )
    client.force_login(net.tehran_editor)
    response = client.get(OVERSIGHT)
    assert [s.headline for s in response.context["retro"]] == ["انتشار فوری تهران"]
    assert reverse("newsroom:story_retro_approve", args=[forced.pk]) in (response.content.decode())
    assert response.context["is_hq"] is False


def test_oversight_shows_hq_the_front_page_requests(client, net):
    asked = StoryFactory.create(
        unit=net.isfahan,
        created_by=net.isfahan_editor,
        status=S.PUBLISHED,
        feature=F.REQUESTED,
        headline="پیشنهاد صفحه اول",
    )
    StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor, status=S.PUBLISHED)
    client.force_login(net.hq_editor)
    response = client.get(OVERSIGHT)
    assert [s.headline for s in response.context["requested"]] == ["پیشنهاد صفحه اول"]
    html = response.content.decode()
    assert reverse("newsroom:story_feature", args=[asked.pk, "feature"]) in html
    assert reverse("newsroom:story_feature", args=[asked.pk, "decline_feature"]) in html
    # A province editor does not decide on the national front page.
    client.force_login(net.isfahan_editor)
    assert client.get(OVERSIGHT).context["requested"] == []


@pytest.mark.parametrize("persona", ["tehran_reporter", "tehran_viewer", "khorasan_video"])
def test_oversight_is_refused_to_those_who_neither_edit_nor_sit_at_hq(client, net, persona):
    client.force_login(getattr(net, persona))
    assert client.get(OVERSIGHT).status_code == 403


# --- Search --------------------------------------------------------------------------------


def found(response) -> set[str]:
    assert response.status_code == 200
    return {item.story.headline for item in response.context["found"].items}


def test_search_finds_only_what_the_user_may_see(client, net, desk):
    client.force_login(net.isfahan_editor)
    assert found(client.get(SEARCH, {"q": "تهران"})) == {"منتشرشده تهران"}
    assert found(client.get(SEARCH, {"q": "اصفهان"})) == {
        "پیش‌نویس اصفهان",
        "ارسالی اصفهان",
        "منتشرشده اصفهان",
    }
    client.force_login(net.tehran_editor)
    assert "پیش‌نویس تهران" in found(client.get(SEARCH, {"q": "پیش‌نویس"}))
    assert "پیش‌نویس اصفهان" not in found(client.get(SEARCH, {"q": "پیش‌نویس"}))


def test_search_looks_in_the_lead_and_says_when_nothing_matches(client, net, desk):
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        headline="تیتر",
        lead="مراسم روز جهانی معلولان",
    )
    client.force_login(net.tehran_reporter)
    assert found(client.get(SEARCH, {"q": "معلولان جهانی"})) == {"تیتر"}
    response = client.get(SEARCH, {"q": "ناموجود"})
    assert "خبری با «ناموجود» پیدا نشد" in response.content.decode()
    assert client.get(SEARCH).context["found"] is None


def test_search_htmx_returns_only_the_results(client, net, desk):
    client.force_login(net.tehran_reporter)
    html = client.get(SEARCH, {"q": "تهران"}, headers=HTMX).content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "ارسالی <mark>تهران</mark>" in html
