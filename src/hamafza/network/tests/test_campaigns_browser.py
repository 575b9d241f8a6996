"""A campaign in headless Chromium, as three people: an HQ strategist writes and launches a
national campaign; Tehran's head sees the invitation and joins; Tehran's editor publishes a
story tagged with the campaign's hashtag; the story then shows on HQ's participation board.

Screenshots (desktop 1280 px and phone 390 px) are saved under test-artifacts/campaigns-*.png
for a person to look at the RTL layout. Pages must run without a script error or a failed
request, and must not scroll sideways on a phone.
"""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.conftest import screenshot
from hamafza.network.models.campaigns import Campaign, CampaignOutput
from hamafza.network.tests.factories_campaigns import HASHTAG, active_strategy
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import sign_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def jalali(day: Any) -> str:
    jd = JalaliDate(day)
    return f"{jd.year}/{jd.month:02d}/{jd.day:02d}"


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1


def both_sizes(page: Any, name: str) -> None:
    screenshot(page, f"campaigns-{name}")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(300)
    screenshot(page, f"campaigns-{name}-phone")
    no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def other_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, locale="fa-IR", viewport=DESKTOP)
    other = context.new_page()
    other.set_default_timeout(15_000)
    yield other
    context.close()


def test_hq_launches_tehran_joins_and_a_tagged_story_shows_on_the_board(page, other_page, net):
    hq, tehran = page, other_page
    errors, tehran_errors = watch(hq), watch(tehran)
    goal, message = active_strategy()
    today = timezone.localdate()

    # --- HQ writes the campaign and launches it.
    sign_in(hq, "hq.editor")
    hq.goto("/desk/network/campaigns/")
    with hq.expect_navigation():
        hq.click("text=کارزار تازه")
    hq.select_option("#id_owner_unit", "hq")
    hq.fill("#id_title", "هفته ملی توانیابان")
    hq.fill("#id_summary", "یک هفته روایت توانمندی افراد دارای معلولیت در همه استان‌ها.")
    hq.fill("#id_starts_on", jalali(today - timedelta(days=1)))
    hq.fill("#id_ends_on", jalali(today + timedelta(days=5)))
    hq.fill("#id_hashtag", "#" + HASHTAG)
    hq.check(f"input[name=goals][value='{goal.pk}']")
    hq.check(f"input[name=key_messages][value='{message.pk}']")
    hq.check("input[name=scope][value=children]")
    both_sizes(hq, "01-new")
    with hq.expect_navigation():
        hq.click("button[type=submit] >> text=ثبت پیش‌نویس کارزار")
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.DRAFT
    hq.click("summary >> text=افزودن پیام آماده")
    hq.fill("#id_message-text", "توانمندی، نه ترحم. #توانیابان")
    with hq.expect_navigation():
        hq.click("form[action$='/toolkit/message/'] button[type=submit]")
    with hq.expect_navigation():
        hq.click("button[data-action=launch]")
    assert "در جریان" in hq.inner_text(".page-head")
    both_sizes(hq, "02-launched")

    # --- Tehran's head sees the invitation and joins.
    sign_in(tehran, "tehran.head")
    tehran.goto("/desk/notifications/")
    assert "هفته ملی توانیابان" in tehran.inner_text("main")
    tehran.goto("/desk/network/campaigns/?state=active")
    with tehran.expect_navigation():
        tehran.click("text=هفته ملی توانیابان")
    both_sizes(tehran, "03a-invited")
    with tehran.expect_navigation():
        tehran.click("button[data-action=join]")
    assert "پیوسته" in tehran.inner_text(".camp-side")
    both_sizes(tehran, "03-joined")

    # --- Tehran's editor publishes a story carrying the hashtag from the story page.
    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=Story.Status.APPROVED,
        headline="۱۲ توانیاب تهرانی در کارگاه‌های صنایع‌دستی شاغل شدند", tags=[HASHTAG],
    )  # fmt: skip
    tehran.context.clear_cookies()
    sign_in(tehran, "tehran.editor")
    tehran.goto(f"/desk/stories/{story.pk}/")
    with tehran.expect_navigation():
        tehran.click("button[data-action=publish]")
    assert Story.objects.get(pk=story.pk).status == Story.Status.PUBLISHED
    assert CampaignOutput.objects.filter(campaign=campaign, story=story, kind="story").exists()

    # --- HQ's board shows Tehran active with its story, the others silent.
    hq.goto(f"/desk/network/campaigns/{campaign.pk}/board/")
    assert hq.get_attribute("tr[data-unit=tehran]", "data-state") == "active"
    assert hq.get_attribute("tr[data-unit=isfahan]", "data-state") == "silent"
    assert "۱" in hq.inner_text("tr[data-unit=tehran] td.total")
    assert story.headline in hq.inner_text("main")
    hq.wait_for_selector("canvas[data-drawn='1']")
    both_sizes(hq, "04-board")
    hq.goto(f"/desk/network/campaigns/{campaign.pk}/")
    both_sizes(hq, "05-detail-with-output")
    assert errors == []
    assert tehran_errors == []


def test_hq_extends_a_running_campaign_and_invites_a_county(page, net):
    """The edit page of a running campaign and the invite control, at 1280 and 390 px."""
    from hamafza.network.tests.factories_campaigns import make_campaign

    errors = watch(page)
    campaign = make_campaign(net.hq, net.hq_editor)
    later = campaign.ends_on + timedelta(days=7)
    sign_in(page, "hq.editor")
    page.goto(f"/desk/network/campaigns/{campaign.pk}/")
    with page.expect_navigation():
        page.click(".page-head >> text=ویرایش کارزار")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.is_disabled("#id_starts_on")
    assert HASHTAG in page.inner_text("[data-testid=fixed-hashtag]")
    both_sizes(page, "09-edit-running")
    page.fill("#id_ends_on", jalali(later))
    with page.expect_navigation():
        page.click("button[type=submit] >> text=ذخیره تغییرات")
    assert Campaign.objects.get(pk=campaign.pk).ends_on == later
    page.click("summary[data-action=invite]")
    page.select_option("#id_invite-units", ["shemiranat"])
    both_sizes(page, "10-invite")
    with page.expect_navigation():
        page.click("button[data-action=invite-units]")
    assert "شهرستان شمیرانات" in page.inner_text("#participants")
    assert errors == []


def test_the_demo_week_on_the_board(page):
    from hamafza.network.demo.campaigns import load
    from hamafza.newsroom.demo import demo_load as newsroom_demo_load
    from hamafza.org.demo import demo_load as org_demo_load
    from hamafza.org.demo.data import DEMO_PASSWORD
    from hamafza.plans.demo import demo_load as plans_demo_load

    org_demo_load()
    plans_demo_load()
    newsroom_demo_load()
    load()
    errors = watch(page)
    campaign = Campaign.objects.get(hashtag="توانیابان")
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "hq.editor")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    page.goto(f"/desk/network/campaigns/{campaign.pk}/board/")
    assert page.locator("tr[data-state=silent]").count() >= 5
    page.wait_for_selector("canvas[data-drawn='1']")
    both_sizes(page, "06-demo-board")
    page.goto(f"/desk/network/campaigns/{campaign.pk}/")
    both_sizes(page, "07-demo-detail")
    page.goto("/desk/network/campaigns/")
    both_sizes(page, "08-demo-list")
    assert errors == []
