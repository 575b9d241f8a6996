"""E-mailing notifications, by the background worker only (two sweeps, registered in apps.py).

* ``send_immediate_emails``: each not-yet-e-mailed notification of a person who chose
  "immediately" gets its own e-mail, within a sweep interval of its creation.
* ``send_daily_digests``: once a day, at ``NOTIFICATIONS_DIGEST_HOUR`` local time, each person
  on the daily digest (the default) gets one e-mail listing the notifications of the 24 hours
  before that hour that were neither e-mailed nor already read at the desk. Nothing new: no mail.

Never twice. A notification is claimed before it is sent, by a conditional UPDATE
(``emailed_at IS NULL`` → now): on SQLite and PostgreSQL alike only one of two workers, or of
a worker and its retry, changes the row and sends. A digest is claimed by inserting its
``DigestDelivery`` row, unique per (person, day). If the mail server refuses a message, the
claim is released (so the next sweep tries again) and the sweep stops for this round (the
server is probably down). A message the server accepted is never sent again; the small price
is that a mail server which accepts a message and then reports an error is not retried.

Skipped: people whose e-mail is off, who have no address, or whose account is inactive;
notifications already read at the desk (the person has seen them); notifications older than
a day (after a long outage the desk, not a burst of stale mail, is the place to catch up); and
notifications from before the person switched e-mail on. E-mails are Persian, right-to-left,
HTML with a plain-text alternative, carry no external resources, link absolutely to
``PUBLIC_BASE_URL``, and end with links to the person's notification settings and to a signed
unsubscribe address that works without signing in (also as the ``List-Unsubscribe`` header,
one-click by RFC 8058).

A claimed message that was never sent (the worker killed between claim and send) is not
retried: "never twice" wins over "at least once", and the notification is still on the desk.
"""

import email.policy
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from hamafza.accounts.models import User
from hamafza.common.jalali import format_date
from hamafza.common.persian import to_persian_digits
from hamafza.notifications.models import (
    DEFAULT_EMAIL_MODE,
    DigestDelivery,
    EmailMode,
    Notification,
)

logger = logging.getLogger("hamafza.notifications")

DEFAULT_DIGEST_HOUR = 7  # before the working day starts in Iran's public offices
MAX_AGE = timedelta(days=1)
IMMEDIATE_BATCH = 200  # e-mails per sweep at most; the rest wait for the next sweep
DIGEST_BATCH = 200  # people per sweep at most
DIGEST_MAX_ITEMS = 50  # listed in one digest; the rest are counted, with a link to the desk


# --- Settings ------------------------------------------------------------------------------


def digest_hour() -> int:
    hour = getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", DEFAULT_DIGEST_HOUR)
    if not isinstance(hour, int) or not 0 <= hour <= 23:
        raise ImproperlyConfigured(
            f"NOTIFICATIONS_DIGEST_HOUR must be an hour from 0 to 23, not {hour!r}"
        )
    return hour


def digest_time() -> str:
    """The digest hour as people read it: ``07:00`` (ASCII; templates make the digits Persian)."""
    return f"{digest_hour():02d}:00"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)  # Asia/Tehran


def public_base_url() -> str:
    """Scheme and host for links in e-mails, which have no request to take them from:
    ``PUBLIC_BASE_URL``, else the first concrete name in ``ALLOWED_HOSTS`` (a warning: set
    ``PUBLIC_BASE_URL`` on a real server)."""
    if settings.PUBLIC_BASE_URL:
        return str(settings.PUBLIC_BASE_URL)
    host = next(
        (h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"),
        "localhost",
    )
    scheme = "https" if getattr(settings, "SECURE_SSL_REDIRECT", False) else "http"
    logger.warning("PUBLIC_BASE_URL is not set; e-mail links use %s://%s", scheme, host)
    return f"{scheme}://{host}"


def absolute(url: str, base: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{base}/{url.lstrip('/')}"


def next_digest_at(now: datetime | None = None) -> datetime:
    """When the next daily digest goes out (aware, local time)."""
    local = timezone.localtime(now or timezone.now(), local_zone())
    at = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    return at if at > local else at + timedelta(days=1)


def last_digest_at(now: datetime | None = None) -> datetime:
    """The most recent digest time at or before ``now`` (aware, local time). Its date is the
    digest's day; a worker that was down at that hour sends it when it comes back."""
    local = timezone.localtime(now or timezone.now(), local_zone())
    at = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    return at if at <= local else at - timedelta(days=1)


# --- Who gets what -------------------------------------------------------------------------


def _deliverable() -> QuerySet[Notification]:
    """Not e-mailed, not read, to an active person with an address."""
    return Notification.objects.filter(
        emailed_at__isnull=True, read_at__isnull=True, recipient__is_active=True
    ).exclude(recipient__email="")


def _immediate_queue(now: datetime) -> QuerySet[Notification]:
    """For people on "immediately": made in the last day, and since they chose it."""
    return (
        _deliverable()
        .filter(
            created_at__gte=now - MAX_AGE,
            created_at__lte=now,
            recipient__notification_preference__email_mode=EmailMode.IMMEDIATE,
        )
        .filter(created_at__gte=F("recipient__notification_preference__updated_at"))
    )


def _digest_queue(*, start: datetime, end: datetime) -> QuerySet[Notification]:
    """For people on the daily digest (chosen before ``end``, or by default): made in
    [start, end)."""
    on_digest = Q(
        recipient__notification_preference__email_mode=EmailMode.DIGEST,
        recipient__notification_preference__updated_at__lte=end,
    )
    if DEFAULT_EMAIL_MODE == EmailMode.DIGEST:
        on_digest |= Q(recipient__notification_preference__isnull=True)
    return _deliverable().filter(on_digest, created_at__gte=start, created_at__lt=end)


# --- Unsubscribing without signing in ------------------------------------------------------

UNSUBSCRIBE_SALT = "hamafza.notifications.unsubscribe"


def unsubscribe_token(user: User) -> str:
    """A signed token naming the person: whoever holds it (the mail's reader) may switch that
    person's e-mail off, and nothing else. It does not expire, like the mails it is in."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str) -> User | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk, is_active=True).first() if isinstance(pk, int) else None


# --- The messages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    base: str
    inbox: str
    preferences: str

    @classmethod
    def build(cls) -> "Links":
        base = public_base_url()
        return cls(
            base=base,
            inbox=absolute(reverse("notifications:list"), base),
            preferences=absolute(reverse("notifications:preferences"), base),
        )


class NotificationEmail(EmailMultiAlternatives):
    """Headers fold at RFC 5322's limit of 998 characters instead of 78: the unsubscribe
    address is one long word, which the email package would otherwise cut into RFC 2047
    encoded words that mail clients do not read as an address."""

    def message(self, *, policy: email.policy.Policy | None = None) -> Any:
        policy = policy or email.policy.default
        return super().message(policy=policy.clone(max_line_length=998))


def _one_line(text: str, limit: int = 150) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _message(
    *, user: User, subject: str, template: str, context: dict[str, Any], links: Links
) -> EmailMultiAlternatives:
    """A Persian e-mail from ``<template>.txt`` and ``<template>.html``, to ``user``."""
    unsubscribe = absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user)]), links.base
    )
    with translation.override(settings.LANGUAGE_CODE), timezone.override(local_zone()):
        context = {
            **context,
            "user": user,
            "links": links,
            "unsubscribe_url": unsubscribe,
            "site_name": settings.PUBLICATION_NAME,
            "digest_time": digest_time(),
        }
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = NotificationEmail(
        subject=_one_line(subject),
        body=text,
        to=[user.email],
        headers={
            # Mail clients show "unsubscribe" next to the sender and, by RFC 8058, POST to
            # the link to switch e-mail off in one click, without signing in.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class Item:
    """A notification as an e-mail shows it: text, absolute link, when, by whom."""

    text: str
    url: str
    created_at: datetime
    actor: str


def _item(notification: Notification, links: Links) -> Item:
    return Item(
        text=notification.text,
        url=absolute(notification.url, links.base) if notification.url else links.inbox,
        created_at=notification.created_at,
        actor=notification.actor.display_name if notification.actor else "",
    )


def immediate_message(notification: Notification, links: Links) -> EmailMultiAlternatives:
    site = settings.PUBLICATION_NAME
    with translation.override(settings.LANGUAGE_CODE):
        subject = f"{site}: {notification.text}"
    return _message(
        user=notification.recipient,
        subject=subject,
        template="notifications/email/immediate",
        context={"item": _item(notification, links)},
        links=links,
    )


def digest_message(
    user: User, notifications: list[Notification], day: date, links: Links
) -> EmailMultiAlternatives:
    count = len(notifications)
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("%(site)s: %(count)s اعلان تازه، خلاصه %(day)s") % {
            "site": settings.PUBLICATION_NAME,
            "count": to_persian_digits(count),
            "day": format_date(day),
        }
    shown = notifications[:DIGEST_MAX_ITEMS]
    return _message(
        user=user,
        subject=subject,
        template="notifications/email/digest",
        context={
            "items": [_item(notification, links) for notification in shown],
            "count": count,
            "more": count - len(shown),
            "day": day,
        },
        links=links,
    )


# --- The sweeps ----------------------------------------------------------------------------


def send_immediate_emails(now: datetime | None = None) -> int:
    """E-mail each waiting notification of people on "immediately", once. Returns how many
    e-mails were sent."""
    now = now or timezone.now()
    waiting = list(
        _immediate_queue(now)
        .select_related("recipient", "actor")
        .order_by("created_at", "id")[:IMMEDIATE_BATCH]
    )
    if not waiting:
        return 0
    links = Links.build()
    sent = 0
    for notification in waiting:
        stamp = timezone.now()
        claimed = Notification.objects.filter(
            pk=notification.pk, emailed_at__isnull=True, read_at__isnull=True
        ).update(emailed_at=stamp)
        if not claimed:
            continue  # another worker took it, or it was read meanwhile
        try:
            immediate_message(notification, links).send()
        except Exception:
            Notification.objects.filter(
                pk=notification.pk, emailed_at=stamp, digest__isnull=True
            ).update(emailed_at=None)
            logger.exception(
                "E-mailing notification %s failed; it is retried by the next sweep.",
                notification.pk,
            )
            break
        sent += 1
    return sent


def send_daily_digests(now: datetime | None = None) -> int:
    """Send today's digest (or, before today's digest hour, yesterday's, if a worker was down
    at that hour) to each person on the digest who has something new and has not had it yet.
    Returns how many digests were sent."""
    now = now or timezone.now()
    end = last_digest_at(now)
    day = end.date()
    queue = _digest_queue(start=end - timedelta(days=1), end=end)
    user_ids = list(
        queue.exclude(recipient__digest_deliveries__day=day)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:DIGEST_BATCH]
    )
    if not user_ids:
        return 0
    users = User.objects.in_bulk(user_ids)
    links = Links.build()
    sent = 0
    for user_id in user_ids:
        try:
            with transaction.atomic():
                delivery = DigestDelivery.objects.create(user_id=user_id, day=day)
        except IntegrityError:
            continue  # another worker has this one
        ids = list(queue.filter(recipient_id=user_id).values_list("pk", flat=True))
        # The claim's WHERE is on the row itself, so PostgreSQL re-checks it against a row
        # another worker changed meanwhile (a subquery would not be).
        claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
            emailed_at=delivery.claimed_at, digest=delivery
        )
        if not claimed:
            delivery.delete()
            continue
        notifications = list(
            Notification.objects.filter(digest=delivery)
            .select_related("actor")
            .order_by("created_at", "id")
        )
        try:
            digest_message(users[user_id], notifications, day, links).send()
        except Exception:
            with transaction.atomic():
                Notification.objects.filter(digest=delivery).update(emailed_at=None, digest=None)
                delivery.delete()
            logger.exception(
                "E-mailing the digest of user %s failed; it is retried by the next sweep.",
                user_id,
            )
            break
        DigestDelivery.objects.filter(pk=delivery.pk).update(
            sent_at=timezone.now(), notification_count=len(notifications)
        )
        sent += 1
    return sent
