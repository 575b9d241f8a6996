"""A support request in headless Chromium: Isfahan's editor (a photographer) accepts an offer
from the inbox; Shemiranat's head confirms, completes it crediting a story; the contributions
page shows it. Screenshots at 390 and 1280 px under test-artifacts/support-*.png."""

from typing import Any

import pytest

from hamafza.conftest import screenshot
from hamafza.network.models.support import SupportRequest
from hamafza.network.tests.factories_support import skilled, support_for
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _watch(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _sign_in(page: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")


def _both(page: Any, name: str) -> None:
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        screenshot(page, f"support-{name}-{label}")
    page.set_viewport_size(DESKTOP)


def test_offer_accept_confirm_complete_and_contributions(page, net):
    errors = _watch(page)
    skilled(net.isfahan_editor, net.tehran_editor, net.hq_editor, net.khorasan_video)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    StoryFactory.create(
        unit=net.shemiranat,
        created_by=net.shemiranat_reporter,
        status=Story.Status.PUBLISHED,
        headline="جشنواره توانمندی‌های معلولان در شمیرانات برگزار شد",
    )

    _sign_in(page, "isfahan.editor")
    page.goto("/desk/network/support/offers/")
    assert request.title in page.inner_text("main")
    _both(page, "offers")
    page.click(".offers-waiting button:has-text('می‌پذیرم')")
    page.wait_for_url("**/support/offers/")
    assert "پذیرفتید" in page.inner_text("body")

    _sign_in(page, "shemiranat.head")
    page.goto(f"/desk/network/support/{request.pk}/")
    _both(page, "request-open")
    page.click("button:has-text('تأیید')")
    page.wait_for_selector("text=تأیید شد")
    page.check("input[name=stories]")
    page.click("button[data-action=complete]")
    page.wait_for_selector("#support-status:has-text('انجام‌شده')")
    assert SupportRequest.objects.get(pk=request.pk).status == "completed"
    _both(page, "request")

    page.goto("/desk/network/people/isfahan.editor/")
    assert "جشنواره توانمندی‌های معلولان" in page.inner_text("main")
    _both(page, "contributions")
    assert errors == []
