"""A story's way through the desk in headless Chromium, as two people in two browsers:
a Tehran reporter drafts it in the rich-text editor (typing Persian), submits it; the Tehran
editor returns it with a note; the reporter sees the notification, edits and resubmits; the
editor approves and publishes it, and it shows its news code.

Screenshots of every step (desktop, and phone width for the pages used on the move) are saved
under test-artifacts/newsroom-*.png for a person to look at the RTL layout. Every page must
run without a script error or a CSP refusal (both are reported on the console).
"""

from collections.abc import Iterator
from typing import Any

import pytest

from hamafza.conftest import screenshot
from hamafza.newsroom.models import Story
from hamafza.newsroom.services import story_update
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification
from hamafza.org.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
EDITOR_AREA = ".prose-editor [contenteditable=true]"


def watch(page: Any) -> list[str]:
    """Collect script errors, CSP refusals (console errors) and failed requests."""
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_response(response: Any) -> None:
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    return errors


def sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")


@pytest.fixture
def second_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """Another person's browser, beside ``page``."""
    context = chromium.new_context(base_url=live_server.url, locale="fa-IR", viewport=DESKTOP)
    other = context.new_page()
    other.set_default_timeout(15_000)
    yield other
    context.close()


def no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def act(page: Any, action: str) -> None:
    """Press a workflow button on the story page and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(f"button[data-action={action}]")


def test_draft_submit_return_resubmit_approve_publish(page, second_page, net):
    reporter, editor = page, second_page
    errors = watch(reporter)
    editor_errors = watch(editor)

    # --- The reporter drafts the story in the editor.
    sign_in(reporter, "tehran.reporter")
    reporter.click(".desk-nav-wide >> text=خبرهای من")
    reporter.click("text=خبر تازه")
    reporter.wait_for_selector(EDITOR_AREA)
    assert reporter.get_attribute(".prose-editor", "dir") == "rtl"
    reporter.fill("#id_kicker", "بهزیستی استان تهران")
    reporter.fill("#id_headline", "افتتاح مرکز توانبخشی روزانه در شهر ری")
    reporter.fill("#id_lead", "مرکز تازه به ۱۲۰ کودک دارای معلولیت خدمت می‌دهد.")
    reporter.click(EDITOR_AREA)
    reporter.keyboard.type("مرکز توانبخشی روزانه شهر ری صبح امروز با حضور مدیرکل افتتاح شد.")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("این مرکز خدمات گفتاردرمانی و کاردرمانی ارائه می‌کند.")
    reporter.check("input[name=subjects][value=capability]")
    reporter.fill("#id_tags", "توانبخشی، کودکان")
    screenshot(reporter, "newsroom-01-draft-in-editor")
    reporter.set_viewport_size(PHONE)
    no_sideways_scroll(reporter)
    screenshot(reporter, "newsroom-01b-editor-phone")
    reporter.set_viewport_size(DESKTOP)
    with reporter.expect_navigation():
        reporter.click("button[type=submit] >> text=ساختن پیش‌نویس")
    story = Story.objects.get()
    assert story.body == (
        "<p>مرکز توانبخشی روزانه شهر ری صبح امروز با حضور مدیرکل افتتاح شد.</p>"
        "<p>این مرکز خدمات گفتاردرمانی و کاردرمانی ارائه می‌کند.</p>"
    )
    assert "پیش‌نویس" in reporter.inner_text(".story-head")
    screenshot(reporter, "newsroom-02-draft-saved")

    # --- and submits it.
    act(reporter, "submit")
    assert "در انتظار بررسی" in reporter.inner_text(".story-head")
    screenshot(reporter, "newsroom-03-submitted")

    # --- The editor finds it in the review queue and returns it with a note.
    sign_in(editor, "tehran.editor")
    assert editor.inner_text("#notification-bell .bell-count") == "۱"
    editor.click(".desk-nav-wide >> text=صف بررسی")
    screenshot(editor, "newsroom-04-review-queue")
    editor.click("text=افتتاح مرکز توانبخشی روزانه در شهر ری")
    editor.fill("textarea[name=return-note]", "نام مدیرکل و شمار کارکنان مرکز را بیفزایید.")
    screenshot(editor, "newsroom-05-return-with-note")
    act(editor, "return")
    assert "برگشت‌خورده" in editor.inner_text(".story-head")

    # --- The reporter sees the notification, edits and resubmits.
    reporter.goto("/desk/stories/")
    assert reporter.inner_text("#notification-bell .bell-count") == "۱"
    reporter.click("#notification-bell")
    assert "نام مدیرکل و شمار کارکنان مرکز را بیفزایید." in reporter.inner_text("#notifications")
    screenshot(reporter, "newsroom-06-notification")
    reporter.set_viewport_size(PHONE)
    no_sideways_scroll(reporter)
    screenshot(reporter, "newsroom-06b-notification-phone")
    reporter.set_viewport_size(DESKTOP)
    with reporter.expect_navigation():
        reporter.click("#notifications .notification a")
    reporter.click("text=ویرایش")
    reporter.wait_for_selector(EDITOR_AREA)
    reporter.click(f"{EDITOR_AREA} p >> nth=1")
    reporter.keyboard.press("End")
    reporter.keyboard.type(" این مرکز ۱۸ کارشناس دارد.")
    with reporter.expect_navigation():
        reporter.click("button[type=submit] >> text=ذخیره تغییرات")
    assert "۱۸ کارشناس" in reporter.inner_text(".story-body")
    act(reporter, "submit")
    assert "در انتظار بررسی" in reporter.inner_text(".story-head")
    screenshot(reporter, "newsroom-07-resubmitted")

    # --- The editor approves and publishes; the story has its news code.
    editor.reload()
    act(editor, "approve")
    act(editor, "publish")
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED
    code = str(story.code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert code in editor.inner_text(".story-head")
    assert f"خبر با کد {code} منتشر شد." in editor.inner_text(".messages")
    screenshot(editor, "newsroom-08-published")
    editor.set_viewport_size(PHONE)
    no_sideways_scroll(editor)
    screenshot(editor, "newsroom-08b-published-phone")

    # The story as the public will see it.
    editor.set_viewport_size(DESKTOP)
    editor.click("text=پیش‌نمایش")
    assert editor.get_attribute("article.public-article", "dir") == "rtl"
    screenshot(editor, "newsroom-09-preview")

    # The reporter was told at every step that concerned them.
    kinds = set(
        Notification.objects.filter(recipient=net.tehran_reporter).values_list("kind", flat=True)
    )
    assert {"newsroom.story.return", "newsroom.story.approve", "newsroom.story.publish"} <= kinds
    assert not errors, errors
    assert not editor_errors, editor_errors


def test_the_editor_keeps_paragraph_direction_and_tables(page, net):
    errors = watch(page)
    sign_in(page, "hq.editor")
    page.goto("/desk/stories/new/")
    page.select_option("#id_language", "en")
    assert page.get_attribute(".prose-editor", "dir") == "ltr"
    page.fill("#id_headline", "Science diplomacy with neighbouring countries")
    page.click(EDITOR_AREA)
    page.keyboard.type("The organization shares its rehabilitation research.")
    page.keyboard.press("Enter")
    page.keyboard.type("نقل قول فارسی در متن انگلیسی")
    page.click("button[data-name='direction:rtl']")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.click("button[data-name=table]")
    page.click("dialog button[type=submit]")
    # Type into the new table's first cell once it is there (on a busy machine the keys
    # otherwise arrived before the editor had put the caret in it, and were lost).
    page.wait_for_selector(f"{EDITOR_AREA} table td")
    page.click(f"{EDITOR_AREA} table td >> nth=0")
    page.keyboard.type("2026")
    screenshot(page, "newsroom-10-english-story-editor")
    with page.expect_navigation():
        page.click("button[type=submit] >> text=ساختن پیش‌نویس")
    body = Story.objects.get().body
    assert '<p dir="rtl">نقل قول فارسی در متن انگلیسی</p>' in body
    assert "<table>" in body
    assert "2026" in body
    screenshot(page, "newsroom-10-english-story")
    assert not errors, errors


def test_a_conflicting_save_keeps_the_text(page, net):
    errors = watch(page)
    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, headline="خبر همزمان", body=""
    )
    sign_in(page, "tehran.reporter")
    page.goto(f"/desk/stories/{story.pk}/edit/")
    page.wait_for_selector(EDITOR_AREA)
    page.click(EDITOR_AREA)
    page.keyboard.type("متن گزارشگر که نباید گم شود.")
    # Meanwhile the editor saves another text.
    story_update(
        actor=net.tehran_editor,
        story=story,
        version=1,
        body="<p>متن دبیر که همزمان ذخیره شد.</p>",
    )
    with page.expect_navigation():
        page.click("button[type=submit] >> text=ذخیره تغییرات")
    assert "متن شما ذخیره نشد" in page.inner_text(".conflict-message")
    assert "متن گزارشگر که نباید گم شود." in page.inner_text(EDITOR_AREA)
    assert "متن دبیر که همزمان ذخیره شد." in page.inner_text(".conflict-current")
    screenshot(page, "newsroom-11-conflict")
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    screenshot(page, "newsroom-11b-conflict-phone")
    # The 409 answer (and the console's note of it) is the expected conflict, not an error.
    assert [e for e in errors if "409" not in e] == []


def test_lists_and_revisions_read_well_on_a_phone(page, net):
    """The feed (with the republish button), my stories, and a comparison of two versions."""
    errors = watch(page)
    for number, (unit, author) in enumerate(
        [(net.tehran, net.tehran_reporter), (net.isfahan, net.isfahan_editor)] * 3
    ):
        StoryFactory.create(
            unit=unit,
            created_by=author,
            status=Story.Status.PUBLISHED,
            headline=f"خبر منتشرشده شماره {number + 1} درباره خدمات توانبخشی در استان",
            lead="لید کوتاهی که در فهرست خبرهای شبکه زیر تیتر دیده می‌شود.",
        )
    draft = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        headline="پیش‌نویس با دو نسخه",
        body="<p>بند یکم.</p><p>بند دوم با واژه کهنه.</p>",
    )
    story_update(
        actor=net.tehran_editor,
        story=draft,
        version=1,
        body="<p>بند یکم.</p><p>بند دوم با واژه تازه.</p><p>بند سوم.</p>",
    )
    sign_in(page, "tehran.reporter")
    page.set_viewport_size(PHONE)
    page.goto("/desk/stories/network/")
    assert page.locator(".feed-item").count() == 6
    assert page.locator(".feed-item button", has_text="بازنشر در واحد من").count() == 3
    no_sideways_scroll(page)
    screenshot(page, "newsroom-12-feed-phone")
    page.goto("/desk/stories/")
    no_sideways_scroll(page)
    screenshot(page, "newsroom-13-my-stories-phone")
    page.goto(f"/desk/stories/{draft.pk}/revisions/")
    assert "تازه" in page.inner_text(".diff ins >> nth=0")
    no_sideways_scroll(page)
    screenshot(page, "newsroom-14-revisions-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "newsroom-14b-revisions")
    assert not errors, errors
