"""The comment services, rule by rule: what a visitor may post, what is refused (and that a
refusal changes nothing, the captcha aside), the silent spam traps, the rate limits, the
moderation table and its scoping, official replies, the closed switch and the purge."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamafza.comments import services
from hamafza.comments.captcha import _SIGNER_SALT, captcha_issue
from hamafza.comments.models import CaptchaChallenge, Comment
from hamafza.comments.services import RateLimited, Submission, comment_submit
from hamafza.comments.tests.conftest import answer_of, comments_state, make_comment, solved
from hamafza.comments.visitors import network_hash
from hamafza.common.models import AuditEntry

pytestmark = pytest.mark.django_db
C = Comment.Status
VISITOR = network_hash("203.0.113.57")


def submission(**fields: Any) -> Submission:
    """A valid submission with a fresh, rightly answered captcha, changed by ``fields``."""
    question, answer = solved()
    values: dict[str, Any] = {
        "body": "خدمات توانبخشی استان بسیار خوب بود.",
        "author_name": "مریم رضایی",
        "parent_id": None,
        "captcha_token": question.token,
        "captcha_answer": answer,
    }
    values.update(fields)
    return Submission(**values)


def submit(story: Any, **fields: Any) -> Comment:
    return comment_submit(story=story, submission=submission(**fields), network_hash=VISITOR)


@contextmanager
def unchanged() -> Iterator[None]:
    before = comments_state()
    yield
    assert comments_state() == before


def spent(sub: Submission) -> bool:
    key = signing.Signer(salt=_SIGNER_SALT).unsign(sub.captcha_token)
    return CaptchaChallenge.objects.get(key=key).used_at is not None


# --- Posting -------------------------------------------------------------------------------


def test_a_visitors_comment_waits_for_moderation(stories):
    comment = submit(stories.tehran)
    assert comment.status == C.PENDING
    assert comment.flag == ""
    assert not comment.is_official
    assert comment.author is None
    assert comment.network_hash == VISITOR


def test_the_address_is_never_stored(stories):
    comment = submit(stories.tehran)
    row = Comment.objects.filter(pk=comment.pk).values().get()
    assert not any("203.0.113" in str(value) for value in row.values())


def test_markup_stays_text(stories):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> <b>سلام</b>'
    comment = submit(stories.tehran, body=attack, author_name="<i>هکر</i>")
    comment.refresh_from_db()
    # Stored as typed; escaping is the output's business (tests of the page and the API).
    assert comment.body == attack
    assert comment.author_name == "<i>هکر</i>"


def test_text_is_tidied_not_rewritten(stories):
    comment = submit(
        stories.tehran,
        body="  خط اول  \r\n\r\n\r\n\r\nخط   دوم\u0000\u202e ",
        author_name="  مریم\t رضایی\u200f ",
    )
    assert comment.body == "خط اول\n\nخط دوم"
    # A right-to-left override is dropped; the marks Persian text uses are kept.
    assert comment.author_name == "مریم رضایی\u200f"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": " \n "}, "body"),
        ({"body": "ب" * 2001}, "body"),
        ({"author_name": ""}, "author_name"),
        ({"author_name": "ن" * 81}, "author_name"),
    ],
)
def test_bad_input_is_refused_and_spends_nothing(stories, fields, field):
    sub = submission(**fields)
    with unchanged(), pytest.raises(ValidationError) as refused:
        comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
    assert field in refused.value.error_dict
    assert not spent(sub)


def test_a_wrong_answer_is_refused_and_spends_the_question(stories):
    question, answer = solved()
    wrong = submission(captcha_token=question.token, captcha_answer=str(int(answer) + 1))
    with unchanged(), pytest.raises(ValidationError) as refused:
        comment_submit(story=stories.tehran, submission=wrong, network_hash=VISITOR)
    assert "captcha_answer" in refused.value.error_dict
    right = submission(captcha_token=question.token, captcha_answer=answer)
    with unchanged(), pytest.raises(ValidationError) as again:
        comment_submit(story=stories.tehran, submission=right, network_hash=VISITOR)
    assert "پیش‌تر پاسخ داده شده" in " ".join(again.value.messages)


def test_a_replayed_question_is_refused(stories):
    sub = submission()
    comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
    with unchanged(), pytest.raises(ValidationError):
        comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)


def test_an_expired_question_is_refused(stories, settings):
    settings.COMMENTS_CAPTCHA_TTL = 60
    sub = submission()
    with unchanged(), pytest.raises(ValidationError) as refused:
        comment_submit(
            story=stories.tehran,
            submission=sub,
            network_hash=VISITOR,
            now=timezone.now() + timedelta(seconds=61),
        )
    assert "زمان پاسخ" in " ".join(refused.value.messages)


def test_answers_in_persian_and_arabic_digits(stories):
    for digits in ("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"):
        question = captcha_issue()
        typed = str(answer_of(question.token)).translate(str.maketrans("0123456789", digits))
        sub = submission(captcha_token=question.token, captcha_answer=f"\u200e {typed}\u200c")
        comment = comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
        assert comment.status == C.PENDING


# --- Replies -------------------------------------------------------------------------------


def test_a_reply_to_an_approved_comment(stories):
    parent = make_comment(stories.tehran)
    reply = submit(stories.tehran, parent_id=parent.pk)
    assert reply.parent == parent
    assert reply.status == C.PENDING


@pytest.mark.parametrize("case", ["missing", "pending", "rejected", "spam", "other_story"])
def test_replies_only_to_approved_comments_of_the_same_story(stories, case):
    if case == "missing":
        parent_id = 999_999
    elif case == "other_story":
        parent_id = make_comment(stories.isfahan).pk
    else:
        parent_id = make_comment(stories.tehran, status=case).pk
    sub = submission(parent_id=parent_id)
    with unchanged(), pytest.raises(ValidationError) as refused:
        comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
    assert "parent" in refused.value.error_dict
    assert not spent(sub)


# --- Stories -------------------------------------------------------------------------------


def test_a_closed_story_takes_no_comments(stories, net):
    services.story_comments_set_closed(actor=net.tehran_editor, story=stories.tehran, closed=True)
    sub = submission()
    with unchanged(), pytest.raises(PermissionDenied) as refused:
        comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
    assert "بسته" in str(refused.value)
    assert not spent(sub)
    services.story_comments_set_closed(actor=net.tehran_editor, story=stories.tehran, closed=False)
    assert submit(stories.tehran).status == C.PENDING


@pytest.mark.parametrize("name", ["tehran_draft", "tehran_unpublished"])
def test_an_unpublished_story_takes_no_comments(stories, name):
    with unchanged(), pytest.raises(PermissionDenied):
        submit(getattr(stories, name))


# --- Silent spam traps ---------------------------------------------------------------------


def test_a_filled_honeypot_is_spam_silently(stories):
    comment = submit(stories.tehran, honeypot="http://spam.example")
    assert comment.status == C.SPAM
    assert comment.flag == Comment.Flag.HONEYPOT


def test_an_answer_sooner_than_the_minimum_time_is_spam_silently(stories, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    sub = submission()
    comment = comment_submit(story=stories.tehran, submission=sub, network_hash=VISITOR)
    assert comment.status == C.SPAM
    assert comment.flag == Comment.Flag.TOO_FAST


def test_an_answer_after_the_minimum_time_is_pending(stories, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    sub = submission()
    comment = comment_submit(
        story=stories.tehran,
        submission=sub,
        network_hash=VISITOR,
        now=timezone.now() + timedelta(seconds=4),
    )
    assert comment.status == C.PENDING


# --- Rate limits ---------------------------------------------------------------------------


def test_one_visitor_is_limited(stories, settings):
    settings.COMMENTS_VISITOR_RATE = (2, 600)
    submit(stories.tehran)
    submit(stories.isfahan)
    sub = submission()
    with unchanged(), pytest.raises(RateLimited) as limited:
        comment_submit(story=stories.shemiranat, submission=sub, network_hash=VISITOR)
    assert "چند دقیقه بعد" in limited.value.message
    assert not spent(sub)
    # Another network is not.
    other = comment_submit(
        story=stories.tehran, submission=submission(), network_hash=network_hash("198.51.100.1")
    )
    assert other.status == C.PENDING


def test_one_story_is_limited(stories, settings):
    settings.COMMENTS_STORY_RATE = (2, 600)
    for n in range(2):
        comment_submit(
            story=stories.tehran,
            submission=submission(),
            network_hash=network_hash(f"198.51.{n}.1"),
        )
    with unchanged(), pytest.raises(RateLimited):
        comment_submit(
            story=stories.tehran, submission=submission(), network_hash=network_hash("192.0.2.1")
        )
    assert submit(stories.isfahan).status == C.PENDING


def test_spam_counts_towards_the_limit(stories, settings):
    settings.COMMENTS_VISITOR_RATE = (1, 600)
    submit(stories.tehran, honeypot="x")
    with pytest.raises(RateLimited):
        submit(stories.tehran)


# --- Moderation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "name", "end"),
    [
        (C.PENDING, "approve", C.APPROVED),
        (C.PENDING, "reject", C.REJECTED),
        (C.PENDING, "spam", C.SPAM),
        (C.APPROVED, "reject", C.REJECTED),
        (C.SPAM, "approve", C.APPROVED),
        (C.REJECTED, "spam", C.SPAM),
    ],
)
def test_moderation_moves_and_audit(stories, net, start, name, end):
    comment = make_comment(stories.shemiranat, status=start)
    moved = services.comment_transition(actor=net.tehran_editor, comment=comment, name=name)
    assert moved.status == end
    assert moved.moderated_by == net.tehran_editor
    entry = AuditEntry.objects.get(action=f"comments.comment.{name}")
    assert entry.actor == net.tehran_editor
    assert entry.unit_id == net.shemiranat.pk
    assert entry.object_id == str(comment.pk)
    assert entry.changes == {"status": [start, end]}


def test_a_move_the_table_does_not_allow_changes_nothing(stories, net):
    comment = make_comment(stories.tehran, status=C.APPROVED)
    with unchanged(), pytest.raises(ValidationError):
        services.comment_transition(actor=net.tehran_editor, comment=comment, name="approve")
    with unchanged(), pytest.raises(ValidationError):
        services.comment_transition(actor=net.tehran_editor, comment=comment, name="delete")


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("tehran_editor", True),
        ("tehran_head", True),
        ("hq_editor", True),
        ("shemiranat_head", False),  # a county does not moderate its province
        ("isfahan_editor", False),
        ("isfahan_head", False),
        ("tehran_reporter", False),
        ("tehran_viewer", False),
        ("outsider", False),
    ],
)
def test_who_moderates_tehran(stories, net, persona, allowed):
    comment = make_comment(stories.tehran, status=C.PENDING)
    actor = getattr(net, persona)
    if allowed:
        services.comment_transition(actor=actor, comment=comment, name="approve")
        assert Comment.objects.get(pk=comment.pk).status == C.APPROVED
    else:
        with unchanged(), pytest.raises(PermissionDenied):
            services.comment_transition(actor=actor, comment=comment, name="approve")


def test_bulk_moves_what_applies_all_or_nothing(stories, net):
    pending = [make_comment(stories.tehran, status=C.PENDING) for _ in range(3)]
    already = make_comment(stories.tehran, status=C.APPROVED)
    moved = services.comments_transition(
        actor=net.tehran_editor, comments=[*pending, already], name="approve"
    )
    assert moved == 3
    assert AuditEntry.objects.filter(action="comments.comment.approve").count() == 3
    # One comment out of scope: nothing at all moves.
    mixed = [
        make_comment(stories.tehran, status=C.PENDING),
        make_comment(stories.isfahan, C.PENDING),
    ]
    with unchanged(), pytest.raises(PermissionDenied):
        services.comments_transition(actor=net.tehran_editor, comments=mixed, name="spam")


# --- Official replies ----------------------------------------------------------------------


def test_an_official_reply_is_published_at_once(stories, net):
    parent = make_comment(stories.tehran)
    reply = services.comment_reply_official(
        actor=net.tehran_editor, parent=parent, body="  از نظر شما سپاسگزاریم.  "
    )
    assert reply.status == C.APPROVED
    assert reply.is_official
    assert reply.author == net.tehran_editor
    assert reply.parent == parent
    assert reply.body == "از نظر شما سپاسگزاریم."
    assert reply.network_hash == ""
    entry = AuditEntry.objects.get(action="comments.comment.reply")
    assert entry.object_id == str(reply.pk)


def test_official_replies_are_refused_where_they_do_not_belong(stories, net):
    pending = make_comment(stories.tehran, status=C.PENDING)
    approved = make_comment(stories.tehran)
    with unchanged(), pytest.raises(ValidationError):
        services.comment_reply_official(actor=net.tehran_editor, parent=pending, body="پاسخ")
    with unchanged(), pytest.raises(ValidationError):
        services.comment_reply_official(actor=net.tehran_editor, parent=approved, body=" ")
    with unchanged(), pytest.raises(PermissionDenied):
        services.comment_reply_official(actor=net.isfahan_editor, parent=approved, body="پاسخ")


# --- Closing -------------------------------------------------------------------------------


def test_closing_and_opening_are_audited_once(stories, net):
    services.story_comments_set_closed(actor=net.tehran_head, story=stories.tehran, closed=True)
    services.story_comments_set_closed(actor=net.tehran_head, story=stories.tehran, closed=True)
    assert services.comments_closed(stories.tehran)
    services.story_comments_set_closed(actor=net.tehran_head, story=stories.tehran, closed=False)
    actions = list(
        AuditEntry.objects.filter(action__startswith="comments.story")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["comments.story.close", "comments.story.open"]
    assert not services.comments_closed(stories.tehran)


@pytest.mark.parametrize("persona", ["isfahan_editor", "tehran_reporter", "tehran_viewer"])
def test_who_may_not_close(stories, net, persona):
    with unchanged(), pytest.raises(PermissionDenied):
        services.story_comments_set_closed(
            actor=getattr(net, persona), story=stories.tehran, closed=True
        )


# --- Retention -----------------------------------------------------------------------------


def test_the_purge_forgets_old_networks_only(stories):
    old = make_comment(stories.tehran, created_at=timezone.now() - timedelta(days=31))
    recent = make_comment(stories.tehran, created_at=timezone.now() - timedelta(days=29))
    assert services.network_hashes_purge(days=30) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.network_hash == ""
    assert recent.network_hash == "a" * 64
    assert old.body == "نظر آزمایشی"  # the comment itself stays
    assert services.network_hashes_purge(days=30) == 0
