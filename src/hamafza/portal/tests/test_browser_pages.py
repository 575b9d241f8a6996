"""The public pages in headless Chromium at phone (390px) and desktop (1280px) widths: the
national home, a featured story (its read beacon counted), the story's unit section and a tag,
the print view and the English section; keyboard use (the skip link, a visible focus ring).
Screenshots go to test-artifacts/portal-pages-*.png for a person to look at the RTL layout;
every page must load without a script error, a CSP refusal or a failed request, and never
scroll sideways."""

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from hamafza.conftest import screenshot
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import DESKTOP, PHONE, no_sideways_scroll, watch
from hamafza.portal.models import EServiceLink, StoryDailyViews
from hamafza.portal.tests.conftest import published_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Story.Status
LEAD = (
    "این برنامه با حضور کارشناسان روابط عمومی و خانواده‌های مددجویان برگزار شد و نمونه‌های "
    "موفق اشتغال افراد دارای معلولیت معرفی شدند."
)


def portal_content(net: Any) -> Story:
    """A small network's worth of public stories; returns the featured one."""
    units = [net.tehran, net.shemiranat, net.isfahan, net.neyshabur, net.kashan]
    subjects = ["event", "capability", "achievement", "need"]
    for n in range(24):
        StoryFactory.create(
            unit=units[n % len(units)],
            created_by=net.hq_admin,
            status=S.PUBLISHED,
            kicker="بهزیستی",
            headline=f"برگزاری کارگاه توانمندسازی مددجویان در استان، نوبت {n + 1}",
            lead=LEAD,
            subjects=[subjects[n % len(subjects)]],
            tags=["توانمندسازی"] if n % 3 == 0 else [],
            published_at=published_on(2026, 11, 1 + n),
        )
    StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        status=S.PUBLISHED,
        language=Story.Language.EN,
        headline="Science diplomacy: sharing rehabilitation know-how with partner countries",
        lead="The organization's international office met partners from three countries.",
        published_at=published_on(2026, 11, 20),
    )
    for position, title in enumerate(["میز خدمت الکترونیک", "اورژانس اجتماعی ۱۲۳"]):
        EServiceLink.objects.create(
            title=title, url=f"https://e{position}.example/", position=position
        )
    return StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        status=S.PUBLISHED,
        feature=Story.Feature.FEATURED,
        kicker="نشست روابط عمومی‌های بهزیستی سراسر کشور",
        headline="شبکه‌سازی بستری برای گفتمان‌سازی؛ فعالیت رسانه‌ای خلاقیت می‌خواهد، نه تجهیزات",
        lead=LEAD,
        body="<p>" + "بیش از ۵۰۰ فعال در حوزه روابط عمومی در سازمان وجود دارد. " * 12 + "</p>",
        subjects=["model"],
        tags=["توانمندسازی", "شبکه روابط عمومی"],
        published_at=published_on(2026, 11, 26, 9),
    )


def reads_of(story: Story) -> int:
    """The story's counted reads, waiting a little for the beacon's request to land."""
    deadline = time.monotonic() + 5
    while True:
        total = sum(StoryDailyViews.objects.filter(story=story).values_list("views", flat=True))
        if total or time.monotonic() > deadline:
            return total
        time.sleep(0.1)


def test_home_story_unit_tag_print_and_english_section(page, net):
    featured = portal_content(net)
    errors = watch(page)

    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".featured-title").inner_text() == featured.headline
    assert page.locator(".eservice-list li").count() == 2
    no_sideways_scroll(page)
    screenshot(page, "portal-pages-01-home-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "portal-pages-02-home-desktop")

    # The featured story: its page, counted by its beacon.
    with page.expect_navigation():
        page.click(".featured-title a")
    assert page.locator("h1.story-headline").inner_text() == featured.headline
    assert reads_of(featured) == 1
    assert page.locator(".share-links a").count() == 6
    assert page.locator(".related li").count() == 5
    screenshot(page, "portal-pages-03-story-desktop")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    screenshot(page, "portal-pages-04-story-phone")

    # Its print view, then back to the story's unit section.
    with page.expect_navigation():
        page.click(".share-print")
    assert page.locator(".share").count() == 0
    assert page.locator("[data-print]").is_visible()  # the script showed the button
    no_sideways_scroll(page)
    screenshot(page, "portal-pages-05-print-phone")
    page.go_back()

    with page.expect_navigation():
        page.click(".public-meta .chip-unit")
    assert page.locator("h1").inner_text() == "دفتر روابط عمومی و امور بین‌الملل"
    no_sideways_scroll(page)
    screenshot(page, "portal-pages-06-unit-phone")

    page.goto("/units/hq/")
    assert page.locator(".story-card").count() == 20
    page.set_viewport_size(DESKTOP)
    screenshot(page, "portal-pages-07-unit-desktop")
    # The second page, swapped in by htmx.
    page.click(".pagination a[rel=next]")
    page.locator(".pagination .current", has_text="۲").wait_for()
    assert page.locator(".story-card").count() == 6
    assert "page=2" in page.url

    # A tag from the story page lists its stories.
    page.goto(f"/news/{featured.code}/")
    with page.expect_navigation():
        page.click(".public-tags a.chip-skill >> text=توانمندسازی")
    assert page.locator("h1").inner_text() == "توانمندسازی"
    assert page.locator(".story-card").count() == 9

    page.goto("/en/")
    assert page.locator("#archive").get_attribute("dir") == "ltr"
    assert page.locator(".story-card").count() == 1
    screenshot(page, "portal-pages-08-english-desktop")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    screenshot(page, "portal-pages-09-english-phone")

    assert errors == []


def test_keyboard_skip_link_and_visible_focus(page, net):
    portal_content(net)
    errors = watch(page)
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()  # waits: the first key press can come before the page has focus
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0  # on screen when focused
    assert skip.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")
    # The next Tab goes into the page's content, not back to the header.
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"
    screenshot(page, "portal-pages-10-keyboard-focus")
    assert errors == []
