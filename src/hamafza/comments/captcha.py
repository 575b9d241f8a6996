"""The arithmetic captcha: a Persian question ("۲ به‌علاوه ۰ چند می‌شود؟"), kept on the server.

``captcha_issue`` stores a challenge and returns a token: a random key (``secrets``) signed
with ``SECRET_KEY``, so a token cannot be guessed, and one that was altered is refused before
the database is asked. ``captcha_consume`` spends the challenge whatever the answer (right or
wrong) in its own committed transaction, so a refused comment cannot give the same question a
second try; it then tells whether the answer was right. Answers may be typed in Persian,
Arabic-Indic or ASCII digits, with spaces and stray bidi or zero-width marks around them.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.comments import conf
from hamafza.comments.models import CaptchaChallenge
from hamafza.common.persian import to_ascii_digits, to_persian_digits

_SIGNER_SALT = "hamafza.comments.captcha"
_NUMBER_WORDS = ["صفر", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_LARGEST = 9


@dataclass(frozen=True)
class Question:
    token: str
    text: str  # with Persian digits: «۲ به‌علاوه ۰ چند می‌شود؟»
    spoken: str  # in words, for screen readers: «دو به‌علاوه صفر چند می‌شود؟»
    expires_at: datetime


def _question_texts(challenge: CaptchaChallenge) -> tuple[str, str]:
    operator = str(CaptchaChallenge.Operator(challenge.operator).label)
    text = _("%(left)s %(operator)s %(right)s چند می‌شود؟") % {
        "left": to_persian_digits(challenge.left),
        "operator": operator,
        "right": to_persian_digits(challenge.right),
    }
    spoken = _("%(left)s %(operator)s %(right)s چند می‌شود؟") % {
        "left": _NUMBER_WORDS[challenge.left],
        "operator": operator,
        "right": _NUMBER_WORDS[challenge.right],
    }
    return text, spoken


def captcha_issue(*, now: datetime | None = None) -> Question:
    """A new question, answerable once within ``COMMENTS_CAPTCHA_TTL`` seconds."""
    now = now or timezone.now()
    operator = secrets.choice(CaptchaChallenge.Operator.values)
    left = secrets.randbelow(_LARGEST + 1)
    right = secrets.randbelow(_LARGEST + 1)
    if operator == CaptchaChallenge.Operator.MINUS and right > left:
        left, right = right, left
    challenge = CaptchaChallenge.objects.create(
        key=secrets.token_urlsafe(24),
        left=left,
        operator=operator,
        right=right,
        created_at=now,
        expires_at=now + timedelta(seconds=conf.captcha_ttl()),
    )
    text, spoken = _question_texts(challenge)
    token = signing.Signer(salt=_SIGNER_SALT).sign(challenge.key)
    return Question(token=token, text=text, spoken=spoken, expires_at=challenge.expires_at)


def parse_answer(answer: str) -> int | None:
    """The number typed, or None when it is not a whole number. Persian (۱۲) and Arabic-Indic
    (١٢) digits count as ASCII ones; spaces, bidi and zero-width marks are dropped."""
    cleaned = "".join(to_ascii_digits(answer or "").split())
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 4:
        return None
    return int(cleaned)


@dataclass(frozen=True)
class Answered:
    """A spent challenge: whether it was answered right and how long after it was issued."""

    correct: bool
    seconds_taken: float


def _invalid() -> ValidationError:
    return ValidationError(
        _("پرسش امنیتی معتبر نیست؛ پرسش تازه‌ای را که نشان داده شده پاسخ دهید."),
        code="captcha_invalid",
    )


def captcha_consume(*, token: str, answer: str, now: datetime | None = None) -> Answered:
    """Spend the challenge ``token`` names and judge ``answer``.

    Raises ``ValidationError`` (and spends nothing more) for a token that was altered, never
    issued, already used or expired. Otherwise the challenge is marked used, committed at
    once even if the caller's own transaction later rolls back, and the verdict returned.
    """
    now = now or timezone.now()
    try:
        key = signing.Signer(salt=_SIGNER_SALT).unsign(token or "")
    except signing.BadSignature:
        raise _invalid() from None
    # Its own transaction, committed on exit: the spending must outlive a refused comment.
    # (Called inside an outer atomic block it would only be a savepoint; the services call it
    # before opening theirs.)
    with transaction.atomic():
        challenge = CaptchaChallenge.objects.select_for_update().filter(key=key).first()
        if challenge is None:
            raise _invalid()
        if challenge.used_at is not None:
            raise ValidationError(
                _("به این پرسش امنیتی پیش‌تر پاسخ داده شده است؛ پرسش تازه را پاسخ دهید."),
                code="captcha_used",
            )
        if challenge.expires_at <= now:
            raise ValidationError(
                _("زمان پاسخ به پرسش امنیتی گذشته است؛ پرسش تازه را پاسخ دهید."),
                code="captcha_expired",
            )
        challenge.used_at = now
        challenge.save(update_fields=["used_at"])
    return Answered(
        correct=parse_answer(answer) == challenge.answer,
        seconds_taken=(now - challenge.created_at).total_seconds(),
    )


def captcha_purge(*, now: datetime | None = None) -> int:
    """Delete challenges that can no longer be answered; returns how many."""
    now = now or timezone.now()
    deleted, _counts = CaptchaChallenge.objects.filter(expires_at__lte=now).delete()
    return deleted
