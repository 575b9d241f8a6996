"""The story page's comment block and the comment form: the thread (escaped) on the page, the
form with its server-issued question at its own uncached address, post → redirect → the outcome
in Persian without JavaScript (the visitor's text kept after a refusal), the same in place for
htmx, replies through a plain link, and closed stories."""

import re
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from hamafza.comments import services
from hamafza.comments.captcha import _SIGNER_SALT
from hamafza.comments.models import CaptchaChallenge, Comment
from hamafza.comments.tests.conftest import comments_state, make_comment

pytestmark = pytest.mark.django_db
C = Comment.Status
TOKEN = re.compile(r'name="captcha_token" value="([^"]+)"')
HTMX = {"HTTP_HX_REQUEST": "true"}


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found is not None
    return found.group(1)


def page(client: Client, story: Any, query: str = "") -> str:
    response = client.get(f"/news/{story.code}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def form_page(client: Client, story: Any, query: str = "", **headers: Any) -> str:
    response = client.get(f"/news/{story.code}/comments/new/{query}", **headers)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def answer(token: str) -> str:
    key = signing.Signer(salt=_SIGNER_SALT).unsign(token)
    return str(CaptchaChallenge.objects.get(key=key).answer)


def form_data(client: Client, story: Any, **fields: Any) -> dict[str, Any]:
    """The form as its page gives it, filled in with the right answer."""
    token = token_in(form_page(client, story, f"?parent={fields.get('parent', '')}"))
    data = {
        "author_name": "مریم",
        "body": "سپاس از گزارش خوبتان.",
        "parent": "",
        "captcha_token": token,
        "captcha_answer": answer(token),
        "website": "",
    }
    data.update(fields)
    return data


def send(client: Client, story: Any, data: dict[str, Any]) -> str:
    """Post the form without JavaScript; follow the redirect (to the story after a comment,
    back to the form after a refusal) and return that page."""
    response = client.post(f"/news/{story.code}/comments/", data)
    assert response.status_code == 302
    location = response["Location"]
    assert location in (
        f"/news/{story.code}/#comments",
        f"/news/{story.code}/comments/new/#comment-form",
    )
    followed = client.get(location.split("#")[0])
    assert followed.status_code == 200
    return followed.content.decode()


def test_the_page_shows_the_thread_and_the_form_its_question(client, stories):
    make_comment(stories.tehran, author_name="علی", body="نظر منتشرشده")
    make_comment(stories.tehran, status=C.PENDING, body="نظر در انتظار")
    html = page(client, stories.tehran)
    assert 'id="comments"' in html
    assert "نظر منتشرشده" in html
    assert "نظر در انتظار" not in html
    # The page holds no question (it is the same for everyone); «نوشتن نظر» leads to one.
    assert "captcha_token" not in html
    assert not CaptchaChallenge.objects.exists()
    form_url = f"/news/{stories.tehran.code}/comments/new/"
    assert f'href="{form_url}" hx-get="{form_url}"' in html
    assert "نوشتن نظر" in html
    form = form_page(client, stories.tehran)
    assert re.search(r"[۰-۹] (به‌علاوه|منهای) [۰-۹] چند می‌شود؟", form)
    assert 'class="visually-hidden">' in form
    assert 'for="id_captcha_answer"' in form
    assert "<html" in form  # a page of its own without scripts
    assert f'href="/news/{stories.tehran.code}/#comments"' in form  # and the way back


def test_each_form_asks_a_new_question(client, stories):
    first = token_in(form_page(client, stories.tehran))
    second = token_in(form_page(client, stories.tehran))
    assert first != second
    assert CaptchaChallenge.objects.count() == 2


def test_markup_is_shown_as_text(client, stories):
    make_comment(
        stories.tehran,
        author_name="<b>نام</b>",
        body='<script>alert("x")</script>\n<img src=x onerror=alert(1)>',
    )
    html = page(client, stories.tehran)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;img src=x" in html
    assert "&lt;b&gt;نام&lt;/b&gt;" in html


def test_a_comment_without_javascript(client, stories):
    html = send(client, stories.tehran, form_data(client, stories.tehran))
    assert "نظر شما ثبت شد" in html
    assert f'<h1 class="story-headline">{stories.tehran.headline}</h1>' in html
    assert Comment.objects.get().status == C.PENDING
    # The message is shown once.
    assert "نظر شما ثبت شد" not in page(client, stories.tehran)


def test_a_wrong_answer_keeps_the_text_and_asks_again(client, stories):
    data = form_data(client, stories.tehran, body="متنی که نباید گم شود")
    data["captcha_answer"] = str(int(data["captcha_answer"]) + 1)
    before = comments_state()
    html = send(client, stories.tehran, data)
    assert comments_state() == before
    assert "نظر ثبت نشد" in html
    assert "پاسخ پرسش امنیتی درست نیست" in html
    assert "متنی که نباید گم شود" in html
    assert token_in(html) != data["captcha_token"]  # a fresh question
    assert 'aria-invalid="true"' in html


def test_persian_digit_answers_in_the_form(client, stories):
    data = form_data(client, stories.tehran)
    data["captcha_answer"] = data["captcha_answer"].translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert "نظر شما ثبت شد" in send(client, stories.tehran, data)


def test_missing_fields_are_named(client, stories):
    html = send(client, stories.tehran, form_data(client, stories.tehran, body="", author_name=""))
    assert "متن نظر را بنویسید." in html
    assert "نام خود را بنویسید." in html
    assert not Comment.objects.exists()


def test_the_honeypot_looks_like_success(client, stories):
    html = send(client, stories.tehran, form_data(client, stories.tehran, website="spam"))
    assert "نظر شما ثبت شد" in html
    assert Comment.objects.get().status == C.SPAM


def test_replying_through_a_link(client, stories):
    parent = make_comment(stories.tehran, author_name="علی", body="پرسش درباره ثبت‌نام")
    html = page(client, stories.tehran)
    reply_url = f"/news/{stories.tehran.code}/comments/new/?parent={parent.pk}"
    assert f'href="{reply_url}" hx-get="{reply_url}"' in html
    html = form_page(client, stories.tehran, f"?parent={parent.pk}")
    assert "پاسخ به نظر «علی»" in html
    assert "در حال پاسخ به نظر «پرسش درباره ثبت‌نام» هستید." in html
    assert f'name="parent" value="{parent.pk}"' in html
    data = form_data(client, stories.tehran, parent=str(parent.pk))
    send(client, stories.tehran, data)
    assert Comment.objects.get(status=C.PENDING).parent == parent


def test_reply_to_what_cannot_be_answered(client, stories):
    pending = make_comment(stories.tehran, status=C.PENDING, author_name="منتظر")
    other = make_comment(stories.isfahan, author_name="دیگری")
    for comment in (pending, other):
        html = form_page(client, stories.tehran, f"?parent={comment.pk}")
        assert "پاسخ به نظر" not in html  # not offered
    data = form_data(client, stories.tehran)
    data["parent"] = str(pending.pk)
    html = send(client, stories.tehran, data)
    assert "پیدا نشد یا هنوز منتشر نشده است" in html
    assert Comment.objects.count() == 2


def test_a_closed_story(client, stories, net):
    make_comment(stories.tehran, body="نظر پیشین")
    services.story_comments_set_closed(actor=net.tehran_editor, story=stories.tehran, closed=True)
    html = page(client, stories.tehran)
    assert "نظر پیشین" in html
    assert "نظرگذاری برای این خبر بسته شده است." in html
    assert "/comments/new/" not in html  # no way to the form, no reply links
    form = form_page(client, stories.tehran)
    assert "نظرگذاری برای این خبر بسته شده است." in form
    assert 'id="comment-form"' not in form
    assert not CaptchaChallenge.objects.exists()
    data = {"author_name": "x", "body": "y", "captcha_token": "t", "captcha_answer": "1"}
    html = send(client, stories.tehran, data)
    assert "نظرگذاری برای این خبر بسته شده است." in html
    assert not Comment.objects.filter(body="y").exists()


def test_rate_limited_in_persian(client, stories, settings):
    settings.COMMENTS_VISITOR_RATE = (1, 600)
    send(client, stories.tehran, form_data(client, stories.tehran))
    html = send(client, stories.tehran, form_data(client, stories.tehran, body="دومی"))
    assert "چند دقیقه بعد دوباره تلاش کنید" in html
    assert "دومی" in html
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("name", ["tehran_draft", "tehran_unpublished"])
def test_no_comments_on_unpublished_stories(client, stories, name):
    story = getattr(stories, name)
    response = client.post(f"/news/{story.code or 1}/comments/", {"body": "x"})
    assert response.status_code == 404
    assert client.get(f"/news/{story.code or 1}/comments/new/").status_code == 404


def test_the_form_needs_no_csrf_token(stories):
    client = Client(enforce_csrf_checks=True)
    html = send(client, stories.tehran, form_data(client, stories.tehran))
    assert "نظر شما ثبت شد" in html


def test_the_print_view_has_no_comments(client, stories):
    make_comment(stories.tehran, body="نظر منتشرشده")
    response = client.get(f"/news/{stories.tehran.code}/print/")
    html = response.content.decode()
    assert stories.tehran.headline in html
    assert 'id="comments"' not in html
    assert "نظر منتشرشده" not in html


# --- With scripts: htmx loads the form into the page and the POST answers in place ---------


def test_htmx_gets_the_form_alone(client, stories):
    parent = make_comment(stories.tehran, author_name="علی")
    html = form_page(client, stories.tehran, f"?parent={parent.pk}", **HTMX)
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="comment-form-box"')
    assert "پاسخ به نظر «علی»" in html
    assert f'hx-post="/news/{stories.tehran.code}/comments/"' in html
    assert token_in(html)


def test_htmx_comment_answers_in_place(client, stories):
    data = form_data(client, stories.tehran)
    response = client.post(f"/news/{stories.tehran.code}/comments/", data, **HTMX)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<html" not in html
    assert "نظر شما ثبت شد" in html
    assert Comment.objects.get().status == C.PENDING
    # Nothing waits in a session for the story page.
    assert "نظر شما ثبت شد" not in page(client, stories.tehran)


def test_htmx_refusal_shows_the_form_again_with_a_new_question(client, stories):
    data = form_data(client, stories.tehran, body="متن نگه‌داشته")
    data["captcha_answer"] = str(int(data["captcha_answer"]) + 1)
    response = client.post(f"/news/{stories.tehran.code}/comments/", data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "پاسخ پرسش امنیتی درست نیست" in html
    assert "متن نگه‌داشته" in html
    assert token_in(html) != data["captcha_token"]
    assert not Comment.objects.exists()
