"""The comment workflow: one table of moderation moves, read by the services, the desk and
the API.

    pending ──approve──▶ approved        (visible on the story page and in the public API)
    pending ──reject───▶ rejected
    pending ──spam─────▶ spam
    approved/rejected/spam: a moderator may change their mind to any other of the three.

An official reply by staff is created approved; a visitor's comment is created pending (or
spam, when the honeypot or the minimum time caught it).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.comments.models import Comment

C = Comment.Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise
    done: Promise  # what the desk says afterwards
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "approve",
            _("تأیید"),
            _("تأیید شد"),
            frozenset({C.PENDING, C.REJECTED, C.SPAM}),
            C.APPROVED,
        ),
        Transition(
            "reject", _("رد"), _("رد شد"), frozenset({C.PENDING, C.APPROVED, C.SPAM}), C.REJECTED
        ),
        Transition(
            "spam",
            _("هرزنامه"),
            _("هرزنامه شناخته شد"),
            frozenset({C.PENDING, C.APPROVED, C.REJECTED}),
            C.SPAM,
        ),
    ]
}
