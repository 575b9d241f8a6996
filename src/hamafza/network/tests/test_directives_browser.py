"""A directive's way in headless Chromium: HQ's editor drafts one for two provinces with a
report required, sends it; Tehran's head finds it unread in the inbox, opens it (the read
receipt), acknowledges, reports back and writes in the thread (an htmx swap); HQ sees the
status per unit. Screenshots at 390 and 1280 px go to test-artifacts/directives-*.png.
"""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.conftest import screenshot
from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    sign_in,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "پوشش خبری هفته ملی توانمندی"


def _jalali(days: int) -> str:
    day = JalaliDate(timezone.localdate() + timedelta(days=days))
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def _shots(page: Any, name: str) -> None:
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.reload()
        no_sideways_scroll(page)
        screenshot(page, f"directives-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_send_read_acknowledge_report_reply(page, net):
    errors = watch(page)
    sign_in(page, "hq.editor")
    page.goto("/desk/network/directives/new/")
    page.select_option("#id_issuer_unit", "hq-pr")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "دست‌کم سه روایت توانمندی منتشر کنید و گزارش دهید.\nبند دوم.")
    page.check("input[name=required_action][value=report]")
    page.fill("#id_due_date", _jalali(3))
    page.fill("#id_due_time", "۱۴:۰۰")
    page.check("input[name=units][value=tehran]")
    page.check("input[name=units][value=isfahan]")
    screenshot(page, "directives-form-desktop")
    with page.expect_navigation():
        page.click("button[data-action=save]")
    with page.expect_navigation():
        page.click("button[data-action=send]")
    assert Directive.objects.get(title=TITLE).status == Directive.Status.SENT
    directive = Directive.objects.get(title=TITLE)

    # Tehran's head: unread in the inbox, then the unit's page.
    page.context.clear_cookies()
    sign_in(page, "tehran.head")
    page.goto("/desk/network/directives/")
    assert page.locator("tr.is-unread").count() == 1
    _shots(page, "inbox")
    page.click(f"text={TITLE}")
    page.wait_for_selector("button[data-action=acknowledge]")
    row = DirectiveRecipient.objects.get(directive=directive, unit=net.tehran)
    assert row.read_by_id == net.tehran_head.pk
    with page.expect_navigation():
        page.click("button[data-action=acknowledge]")
    page.fill("#id_text", "سه روایت منتشر شد: کارگاه نجاری، والیبال نشسته و بانوی کارآفرین.")
    with page.expect_navigation():
        page.click("button[data-action=report]")
    page.fill("#thread textarea[name=body]", "پیوند خبرها در گزارش آمده است.")
    page.click("button[data-action=reply]")
    page.wait_for_selector("#thread .thread li.from-unit")
    _shots(page, "recipient")

    # HQ: the status per unit.
    page.context.clear_cookies()
    sign_in(page, "hq.editor")
    page.goto(f"/desk/network/directives/{directive.pk}/")
    assert page.get_attribute("tr[data-unit=tehran]", "data-state") == "reported"
    assert page.get_attribute("tr[data-unit=isfahan]", "data-state") == "unread"
    _shots(page, "status")
    page.goto(f"/desk/network/directives/{directive.pk}/units/tehran/")
    assert "پیوند خبرها در گزارش آمده است." in page.content()
    assert errors == []
