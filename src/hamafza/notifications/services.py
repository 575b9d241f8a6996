"""Sending and reading in-app notifications."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from hamafza.notifications.models import Notification


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
