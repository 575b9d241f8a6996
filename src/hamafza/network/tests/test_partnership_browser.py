"""Partnership work in headless Chromium: Tehran's head records a joint activity with a partner
and a story, finds it in the filtered list; HQ's editor composes a bulletin, previews and issues
it (the e-mail goes out once); a county reporter reads the bulletin's page. Screenshots at 390
and 1280 px go to test-artifacts/partnership-*.png.
"""

from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from django.core import mail
from django.utils import timezone
from persiantools.jdatetime import JalaliDate
from playwright.sync_api import expect

from hamafza.conftest import screenshot
from hamafza.network.models.partnership import Bulletin, JointActivity
from hamafza.network.services.partnership import bulletin_deliveries_send
from hamafza.network.tests.factories_partnership import joint_activity, partner, published_story
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    sign_in,
    watch,
)
from hamafza.org.models import Partner
from hamafza.portal.tests.test_a11y import BLOCKING, RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "کارگاه مشترک اشتغال افراد دارای معلولیت با کمیته امداد"


def _jalali(days_ago: int) -> str:
    day = JalaliDate(timezone.localdate() - timedelta(days=days_ago))
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def blocking_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations in the page's main content (the desk's
    shared header is checked with the desk itself)."""
    results = Axe().run(page, context="#main", options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def _shots(page: Any, name: str) -> None:
    """Screenshots at both widths, no sideways scrolling, no serious axe-core violations."""
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.reload()
        no_sideways_scroll(page)
        screenshot(page, f"partnership-{name}-{label}")
        assert blocking_violations(page) == [], f"{name} at {label}"
    page.set_viewport_size(DESKTOP)


def test_record_an_activity_then_issue_and_read_a_bulletin(page, net):
    relief = partner(net.hq, "کمیته امداد امام خمینی (ره)", Partner.Kind.AGENCY)
    partner(net.isfahan, "دانشگاه اصفهان", Partner.Kind.UNIVERSITY)
    story = published_story(
        net.tehran, net.tehran_editor, "۴۰ کارجوی دارای معلولیت در تهران به کار رسیدند"
    )
    other = published_story(
        net.isfahan, net.isfahan_editor, "همایش ملی توانبخشی مبتنی بر جامعه در اصفهان"
    )
    joint_activity(
        net.isfahan,
        title="همایش علمی با دانشگاه اصفهان",
        domain="extra_agency",
        other_units=[net.khorasan],
        stories=[other],
        place="اصفهان",
        occurred_on=timezone.localdate() - timedelta(days=20),
    )
    joint_activity(
        net.khorasan, title="دیدار درون‌سازمانی مدیران روابط عمومی", domain="intra_agency"
    )
    errors = watch(page)

    sign_in(page, "tehran.head")
    page.goto("/desk/network/partnership/new/")
    page.select_option("#id_unit", "tehran")
    page.fill("#id_title", TITLE)
    page.fill("#id_occurred_on", _jalali(2))
    page.fill("#id_place", "تهران، سالن همایش بهزیستی")
    page.check("input[name=domain][value=inter_agency]")
    page.select_option("#id_partners", str(relief.pk))
    page.select_option("#id_other_units", "shemiranat")
    page.fill("#id_description", "کارگاه یک‌روزه معرفی کارجویان دارای معلولیت به کارفرمایان.")
    page.fill("#id_outcome", "۴۰ نفر به کار معرفی شدند.")
    page.check(f"input[name=stories][value='{story.pk}']")
    screenshot(page, "partnership-form-desktop")
    with page.expect_navigation():
        page.click("form.joint-form button[type=submit]")
    activity = JointActivity.objects.get(title=TITLE)
    assert page.url.endswith(f"/desk/network/partnership/{activity.pk}/")
    assert page.locator("h1").inner_text() == TITLE
    _shots(page, "activity")

    page.goto("/desk/network/partnership/")
    page.select_option("#id_domain", "inter_agency")  # htmx swaps the rows
    expect(page.locator("#rows")).not_to_contain_text("همایش علمی با دانشگاه اصفهان")
    assert TITLE in page.locator("#rows").inner_text()
    page.goto("/desk/network/partnership/")
    _shots(page, "list")

    page.context.clear_cookies()
    sign_in(page, "hq.editor")
    page.goto("/desk/network/bulletins/new/")
    page.select_option("#id_unit", "hq-pr")
    page.fill("#id_title", "خبرنامه داخلی هفته")
    page.fill("#id_intro", "همکاران گرامی، سلام. خبرهای برگزیده این هفته را بخوانید.")
    page.check("#id_to_everyone")
    page.check(f"input[name=add][value='{story.pk}']")
    page.check(f"input[name=add][value='{other.pk}']")
    with page.expect_navigation():
        page.click("form.bulletin-form button[type=submit]")
    bulletin = Bulletin.objects.get()
    page.goto(f"/desk/network/bulletins/{bulletin.pk}/edit/")
    first = bulletin.items.earliest("position")
    page.fill(f"#id_item_{first.pk}_note", "الگوی روایت توانمندی، نه ترحم.")
    screenshot(page, "partnership-bulletin-edit-desktop")
    with page.expect_navigation():
        page.click("form.bulletin-form button[type=submit]")
    _shots(page, "bulletin-draft")
    assert errors == []
    page.goto(f"/desk/network/bulletins/{bulletin.pk}/email/")
    screenshot(page, "partnership-bulletin-email-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "partnership-bulletin-email-phone")
    page.set_viewport_size(DESKTOP)
    errors.clear()  # the bare e-mail page has no icon: the browser's /favicon.ico is a 404
    page.goto(f"/desk/network/bulletins/{bulletin.pk}/")
    with page.expect_navigation():
        page.click("button:has-text('انتشار و ارسال')")
    bulletin.refresh_from_db()
    assert bulletin.is_issued
    assert bulletin_deliveries_send() == 11
    assert bulletin_deliveries_send() == 0
    assert len(mail.outbox) == 11

    page.context.clear_cookies()
    sign_in(page, "shemiranat.reporter")
    page.goto(f"/desk/network/bulletins/{bulletin.pk}/")
    assert "الگوی روایت توانمندی" in page.locator("article.bulletin").inner_text()
    _shots(page, "bulletin")
    assert errors == []
