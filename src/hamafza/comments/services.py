"""Every change to comments. The public form, the public API, the desk and the staff API all
call these, so each rule lives here once.

Refusals: bad input raises ``ValidationError`` (Persian messages, keyed by field where there is
one), a closed story or a move the user may not make raises ``PermissionDenied``, too many
comments raises ``RateLimited``. In every case nothing changes, except that a captcha answered
(right or wrong) stays spent. Moderation changes and official replies write one audit row each;
visitors' comments are their own record.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.comments import conf
from hamafza.comments.captcha import captcha_consume
from hamafza.comments.models import BODY_MAX, NAME_MAX, Comment, StoryCommentSettings
from hamafza.comments.permissions import can_close, can_moderate
from hamafza.comments.signals import thread_changed_on_commit
from hamafza.comments.visitors import RateLimit
from hamafza.comments.workflow import TRANSITIONS
from hamafza.common.audit import audit_log
from hamafza.common.prepared import Prepared
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.permissions import access_for

C = Comment.Status
BODY_MIN = 2


class RateLimited(Exception):
    """Too many comments from one visitor's network, or on one story, just now."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_CLOSED = Prepared(
    lambda story_id: StoryCommentSettings.objects.filter(story_id=story_id, closed=True)[:1]
)


def comments_closed(story: Story) -> bool:
    return bool(_CLOSED(story.pk))


def _visitor_limit() -> RateLimit:
    limit, window = conf.visitor_rate()
    return RateLimit("visitor", limit, window)


def _story_limit() -> RateLimit:
    limit, window = conf.story_rate()
    return RateLimit("story", limit, window)


# --- Cleaning input ------------------------------------------------------------------------

# Control and format characters a visitor has no reason to send (ZWNJ and the bidi marks
# Persian text uses are format characters too, and are kept).
_KEPT_FORMAT = {"\u200c", "\u200d", "\u200e", "\u200f"}


def _plain(text: str, *, keep_newlines: bool) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char == "\n" and keep_newlines:
            kept.append(char)
        elif char == "\t" or (category == "Cc"):
            kept.append(" ")
        elif category in {"Cf", "Cs", "Co"} and char not in _KEPT_FORMAT:
            continue
        else:
            kept.append(char)
    return "".join(kept)


def clean_body(body: str) -> str:
    """Plain text as typed: trailing spaces trimmed, at most one empty line in a row."""
    lines = [" ".join(line.split()) for line in _plain(body, keep_newlines=True).split("\n")]
    paragraphs: list[str] = []
    for line in lines:
        if line or (paragraphs and paragraphs[-1]):
            paragraphs.append(line)
    return "\n".join(paragraphs).strip()


def clean_name(name: str) -> str:
    return " ".join(_plain(name, keep_newlines=False).split())


def _check_body(body: str) -> dict[str, str]:
    if len(body) < BODY_MIN:
        return {"body": _("متن نظر را بنویسید.")}
    if len(body) > BODY_MAX:
        return {"body": _("متن نظر حداکثر %(limit)s نویسه است.") % {"limit": BODY_MAX}}
    return {}


def _check_fields(body: str, author_name: str) -> dict[str, str]:
    errors = _check_body(body)
    if not author_name:
        errors["author_name"] = _("نام خود را بنویسید.")
    elif len(author_name) > NAME_MAX:
        errors["author_name"] = _("نام حداکثر %(limit)s نویسه است.") % {"limit": NAME_MAX}
    return errors


def _reply_target(story: Story, parent_id: int | None) -> Comment | None:
    """The approved comment of ``story`` being replied to; ValidationError for any other."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None or parent.story_id != story.pk or parent.status != C.APPROVED:
        # The same answer for a comment that does not exist, waits for moderation, was
        # rejected or belongs to another story: none of them can be told apart from outside.
        raise ValidationError(
            {"parent": _("نظری که به آن پاسخ می‌دهید پیدا نشد یا هنوز منتشر نشده است.")}
        )
    return parent


# --- Visitors' comments --------------------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    body: str
    author_name: str
    parent_id: int | None
    captcha_token: str
    captcha_answer: str
    honeypot: str = ""


def comment_submit(
    *, story: Story, submission: Submission, network_hash: str, now: datetime | None = None
) -> Comment:
    """A visitor's comment (or reply) on a published story, for moderation.

    Checks, in order: the story is public and open (else Http404 is the caller's business /
    PermissionDenied), the rate limits (``RateLimited``, nothing spent), the fields and the
    comment replied to (``ValidationError``, nothing spent), then the captcha, which is spent
    whatever the answer. A wrong answer is a ``ValidationError`` on ``captcha_answer``.

    A filled honeypot or an answer sooner than ``COMMENTS_MIN_SECONDS`` after the question was
    issued saves the comment as spam, silently: the caller answers as for any comment, so a
    robot learns nothing. Returns the comment saved.
    """
    now = now or timezone.now()
    if story.status not in PUBLIC_STATUSES:
        raise PermissionDenied(_("این خبر منتشر نشده است."))
    if comments_closed(story):
        raise PermissionDenied(_("نظرگذاری برای این خبر بسته شده است."))
    visitor, per_story = _visitor_limit(), _story_limit()
    if visitor.exceeded(network_hash):
        raise RateLimited(
            _(
                "از شبکه شما در این مدت نظرهای زیادی فرستاده شده است؛ چند دقیقه بعد دوباره "
                "تلاش کنید."
            )
        )
    if per_story.exceeded(str(story.pk)):
        raise RateLimited(
            _("این خبر در این مدت نظرهای بسیاری گرفته است؛ چند دقیقه بعد دوباره تلاش کنید.")
        )
    body = clean_body(submission.body)
    author_name = clean_name(submission.author_name)
    errors = _check_fields(body, author_name)
    if errors:
        raise ValidationError(errors)
    parent = _reply_target(story, submission.parent_id)
    try:
        answered = captcha_consume(
            token=submission.captcha_token, answer=submission.captcha_answer, now=now
        )
    except ValidationError as error:
        raise ValidationError({"captcha_answer": error.messages}) from None
    if not answered.correct:
        raise ValidationError(
            {
                "captcha_answer": _(
                    "پاسخ پرسش امنیتی درست نیست؛ به پرسش تازه‌ای که نشان داده شده پاسخ دهید."
                )
            }
        )
    flag = ""
    if submission.honeypot.strip():
        flag = Comment.Flag.HONEYPOT
    elif answered.seconds_taken < conf.min_seconds():
        flag = Comment.Flag.TOO_FAST
    with transaction.atomic():
        comment = Comment.objects.create(
            story=story,
            parent=parent,
            body=body,
            author_name=author_name,
            status=C.SPAM if flag else C.PENDING,
            flag=flag,
            network_hash=network_hash,
            created_at=now,
        )
    visitor.hit(network_hash)
    per_story.hit(str(story.pk))
    return comment


# --- Staff ---------------------------------------------------------------------------------


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("شما اجازه بررسی نظرهای این خبر را ندارید."))


def comment_transition(*, actor: Any, comment: Comment, name: str) -> Comment:
    """Move one comment by transition ``name`` (``workflow.TRANSITIONS``); one audit row."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» برای نظرها تعریف نشده است.") % {"name": name})
    access = access_for(actor)
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("story__unit")
            .get(pk=comment.pk)
        )
        _require(can_moderate(access, comment.story))
        if comment.status not in transition.sources:
            raise ValidationError(
                _("نظری که «%(status)s» است را نمی‌توان «%(action)s» کرد.")
                % {"status": comment.get_status_display(), "action": transition.label}
            )
        previous = comment.status
        comment.status = transition.target
        comment.moderated_at = timezone.now()
        comment.moderated_by = actor
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
        if C.APPROVED in (previous, transition.target):
            thread_changed_on_commit(comment.story, action=f"comments.comment.{name}")
        audit_log(
            actor=actor,
            action=f"comments.comment.{name}",
            obj=comment,
            unit=comment.story.unit,
            summary=comment.story.headline,
            changes={"status": [previous, transition.target]},
        )
    return comment


def comments_transition(*, actor: Any, comments: Iterable[Comment], name: str) -> int:
    """The bulk action: ``name`` for each comment the move applies to (others, already in the
    target status say, are left as they are). All or nothing; returns how many moved."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise ValidationError(_("کار «%(name)s» برای نظرها تعریف نشده است.") % {"name": name})
    moved = 0
    with transaction.atomic():
        for comment in comments:
            if comment.status in transition.sources:
                comment_transition(actor=actor, comment=comment, name=name)
                moved += 1
    return moved


def comment_reply_official(*, actor: Any, parent: Comment, body: str) -> Comment:
    """An official reply by staff to an approved comment, published at once; one audit row.

    Staff reply even when comments are closed to the public: the switch keeps visitors out,
    not the organization's answer.
    """
    access = access_for(actor)
    text = clean_body(body)
    errors = _check_body(text)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        parent = Comment.objects.select_related("story__unit").get(pk=parent.pk)
        _require(can_moderate(access, parent.story))
        if parent.status != C.APPROVED:
            raise ValidationError(_("فقط به نظرهای تأییدشده می‌توان پاسخ رسمی داد."))
        if parent.story.status not in PUBLIC_STATUSES:
            raise ValidationError(_("این خبر منتشر نشده است."))
        now = timezone.now()
        reply = Comment.objects.create(
            story=parent.story,
            parent=parent,
            body=text,
            author_name=(actor.get_full_name() or actor.get_username())[:NAME_MAX],
            author=actor,
            is_official=True,
            status=C.APPROVED,
            created_at=now,
            moderated_at=now,
            moderated_by=actor,
        )
        thread_changed_on_commit(parent.story, action="comments.comment.reply")
        audit_log(
            actor=actor,
            action="comments.comment.reply",
            obj=reply,
            unit=parent.story.unit,
            summary=parent.story.headline,
            changes={"parent": [None, parent.pk]},
        )
    return reply


def story_comments_set_closed(*, actor: Any, story: Story, closed: bool) -> StoryCommentSettings:
    """Close (or reopen) a story to new comments from the public; one audit row when it
    changes, none when it already was so."""
    access = access_for(actor)
    _require(can_close(access, actor, story))
    with transaction.atomic():
        current, _created = StoryCommentSettings.objects.select_for_update().get_or_create(
            story=story
        )
        if current.closed == closed:
            return current
        current.closed = closed
        current.updated_at = timezone.now()
        current.updated_by = actor
        current.save()
        action = "comments.story.close" if closed else "comments.story.open"
        thread_changed_on_commit(story, action=action)
        audit_log(
            actor=actor,
            action=action,
            obj=story,
            unit=story.unit,
            summary=story.headline,
            changes={"comments_closed": [not closed, closed]},
        )
    return current


def network_hashes_purge(*, days: int | None = None, now: datetime | None = None) -> int:
    """Forget the network hashes of comments older than ``days`` (the setting by default);
    returns how many comments were cleared. The comments themselves stay."""
    days = conf.retention_days() if days is None else days
    if days < 0:
        raise ValueError("days must not be negative")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        Comment.objects.filter(created_at__lt=cutoff)
        .exclude(network_hash="")
        .update(network_hash="")
    )
