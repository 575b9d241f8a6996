"""The pending count beside the moderation queue's link in the desk's navigation."""

from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from hamafza.comments.selectors import pending_count


class Moderation:
    """Counted only when a template reads it (one query), so other pages pay nothing."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def url(self) -> str:
        return reverse("comments:queue")

    @cached_property
    def pending(self) -> int:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return pending_count(user)


def moderation(request: HttpRequest) -> dict[str, Any]:
    return {"comment_moderation": Moderation(request)}
