"""The public search in headless Chromium, at phone (390px) and desktop (1280px) widths:
type Persian words, open the filters, narrow by unit and a Jalali date, page through, follow
a result to its story. Screenshots go to test-artifacts/portal-*.png for a person to look at
the RTL layout; every page must run without a script error or a CSP refusal."""

from typing import Any

import pytest

from hamafza.common.persian import to_persian_digits
from hamafza.conftest import screenshot
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    watch,
)
from hamafza.portal.tests.conftest import published_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Story.Status


def _stories(net: Any) -> None:
    units = [net.tehran, net.shemiranat, net.isfahan, net.neyshabur]
    for n in range(27):
        StoryFactory.create(
            unit=units[n % len(units)],
            created_by=net.hq_admin,
            status=S.PUBLISHED,
            kicker="بهزیستی",
            headline=f"برگزاری کارگاه توانمندسازی مددجویان در نوبت {to_persian_digits(n + 1)}",
            lead="این کارگاه با حضور کارشناسان روابط عمومی و خانواده‌های مددجویان برگزار شد و "
            "نمونه‌های موفق اشتغال افراد دارای معلولیت معرفی شدند.",
            published_at=published_on(2026, 11, 1 + n % 26),
        )
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        headline="پیش‌نویس کارگاه توانمندسازی که نباید دیده شود",
    )


def test_search_at_phone_and_desktop_widths(page, net):
    _stories(net)
    errors = watch(page)

    page.set_viewport_size(PHONE)
    page.goto("/search/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "portal-01-search-empty-phone")
    page.fill("input[name=q]", "کارگاه توانمندسازی")
    with page.expect_navigation():
        page.click(".search-box button[type=submit]")
    assert page.locator(".search-result").count() == 20
    assert "۲۷ نتیجه" in page.inner_text(".result-count")
    assert page.locator(".search-result mark").count() > 0
    assert "نباید دیده شود" not in page.content()
    no_sideways_scroll(page)
    screenshot(page, "portal-02-results-phone")

    # The filters: a unit (with the units below it) and a Jalali date range.
    page.click(".search-filters > summary")
    page.select_option("select[name=unit]", "tehran")
    page.fill("input[name=date_from]", "۱۴۰۵/۰۸/۱۰")
    page.fill("input[name=date_to]", "1405/9/6")
    no_sideways_scroll(page)
    screenshot(page, "portal-03-filters-phone")
    with page.expect_navigation():
        page.click(".search-filters button[type=submit]")
    units = page.locator(".search-result .chip-unit").all_inner_texts()
    assert units
    assert set(units) <= {"استان تهران", "شهرستان شمیرانات"}

    # A bad date: a Persian message, not an error page.
    page.fill("input[name=date_from]", "دیروز")
    with page.expect_navigation():
        page.click(".search-filters button[type=submit]")
    assert "فیلترها درست نیستند" in page.inner_text("#results")
    screenshot(page, "portal-04-bad-date-phone")

    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=کارگاه+توانمندسازی")
    screenshot(page, "portal-05-results-desktop")
    # The second page (htmx swaps the results in place).
    page.click(".pagination a[rel=next]")
    # (A locator, not wait_for_function: our CSP refuses the eval that one needs.)
    page.locator(".pagination .current", has_text="۲").wait_for()
    assert page.locator(".search-result").count() == 7
    assert "page=2" in page.url
    no_sideways_scroll(page)
    screenshot(page, "portal-06-page-two-desktop")

    # A result leads to its public page.
    headline = page.locator(".search-result-title a").first
    title = headline.inner_text()
    with page.expect_navigation():
        headline.click()
    assert page.locator("h1.story-headline").inner_text() == title
    screenshot(page, "portal-07-story-desktop")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    screenshot(page, "portal-08-story-phone")

    assert errors == []
