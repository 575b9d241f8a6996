"""A newcomer's first visit, in headless Chromium: sign in → desk → find a colleague by skill.

Screenshots of every step (desktop and phone widths) are saved under test-artifacts/ so that a
person can look at the RTL layout; the assertions check what a user would see.
"""

import pytest

from hamafza.conftest import screenshot
from hamafza.org.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_then_find_a_video_maker_in_khorasan(page, net):
    page.goto("/desk/")
    # Signed out: sent to the Persian, right-to-left sign-in page.
    page.wait_for_url("**/accounts/login/**")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "fa"
    screenshot(page, "01-login")

    page.fill("input[name=username]", "tehran.editor")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    assert "استان تهران" in page.inner_text("header")  # the user's unit and role
    # The self-hosted Vazirmatn font is the one in use, not a fallback.
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith(('"Vazirmatn"', "Vazirmatn"))
    screenshot(page, "02-desk")

    page.click(".desk-nav-wide >> text=اعضای شبکه")
    page.wait_for_url("**/desk/people/**")
    page.select_option("#id_province", "khorasan-razavi")
    page.wait_for_url("**province=khorasan-razavi**")
    page.select_option("#id_skill", "video")
    page.wait_for_url("**skill=video**")
    results = page.locator("#results .person")
    assert results.count() == 1
    assert "رضا فیلم‌بردار" in results.first.inner_text()
    assert "شهرستان نیشابور" in results.first.inner_text()
    screenshot(page, "03-directory-desktop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("#results .person").count() == 1
    # On a phone the navigation folds into a menu and nothing overflows sideways.
    assert page.is_visible(".nav-toggle > summary")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "04-directory-phone")

    page.click("#results .person a >> nth=0")
    page.wait_for_url("**/desk/people/khorasan.video/**")
    screenshot(page, "05-person-phone")


def test_the_desk_in_english_is_left_to_right(page, net):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "hq.admin")
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")
    page.select_option("#language-select", "en")
    page.click(".language-switch button")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.get_attribute("html", "lang") == "en"
    assert "People" in page.inner_text("nav")
    screenshot(page, "06-desk-english")
    page.goto("/desk/audit/")
    screenshot(page, "07-audit-english")
