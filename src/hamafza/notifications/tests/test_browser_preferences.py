"""The notification settings in headless Chromium: from the notifications page to the settings,
choosing "immediately" and saving, at phone and desktop widths, in RTL, without script errors.
Screenshots: test-artifacts/notifications-preferences-*.png."""

from typing import Any

import pytest
from django.urls import reverse

from hamafza.conftest import screenshot
from hamafza.newsroom.tests.test_browser_workflow import no_sideways_scroll, sign_in, watch
from hamafza.notifications import delivery
from hamafza.notifications.models import EmailMode, Notification
from hamafza.notifications.services import email_mode_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_choosing_immediate_e_mail(page: Any, net: Any) -> None:
    errors = watch(page)
    Notification.objects.create(
        recipient=net.tehran_reporter, kind="newsroom.story.return", text="خبر برگشت خورد."
    )
    sign_in(page, "tehran.reporter")
    page.goto("/desk/notifications/")
    page.click("text=دریافت با رایانامه…")
    page.wait_for_url("**/desk/notifications/settings/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.is_checked("input[value=digest]")
    screenshot(page, "notifications-preferences-desktop")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    screenshot(page, "notifications-preferences-phone")

    page.click("text=بی‌درنگ، هر اعلان یک رایانامه")
    with page.expect_navigation():
        page.click("button:has-text('ذخیره')")
    assert page.is_visible("text=ترجیح شما ذخیره شد.")
    assert page.is_checked("input[value=immediate]")
    no_sideways_scroll(page)
    screenshot(page, "notifications-preferences-saved-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "notifications-preferences-saved-desktop")
    assert email_mode_of(net.tehran_reporter) == EmailMode.IMMEDIATE

    # The unsubscribe link of an e-mail, opened signed out on a phone.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    token = delivery.unsubscribe_token(net.tehran_reporter)
    page.goto(reverse("notifications:unsubscribe", args=[token]))
    assert page.get_attribute("html", "dir") == "rtl"
    no_sideways_scroll(page)
    screenshot(page, "notifications-unsubscribe-phone")
    page.click("button:has-text('خاموش کردن رایانامه‌ها')")
    page.wait_for_selector("text=خاموش شد")
    screenshot(page, "notifications-unsubscribed-phone")
    assert email_mode_of(net.tehran_reporter) == EmailMode.OFF
    assert errors == []
