"""The directory and the members table in a real browser: htmx swaps under the CSP."""

import pytest

from hamafza.org.models import Membership, Role
from hamafza.org.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _is_failure(response) -> bool:
    return response.status >= 400


def sign_in(page, username: str) -> list[str]:
    """Sign in through the form; returns the list that collects script errors, CSP refusals
    (reported on the console) and failed requests."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    def on_response(response) -> None:
        if _is_failure(response):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    return errors


def test_directory_filters_in_place_and_keeps_the_address(page, net):
    errors = sign_in(page, "tehran.head")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/desk/people/")
    page.evaluate("window.hamafzaSamePage = true")

    page.select_option("#id_province", "khorasan-razavi")
    page.wait_for_url("**province=khorasan-razavi**")
    page.select_option("#id_skill", "video")
    page.wait_for_url("**skill=video**")

    assert page.locator("#results .person").count() == 1
    assert "رضا فیلم‌بردار" in page.inner_text("#results")
    assert page.evaluate("window.hamafzaSamePage") is True  # swapped, not reloaded
    assert not errors  # no CSP violation, no script error


def test_roles_editor_swaps_the_members_table(page, net):
    errors = sign_in(page, "tehran.head")
    page.goto("/desk/units/shemiranat/")
    page.evaluate("window.hamafzaSamePage = true")
    row = page.locator("tr", has_text="shemiranat.reporter")

    row.locator("input[value=editor]").check()
    row.locator("button[type=submit]", has_text="ذخیره").click()
    page.wait_for_selector("#members .message-success")

    assert page.evaluate("window.hamafzaSamePage") is True
    roles = set(
        Membership.objects.filter(user=net.shemiranat_reporter, unit=net.shemiranat).values_list(
            "role", flat=True
        )
    )
    assert roles == {Role.REPORTER, Role.EDITOR}
    assert not errors


def test_a_refused_htmx_action_says_so(page, net):
    """The head loses their role while the page is open: the next action is refused (403),
    and the page says so instead of silently doing nothing."""
    sign_in(page, "tehran.head")
    page.goto("/desk/units/shemiranat/")
    Membership.objects.filter(user=net.tehran_head, role=Role.HEAD).delete()

    row = page.locator("tr", has_text="shemiranat.reporter")
    row.locator("input[value=editor]").check()
    row.locator("button[type=submit]", has_text="ذخیره").click()

    alert = page.locator("#request-error")
    alert.wait_for(state="visible")
    assert "اجازه" in alert.inner_text()
    assert not Membership.objects.filter(user=net.shemiranat_reporter, role=Role.EDITOR).exists()
