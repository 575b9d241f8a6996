"""`/api/v1/notifications`: the caller's in-app notifications and marking them read, and
`/preferences`: how the caller gets them by e-mail (off, immediately, or a daily digest).

Notifications belong to one person: every operation reads and changes only the caller's own,
so another person's notification id is simply not found among them (never an error that
confirms it exists).
"""

from datetime import datetime
from typing import Any, Literal, get_args

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hamafza.notifications import delivery, services
from hamafza.notifications.models import EmailMode, Notification
from hamafza.org.api._common import PageFilters, errors, page_slice, service_errors

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="A dotted event name, e.g. newsroom.story.return")
    text: str
    url: str
    actor: str | None = Field(description="The username of who caused it; null for the system")
    created_at: datetime
    read_at: datetime | None
    is_read: bool

    @staticmethod
    def resolve_actor(obj: Notification) -> str | None:
        return obj.actor.username if obj.actor else None

    @staticmethod
    def resolve_is_read(obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationPage(Schema):
    items: list[NotificationOut]
    count: int = Field(description="How many match the filter")
    unread_count: int = Field(description="How many of the caller's notifications are unread")
    page: int
    page_size: int


class NotificationFilters(PageFilters):
    unread: bool = Field(default=False, description="Only unread notifications")


class MarkReadIn(Schema):
    ids: list[int] | None = Field(
        default=None, description="The notifications to mark read; omitted or null: all of them"
    )


class MarkReadOut(Schema):
    marked: int = Field(description="How many were unread and are now read")
    unread_count: int


def _caller(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "",
    response={200: NotificationPage, **errors(422)},
    summary="The caller's notifications, newest first",
)
@service_errors
def notification_list(request: HttpRequest, filters: Query[NotificationFilters]) -> dict[str, Any]:
    user = _caller(request)
    mine = Notification.objects.filter(recipient=user)
    if filters.unread:
        mine = mine.filter(read_at__isnull=True)
    rows = mine.select_related("actor").order_by("-created_at", "-id")
    return {
        "items": list(rows[page_slice(filters.page, filters.page_size)]),
        "count": mine.count(),
        "unread_count": services.unread_count(user),
        "page": filters.page,
        "page_size": filters.page_size,
    }


@router.post(
    "/read",
    response={200: MarkReadOut, **errors(422)},
    summary="Mark the caller's notifications read (the given ids, or all)",
)
@service_errors
def notification_mark_read(request: HttpRequest, payload: MarkReadIn) -> MarkReadOut:
    user = _caller(request)
    marked = services.notification_mark_read(user=user, notification_ids=payload.ids)
    return MarkReadOut(marked=marked, unread_count=services.unread_count(user))


# --- E-mail preferences --------------------------------------------------------------------

EmailModeName = Literal["off", "immediate", "digest"]
if set(get_args(EmailModeName)) != set(EmailMode.values):
    raise AssertionError("EmailModeName must list the EmailMode values")


class NotificationPreferencesOut(Schema):
    email_mode: EmailModeName = Field(
        description="off: no e-mail; immediate: one e-mail per notification, sent by the "
        "background worker within a minute; digest (the default): one e-mail a day at "
        "digest_hour with the unread notifications of the 24 hours before it, none on a day "
        "without any"
    )
    email: str | None = Field(description="The address e-mails go to; null when none is recorded")
    emails_sent: bool = Field(
        description="Whether e-mail will actually be sent: a mode other than off and an address"
    )
    digest_hour: int = Field(description="The hour (0–23, time_zone) the daily digest goes out")
    time_zone: str
    next_digest_at: datetime | None = Field(
        description="When the next digest goes out; null unless email_mode is digest"
    )


class NotificationPreferencesIn(Schema):
    email_mode: EmailModeName


def _preferences(user: Any) -> NotificationPreferencesOut:
    mode = services.email_mode_of(user)
    return NotificationPreferencesOut(
        email_mode=mode,  # type: ignore[arg-type]
        email=user.email or None,
        emails_sent=bool(user.email) and mode != EmailMode.OFF,
        digest_hour=delivery.digest_hour(),
        time_zone=delivery.local_zone().key,
        next_digest_at=delivery.next_digest_at() if mode == EmailMode.DIGEST else None,
    )


@router.get(
    "/preferences",
    response={200: NotificationPreferencesOut, **errors()},
    summary="How the caller gets notifications by e-mail",
)
@service_errors
def notification_preferences(request: HttpRequest) -> NotificationPreferencesOut:
    return _preferences(_caller(request))


@router.put(
    "/preferences",
    response={200: NotificationPreferencesOut, **errors(400, 422)},
    summary="Choose how the caller gets notifications by e-mail",
)
@service_errors
def notification_preferences_update(
    request: HttpRequest, payload: NotificationPreferencesIn
) -> NotificationPreferencesOut:
    user = _caller(request)
    services.notification_preferences_set(user=user, email_mode=payload.email_mode, actor=user)
    return _preferences(user)
