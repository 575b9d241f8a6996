"""The desk's moderation queue: scoping between units (a province moderator neither sees nor
acts on another province's comments), filters, single and bulk moves, official replies, the
closed switch, the pending count in the navigation, and audit rows."""

import re
from typing import Any

import pytest
from django.test import Client

from hamafza.comments import services
from hamafza.comments.models import Comment
from hamafza.comments.tests.conftest import comments_state, make_comment
from hamafza.common.models import AuditEntry

pytestmark = pytest.mark.django_db
C = Comment.Status
QUEUE = "/desk/comments/"


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_a_moderator_sees_only_their_units(client, stories, net):
    make_comment(stories.tehran, status=C.PENDING, body="نظر تهران")
    make_comment(stories.shemiranat, status=C.PENDING, body="نظر شمیرانات")
    make_comment(stories.isfahan, status=C.PENDING, body="نظر اصفهان")
    html = signed_in(client, net.tehran_editor).get(QUEUE).content.decode()
    assert "نظر تهران" in html
    assert "نظر شمیرانات" in html
    assert "نظر اصفهان" not in html
    html = signed_in(client, net.isfahan_editor).get(QUEUE).content.decode()
    assert "نظر اصفهان" in html
    assert "نظر تهران" not in html
    html = signed_in(client, net.hq_editor).get(QUEUE).content.decode()
    assert all(text in html for text in ("نظر تهران", "نظر شمیرانات", "نظر اصفهان"))


def test_not_a_moderator(client, stories, net):
    make_comment(stories.tehran, status=C.PENDING, body="نظر تهران")
    html = signed_in(client, net.tehran_reporter).get(QUEUE).content.decode()
    assert "نظر تهران" not in html
    assert "شما دبیر هیچ واحدی نیستید" in html
    assert signed_in(client, net.outsider).get(QUEUE).status_code == 403
    client.logout()
    assert client.get(QUEUE).status_code == 302  # to the sign-in page


def test_filters_and_escaping(client, stories, net):
    make_comment(stories.tehran, status=C.PENDING, body="<script>x()</script>")
    make_comment(stories.tehran, status=C.SPAM, body="هرزنامه آشکار", flag=Comment.Flag.HONEYPOT)
    signed_in(client, net.tehran_editor)
    html = client.get(QUEUE).content.decode()  # pending by default
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
    assert "<script>x()" not in html
    assert "هرزنامه آشکار" not in html
    html = client.get(QUEUE, {"status": "spam"}).content.decode()
    assert "هرزنامه آشکار" in html
    assert "فیلد پنهان پر شده بود" in html
    html = client.get(QUEUE, {"status": ""}).content.decode()
    assert "هرزنامه آشکار" in html
    assert "&lt;script&gt;" in html
    assert client.get(QUEUE, {"status": "bogus"}).status_code == 200


def test_approve_one(client, stories, net):
    comment = make_comment(stories.tehran, status=C.PENDING, author_name="علی")
    response = signed_in(client, net.tehran_editor).post(
        f"/desk/comments/{comment.pk}/do/approve/", {"return_status": "pending"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUEUE}?status=pending"
    comment.refresh_from_db()
    assert comment.status == C.APPROVED
    assert AuditEntry.objects.filter(action="comments.comment.approve").count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "نظر علی تأیید شد." in html


def test_another_provinces_comment_cannot_be_touched(client, stories, net):
    comment = make_comment(stories.tehran, status=C.PENDING)
    approved = make_comment(stories.tehran)
    signed_in(client, net.isfahan_editor)
    before = comments_state()
    for name in ("approve", "reject", "spam"):
        assert client.post(f"/desk/comments/{comment.pk}/do/{name}/").status_code == 404
    assert client.post(f"/desk/comments/{approved.pk}/reply/", {"body": "پاسخ"}).status_code == 404
    assert client.post(f"/desk/comments/stories/{stories.tehran.pk}/switch/").status_code == 404
    assert client.get(QUEUE, {"story": stories.tehran.pk}).status_code == 404
    response = client.post("/desk/comments/bulk/", {"action": "approve", "ids": [comment.pk]})
    assert response.status_code == 302
    assert comments_state() == before
    assert "دیگر در این فهرست نیستند" in client.get(response["Location"]).content.decode()


def test_bulk(client, stories, net):
    chosen = [make_comment(stories.tehran, status=C.PENDING) for _ in range(3)]
    left = make_comment(stories.tehran, status=C.PENDING)
    signed_in(client, net.tehran_editor)
    response = client.post(
        "/desk/comments/bulk/",
        {"action": "spam", "ids": [c.pk for c in chosen], "return_status": ""},
    )
    assert response["Location"] == f"{QUEUE}?status="
    assert set(Comment.objects.filter(status=C.SPAM)) == set(chosen)
    assert Comment.objects.get(pk=left.pk).status == C.PENDING
    assert AuditEntry.objects.filter(action="comments.comment.spam").count() == 3
    assert "۳ نظر هرزنامه شناخته شد." in client.get(response["Location"]).content.decode()
    # Nothing chosen: a message, nothing changed.
    before = comments_state()
    response = client.post("/desk/comments/bulk/", {"action": "approve"})
    assert comments_state() == before
    html = client.get(response["Location"]).content.decode()
    assert "هیچ نظری انتخاب نشده است." in html
    assert "(۱ در انتظار بررسی)" in html


def test_official_reply(client, stories, net):
    parent = make_comment(stories.tehran)
    signed_in(client, net.tehran_editor)
    client.post(f"/desk/comments/{parent.pk}/reply/", {"body": "پیگیری می‌کنیم."})
    reply = Comment.objects.get(is_official=True)
    assert (reply.status, reply.parent, reply.author) == (C.APPROVED, parent, net.tehran_editor)
    html = client.get(f"/news/{stories.tehran.code}/").content.decode()
    assert "پیگیری می‌کنیم." in html
    assert "پاسخ رسمی" in html


def test_the_closed_switch(client, stories, net):
    signed_in(client, net.tehran_editor)
    html = client.get(QUEUE, {"story": stories.tehran.pk}).content.decode()
    assert "بستن نظرگذاری" in html
    client.post(f"/desk/comments/stories/{stories.tehran.pk}/switch/", {"closed": "1"})
    assert services.comments_closed(stories.tehran)
    html = client.get(QUEUE, {"story": stories.tehran.pk, "status": ""}).content.decode()
    assert "باز کردن نظرگذاری" in html
    client.post(f"/desk/comments/stories/{stories.tehran.pk}/switch/", {"closed": "0"})
    assert not services.comments_closed(stories.tehran)
    assert AuditEntry.objects.filter(action__startswith="comments.story.").count() == 2


def test_the_pending_count_in_the_navigation(client, stories, net):
    for _ in range(2):
        make_comment(stories.tehran, status=C.PENDING)
    make_comment(stories.isfahan, status=C.PENDING)
    html = signed_in(client, net.tehran_editor).get("/desk/").content.decode()
    assert re.search(r'href="/desk/comments/"[^>]*>نظرها <span class="chip nav-count">۲', html)
    html = signed_in(client, net.hq_editor).get("/desk/").content.decode()
    assert re.search(r'href="/desk/comments/"[^>]*>نظرها <span class="chip nav-count">۳', html)
    html = signed_in(client, net.tehran_reporter).get("/desk/").content.decode()
    assert 'href="/desk/comments/"' in html
    assert "nav-count" not in html


def test_queue_queries_do_not_grow_with_rows(client, stories, net, django_assert_max_num_queries):
    for n in range(25):
        make_comment(stories.tehran if n % 2 else stories.shemiranat, status=C.PENDING)
    signed_in(client, net.tehran_editor)
    client.get(QUEUE)  # warm the session
    with django_assert_max_num_queries(9):
        assert client.get(QUEUE).status_code == 200
