"""The unread count for the bell in the desk's header."""

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from hamafza.notifications.services import unread_count


class Inbox:
    """Counted only when a template reads it (one query), so pages without the bell pay
    nothing."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def unread(self) -> int:
        return unread_count(self.request.user)


def inbox(request: HttpRequest) -> dict[str, Any]:
    return {"inbox": Inbox(request)}
