"""Comment → moderate → reply, in headless Chromium, as two people: a visitor on a phone reads
the story, opens the form («نوشتن نظر», loaded into the page by htmx), answers the Persian
question in Persian digits and comments; a Tehran editor sees the pending count in the desk,
approves the comment in /desk/comments/ and replies officially; the visitor sees both and
replies in the thread; once approved, the reply sits under the comment. The page cache is on:
the visitor's story page is served from it until the approval drops it. Without JavaScript the
same works with the form as a page of its own (post, redirect).

Screenshots go to test-artifacts/comments-*.png for a person to look at the RTL layout; every
page must run without a script error or a CSP refusal.
"""

from collections.abc import Iterator
from typing import Any

import pytest

from hamafza.comments.models import Comment
from hamafza.common.persian import to_ascii_digits, to_persian_digits
from hamafza.conftest import screenshot
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    sign_in,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def moderator_page(chromium: Any, live_server: Any) -> Iterator[Any]:
    context = chromium.new_context(base_url=live_server.url, locale="fa-IR", viewport=DESKTOP)
    other = context.new_page()
    other.set_default_timeout(15_000)
    yield other
    context.close()


def answer(question: str) -> str:
    """Solve «۴ به‌علاوه ۵ چند می‌شود؟» as a person would, answering in Persian digits."""
    words = question.split()
    left, right = int(to_ascii_digits(words[0])), int(to_ascii_digits(words[2]))
    result = left - right if words[1] == "منهای" else left + right
    return to_persian_digits(result)


def open_form(page: Any, link: str = "#comments .comment-write") -> None:
    """Click «نوشتن نظر» (or a reply link): htmx puts the form into the page, no navigation."""
    url = page.url
    page.click(link)
    page.wait_for_selector("#comment-form #id_author_name")
    assert page.url == url


def comment(page: Any, *, name: str, text: str) -> None:
    page.fill("#id_author_name", name)
    page.fill("#id_body", text)
    page.fill("#id_captcha_answer", answer(page.inner_text(".captcha-question")))
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("#comment-form-box .message-success")


def approve_first(moderator: Any) -> None:
    with moderator.expect_navigation():
        moderator.click(".moderation-actions button:has-text('تأیید')")


def test_comment_moderate_reply(page, moderator_page, net, settings):
    settings.COMMENTS_MIN_SECONDS = 0  # a test types faster than a person
    settings.PAGE_CACHE = True
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=Story.Status.PUBLISHED,
        headline="افتتاح مرکز توانبخشی روزانه در شهر ری",
        lead="مرکز تازه به ۱۲۰ کودک دارای معلولیت خدمت می‌دهد.",
    )
    visitor, moderator = page, moderator_page
    errors, moderator_errors = watch(visitor), watch(moderator)

    # --- The visitor, on a phone, comments with a Persian-digit answer.
    visitor.set_viewport_size(PHONE)
    visitor.goto(f"/news/{story.code}/")
    assert visitor.get_attribute("#comments", "dir") == "rtl"
    assert "هنوز نظری منتشر نشده است." in visitor.inner_text("#comments")
    open_form(visitor)
    comment(visitor, name="مریم", text="آیا این مرکز برای نوجوانان هم خدمات دارد؟")
    assert "نظر شما ثبت شد" in visitor.inner_text("#comments")
    assert "آیا این مرکز" not in visitor.inner_text(".comment-thread, #comments > p.muted")
    no_sideways_scroll(visitor)
    screenshot(visitor, "comments-01-sent-phone")
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING

    # --- The Tehran editor sees the pending count and approves it.
    sign_in(moderator, "tehran.editor")
    assert moderator.inner_text(".desk-nav-wide .nav-count").startswith("۱")
    moderator.click(".desk-nav-wide >> text=نظرها")
    assert "آیا این مرکز برای نوجوانان" in moderator.inner_text(".moderation-list")
    screenshot(moderator, "comments-02-queue-desktop")
    approve_first(moderator)
    assert "تأیید شد" in moderator.inner_text(".messages")
    assert Comment.objects.get(pk=first.pk).status == Comment.Status.APPROVED

    # --- and answers it officially (from the approved tab).
    moderator.goto("/desk/comments/?status=approved")
    moderator.click(".moderation-reply summary")
    moderator.fill(f"#reply-{first.pk}", "بله، از دوازده سالگی پذیرش دارد.")
    with moderator.expect_navigation():
        moderator.click(".moderation-reply button[type=submit]")
    assert "پاسخ رسمی شما منتشر شد." in moderator.inner_text(".messages")
    screenshot(moderator, "comments-03-replied-desktop")
    moderator.set_viewport_size(PHONE)
    no_sideways_scroll(moderator)
    screenshot(moderator, "comments-04-queue-phone")

    # --- The visitor sees both, and replies in the thread.
    visitor.goto(f"/news/{story.code}/")
    thread = visitor.inner_text(".comment-thread")
    assert "آیا این مرکز برای نوجوانان هم خدمات دارد؟" in thread
    assert "پاسخ رسمی" in thread
    open_form(visitor, f"#comment-{first.pk} > article .comment-reply-link")
    assert "پاسخ به نظر «مریم»" in visitor.inner_text("#comment-form")
    no_sideways_scroll(visitor)
    screenshot(visitor, "comments-05-replying-phone")
    comment(visitor, name="مریم", text="سپاس؛ برای ثبت‌نام به کجا مراجعه کنیم؟")
    assert "نظر شما ثبت شد" in visitor.inner_text("#comments")
    reply = Comment.objects.get(is_official=False, parent=first)

    # --- Approved, the reply sits under the comment.
    moderator.set_viewport_size(DESKTOP)
    moderator.goto("/desk/comments/")
    moderator.check(f"input[name=ids][value='{reply.pk}']")
    moderator.select_option("#bulk-action", "approve")
    with moderator.expect_navigation():
        moderator.click("#bulk-form button[type=submit]")
    assert "۱ نظر تأیید شد." in moderator.inner_text(".messages")
    visitor.goto(f"/news/{story.code}/")
    replies = visitor.inner_text(f"#comment-{first.pk} .comment-replies")
    assert "برای ثبت‌نام به کجا مراجعه کنیم؟" in replies
    assert "بله، از دوازده سالگی" in replies
    no_sideways_scroll(visitor)
    visitor.locator("#comments").scroll_into_view_if_needed()
    screenshot(visitor, "comments-06-thread-phone")
    visitor.set_viewport_size(DESKTOP)
    screenshot(visitor, "comments-07-thread-desktop")

    assert errors == []
    assert moderator_errors == []


def test_commenting_without_javascript(chromium, live_server, net, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.PAGE_CACHE = True
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=Story.Status.PUBLISHED,
        headline="کارگاه سفالگری توانخواهان",
    )
    context = chromium.new_context(
        base_url=live_server.url, locale="fa-IR", viewport=PHONE, java_script_enabled=False
    )
    visitor = context.new_page()
    visitor.set_default_timeout(15_000)
    errors = watch(visitor)
    visitor.goto(f"/news/{story.code}/")
    with visitor.expect_navigation():
        visitor.click("#comments .comment-write")
    assert visitor.url.endswith(f"/news/{story.code}/comments/new/")
    assert "کارگاه سفالگری توانخواهان" in visitor.inner_text("h1")
    no_sideways_scroll(visitor)
    screenshot(visitor, "comments-08-form-page-nojs-phone")
    visitor.fill("#id_author_name", "مریم")
    visitor.fill("#id_body", "کارگاه بعدی کی برگزار می‌شود؟")
    visitor.fill("#id_captcha_answer", answer(visitor.inner_text(".captcha-question")))
    with visitor.expect_navigation():
        visitor.click("#comment-form button[type=submit]")
    assert visitor.url.endswith(f"/news/{story.code}/#comments")
    assert "نظر شما ثبت شد" in visitor.inner_text("#comments")
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert errors == []
    context.close()
