"""Sending and reading in-app notifications, and each person's choice of e-mail delivery.

E-mail itself is sent by the background worker (``delivery.py``), never here: ``notify`` only
writes rows, inside the caller's transaction.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.common.audit import audit_log
from hamafza.notifications.models import (
    DEFAULT_EMAIL_MODE,
    EmailMode,
    Notification,
    NotificationPreference,
)


def notify(
    *, recipients: Iterable[Any], kind: str, text: str, url: str = "", actor: Any = None
) -> int:
    """Notify each distinct recipient once (never the actor about their own action).

    Returns how many notifications were created. Call inside the caller's transaction, so a
    refused change sends nothing.
    """
    actor_id = getattr(actor, "pk", None)
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen or user.pk == actor_id or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                kind=kind,
                text=text[:500],
                url=url,
            )
        )
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    with transaction.atomic():
        unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
        if notification_ids is not None:
            unread = unread.filter(pk__in=list(notification_ids))
        return unread.update(read_at=timezone.now())


# --- E-mail preferences --------------------------------------------------------------------


def email_mode_of(user: Any) -> str:
    """The person's e-mail delivery choice (the default when they never chose)."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_mode if preference else DEFAULT_EMAIL_MODE.value


def notification_preferences_set(*, user: Any, email_mode: str, actor: Any) -> bool:
    """Set how ``user`` gets notifications by e-mail. Only the person themselves may.

    Returns whether anything changed. A change takes effect for notifications made from now
    on (switching to "immediately" does not e-mail the backlog). Raises ``PermissionDenied``
    for anyone else and ``ValidationError`` for an unknown mode; nothing changes then.
    """
    if getattr(actor, "pk", None) != user.pk or not user.is_authenticated:
        raise PermissionDenied
    if email_mode not in EmailMode.values:
        raise ValidationError(
            {"email_mode": _("یکی از گزینه‌های خاموش، بی‌درنگ یا خلاصه روزانه را برگزینید.")}
        )
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
            user=user, defaults={"email_mode": DEFAULT_EMAIL_MODE, "updated_at": timezone.now()}
        )
        before = preference.email_mode
        if before == email_mode:
            return False
        preference.email_mode = email_mode
        preference.updated_at = timezone.now()
        preference.save(update_fields=["email_mode", "updated_at"])
        audit_log(
            actor=actor,
            action="notifications.preferences.update",
            obj=preference,
            summary=_("ارسال اعلان‌ها با رایانامه: %(mode)s")
            % {"mode": EmailMode(email_mode).label},
            changes={"email_mode": [before, email_mode]},
        )
    return True
