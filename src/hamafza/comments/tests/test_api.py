"""`/api/v1/public/captcha`, `/api/v1/public/news/{code}/comments` and the staff moderation
endpoints `/api/v1/comments/…`: the rules one by one, the structured Persian errors, that a
refusal changes nothing, the scoping between units, and that every response fits the OpenAPI
document."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from hamafza.comments import services
from hamafza.comments.captcha import _SIGNER_SALT
from hamafza.comments.models import CaptchaChallenge, Comment
from hamafza.comments.tests.conftest import comments_state, make_comment
from hamafza.common.models import AuditEntry
from hamafza.org.tests.test_api import API, call, openapi

pytestmark = pytest.mark.django_db
C = Comment.Status


def captcha(client: Client) -> tuple[str, str]:
    """A token and its right answer, asked for as a visitor would."""
    status, data = call(client, "get", "/public/captcha")
    assert status == 200
    key = signing.Signer(salt=_SIGNER_SALT).unsign(data["token"])
    return data["token"], str(CaptchaChallenge.objects.get(key=key).answer)


def body(client: Client, **fields: Any) -> dict[str, Any]:
    token, answer = captcha(client)
    values: dict[str, Any] = {
        "body": "از برگزاری این جشنواره سپاسگزارم.",
        "author_name": "مریم",
        "parent": None,
        "captcha_token": token,
        "captcha_answer": answer,
    }
    values.update(fields)
    return values


def post(client: Client, code: int, payload: dict[str, Any]) -> tuple[int, Any]:
    return call(client, "post", f"/public/news/{code}/comments", payload)


def refused(client: Client, code: int, payload: dict[str, Any]) -> tuple[int, Any]:
    before = comments_state()
    status, data = post(client, code, payload)
    assert comments_state() == before
    assert status >= 400
    return status, data


# --- The captcha ---------------------------------------------------------------------------


def test_the_captcha_needs_no_sign_in(client):
    status, data = call(client, "get", "/public/captcha")
    assert status == 200
    assert set(data) == {"token", "question", "question_spoken", "expires_at"}
    assert "چند می‌شود؟" in data["question"]


def test_asking_for_too_many_questions_is_429(client, settings):
    settings.COMMENTS_CAPTCHA_RATE = (2, 600)
    for _ in range(2):
        assert call(client, "get", "/public/captcha")[0] == 200
    status, data = call(client, "get", "/public/captcha")
    assert status == 429
    assert data["code"] == "throttled"


# --- Posting -------------------------------------------------------------------------------


def test_post_a_comment(client, stories):
    status, data = post(client, stories.tehran.code, body(client))
    assert status == 201
    assert data == {"id": data["id"], "status": "pending"}
    comment = Comment.objects.get(pk=data["id"])
    assert comment.status == C.PENDING
    assert comment.network_hash  # hashed, from REMOTE_ADDR 127.0.0.1
    assert "127.0.0" not in comment.network_hash


def test_answers_in_persian_digits_and_as_a_number(client, stories):
    payload = body(client)
    persian = payload["captcha_answer"].translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    payload["captcha_answer"] = f"\u200f{persian}\u200e "
    assert post(client, stories.tehran.code, payload)[0] == 201
    payload = body(client)
    payload["captcha_answer"] = int(payload["captcha_answer"])
    assert post(client, stories.tehran.code, payload)[0] == 201


def test_xss_comes_back_as_text(client, stories, net):
    attack = "<script>alert(1)</script>"
    _status, data = post(client, stories.tehran.code, body(client, body=attack, author_name=attack))
    services.comment_transition(
        actor=net.tehran_editor, comment=Comment.objects.get(pk=data["id"]), name="approve"
    )
    response = client.get(f"{API}/public/news/{stories.tehran.code}/comments")
    assert response["Content-Type"].startswith("application/json")
    item = response.json()["items"][0]
    assert item["body"] == attack
    assert item["author_name"] == attack


def test_wrong_answer_then_right_answer_on_the_same_token(client, stories):
    payload = body(client)
    right = payload["captcha_answer"]
    status, data = refused(
        client, stories.tehran.code, {**payload, "captcha_answer": str(int(right) + 1)}
    )
    assert status == 400
    assert data["code"] == "captcha"
    assert "captcha_answer" in data["fields"]
    status, data = refused(client, stories.tehran.code, payload)
    assert status == 400
    assert data["code"] == "captcha"


def test_a_replayed_token_is_400(client, stories):
    payload = body(client)
    assert post(client, stories.tehran.code, payload)[0] == 201
    status, data = refused(client, stories.tehran.code, {**payload, "body": "دوباره همان"})
    assert status == 400
    assert "پیش‌تر" in data["detail"]


def test_an_expired_token_is_400(client, stories, settings):
    payload = body(client)
    CaptchaChallenge.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    status, data = refused(client, stories.tehran.code, payload)
    assert status == 400
    assert "زمان پاسخ" in data["detail"]


def test_a_tampered_token_is_400(client, stories):
    payload = body(client)
    token = payload["captcha_token"]
    status, data = refused(
        client, stories.tehran.code, {**payload, "captcha_token": token[:-2] + "xx"}
    )
    assert status == 400
    assert data["code"] == "captcha"
    assert post(client, stories.tehran.code, payload)[0] == 201  # the real one still works


def test_honeypot_and_minimum_time_look_like_success(client, stories, settings):
    status, data = post(client, stories.tehran.code, body(client, website="http://x.example"))
    assert (status, data["status"]) == (201, "pending")
    assert Comment.objects.get(pk=data["id"]).status == C.SPAM
    settings.COMMENTS_MIN_SECONDS = 3
    status, data = post(client, stories.tehran.code, body(client))
    assert (status, data["status"]) == (201, "pending")
    assert Comment.objects.get(pk=data["id"]).flag == Comment.Flag.TOO_FAST


@pytest.mark.parametrize("case", ["missing", "pending", "rejected", "other_story"])
def test_replies_to_what_cannot_be_answered_are_400(client, stories, case):
    parent = {
        "missing": lambda: 987_654,
        "pending": lambda: make_comment(stories.tehran, status=C.PENDING).pk,
        "rejected": lambda: make_comment(stories.tehran, status=C.REJECTED).pk,
        "other_story": lambda: make_comment(stories.isfahan).pk,
    }[case]()
    status, data = refused(client, stories.tehran.code, body(client, parent=parent))
    assert status == 400
    assert "parent" in data["fields"]


def test_bad_fields_are_400_with_messages_per_field(client, stories):
    status, data = refused(client, stories.tehran.code, body(client, body="", author_name=" "))
    assert status == 400
    assert set(data["fields"]) == {"body", "author_name"}


def test_a_malformed_body_is_422(client, stories):
    status, _data = refused(client, stories.tehran.code, {"body": "x"})
    assert status == 422


def test_a_closed_story_is_403(client, stories, net):
    services.story_comments_set_closed(actor=net.tehran_editor, story=stories.tehran, closed=True)
    status, data = refused(client, stories.tehran.code, body(client))
    assert status == 403
    assert "بسته" in data["detail"]
    status, data = call(client, "get", f"/public/news/{stories.tehran.code}/comments")
    assert data["closed"] is True


@pytest.mark.parametrize("name", ["tehran_draft", "tehran_unpublished"])
def test_unpublished_stories_are_404(client, stories, name):
    story = getattr(stories, name)
    code = story.code or 1
    assert refused(client, code, body(client))[0] == 404
    assert call(client, "get", f"/public/news/{code}/comments")[0] == 404


def test_rate_limits_are_429_in_persian(client, stories, settings):
    settings.COMMENTS_VISITOR_RATE = (1, 600)
    assert post(client, stories.tehran.code, body(client))[0] == 201
    status, data = refused(client, stories.isfahan.code, body(client))
    assert status == 429
    assert data["code"] == "throttled"
    assert "چند دقیقه بعد" in data["detail"]


def test_per_story_rate_limit_is_429(client, stories, settings):
    settings.COMMENTS_STORY_RATE = (1, 600)
    assert post(client, stories.tehran.code, body(client))[0] == 201
    other = Client(REMOTE_ADDR="198.51.100.7")
    status, _data = refused(other, stories.tehran.code, body(other))
    assert status == 429


# --- Reading -------------------------------------------------------------------------------


def test_the_thread(client, stories, django_assert_max_num_queries):
    story = stories.tehran
    top = make_comment(story, author_name="علی")
    second = make_comment(story, author_name="زهرا", parent=top)
    third = make_comment(story, author_name="رضا", parent=second)
    fourth = make_comment(story, author_name="سارا", parent=third)
    make_comment(story, status=C.PENDING, author_name="منتظر")
    with django_assert_max_num_queries(3):
        status, data = call(client, "get", f"/public/news/{story.code}/comments")
    assert status == 200
    assert data["count"] == 4
    assert data["closed"] is False
    (item,) = data["items"]
    assert (item["id"], item["parent"], item["in_reply_to"]) == (top.pk, None, None)
    (reply,) = item["replies"]
    assert reply["parent"] == top.pk
    assert [(r["id"], r["parent"], r["in_reply_to"]) for r in reply["replies"]] == [
        (third.pk, second.pk, None),
        (fourth.pk, third.pk, "رضا"),
    ]


# --- Staff ---------------------------------------------------------------------------------


def test_approve_reject_spam(client, stories, net):
    comment = make_comment(stories.shemiranat, status=C.PENDING)
    for name, status_after in [("approve", C.APPROVED), ("reject", C.REJECTED), ("spam", C.SPAM)]:
        status, data = call(
            client, "post", f"/comments/{comment.pk}/{name}", user=net.tehran_editor
        )
        assert status == 200
        assert data["status"] == status_after
        assert data["story"]["code"] == stories.shemiranat.code
    assert AuditEntry.objects.filter(object_id=str(comment.pk)).count() == 3


def test_a_move_the_table_refuses_is_400(client, stories, net):
    comment = make_comment(stories.tehran, status=C.APPROVED)
    before = comments_state()
    status, _data = call(client, "post", f"/comments/{comment.pk}/approve", user=net.tehran_editor)
    assert status == 400
    assert comments_state() == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("isfahan_editor", 404),
        ("shemiranat_head", 404),
        ("tehran_reporter", 404),
        ("outsider", 403),
    ],
)
def test_another_units_comment_cannot_be_moderated(client, stories, net, persona, expected):
    comment = make_comment(stories.tehran, status=C.PENDING)
    for name in ("approve", "reject", "spam"):
        before = comments_state()
        status, _data = call(
            client, "post", f"/comments/{comment.pk}/{name}", user=getattr(net, persona)
        )
        assert status == expected
        assert comments_state() == before


def test_the_queue_through_the_api(client, stories, net):
    make_comment(stories.tehran, status=C.PENDING)
    make_comment(stories.shemiranat, status=C.APPROVED)
    make_comment(stories.isfahan, status=C.PENDING)
    status, data = call(client, "get", "/comments?status=pending", user=net.tehran_editor)
    assert status == 200
    assert data["count"] == 1
    assert data["pending_count"] == 1
    assert {item["story"]["unit"] for item in data["items"]} == {"tehran"}
    status, data = call(client, "get", "/comments", user=net.isfahan_editor)
    assert {item["story"]["unit"] for item in data["items"]} == {"isfahan"}
    status, data = call(client, "get", "/comments", user=net.hq_editor)
    assert data["count"] == 3


def test_an_official_reply_through_the_api(client, stories, net):
    parent = make_comment(stories.tehran)
    status, data = call(
        client, "post", f"/comments/{parent.pk}/reply", {"body": "سپاس"}, user=net.tehran_editor
    )
    assert status == 201
    assert data["is_official"] is True
    assert data["status"] == C.APPROVED
    assert data["parent"] == parent.pk
    status, _data = call(
        client, "post", f"/comments/{parent.pk}/reply", {"body": "سپاس"}, user=net.isfahan_editor
    )
    assert status == 404


def test_closing_through_the_api(client, stories, net):
    path = f"/comments/stories/{stories.tehran.pk}/close"
    assert call(client, "post", path, user=net.isfahan_editor)[0] == 404
    status, data = call(client, "post", path, user=net.tehran_editor)
    assert (status, data) == (200, {"story": stories.tehran.pk, "closed": True})
    assert services.comments_closed(stories.tehran)
    status, data = call(
        client, "post", f"/comments/stories/{stories.tehran.pk}/open", user=net.tehran_editor
    )
    assert data["closed"] is False


def test_staff_endpoints_need_authentication(client, stories):
    comment = make_comment(stories.tehran, status=C.PENDING)
    response = client.post(f"{API}/comments/{comment.pk}/approve")
    assert response.status_code == 401
    assert Comment.objects.get(pk=comment.pk).status == C.PENDING


def test_the_openapi_document_lists_the_comment_operations(client):
    doc = openapi(client)
    paths = {
        (method, path.removeprefix(API))
        for path, operations in doc["paths"].items()
        for method in operations
        if "comment" in path or path.endswith("/captcha")
    }
    assert paths == {
        ("get", "/public/captcha"),
        ("get", "/public/news/{code}/comments"),
        ("post", "/public/news/{code}/comments"),
        ("get", "/comments"),
        ("post", "/comments/{comment_id}/approve"),
        ("post", "/comments/{comment_id}/reject"),
        ("post", "/comments/{comment_id}/spam"),
        ("post", "/comments/{comment_id}/reply"),
        ("post", "/comments/stories/{story_id}/close"),
        ("post", "/comments/stories/{story_id}/open"),
    }
    public_post = doc["paths"][f"{API}/public/news/{{code}}/comments"]["post"]
    assert "security" not in public_post or public_post["security"] == []
    assert json.dumps(public_post["responses"]["429"])
