"""What every story API module shares: error translation (with the 409 conflict), fetching
through ``newsroom.permissions`` and the queries that load what the output schemas read."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema, Status

from hamafza.newsroom.api.schemas import ConflictOut
from hamafza.newsroom.models import ChangeNote, Story
from hamafza.newsroom.permissions import access_story, visible_stories
from hamafza.newsroom.services import StaleVersion
from hamafza.org.api._common import ErrorOut, InvalidOut, caller, service_errors
from hamafza.strategy.models import KeyMessage

__all__ = [
    "caller",
    "errors",
    "fetch_story",
    "story_errors",
    "story_out",
    "with_output_data",
]

_ERROR_SCHEMAS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ConflictOut,
    422: InvalidOut,
}


def errors(*codes: int) -> dict[int, type[Schema]]:
    """The error responses an operation declares: always 401 and 403, plus ``codes``."""
    return {code: _ERROR_SCHEMAS[code] for code in sorted({401, 403, *codes})}


def _output_prefetches(user: Any) -> list[str | Prefetch[Any]]:
    return [
        "subjects",
        "domains",
        "tags",
        Prefetch("key_messages", queryset=KeyMessage.objects.only("pk")),
        Prefetch("authors", queryset=get_user_model().objects.only("pk", "username")),
        Prefetch("change_notes", queryset=ChangeNote.objects.select_related("author")),
        # Where the story was republished, but only the copies the caller may see: another
        # unit's draft of it must not show up here either.
        Prefetch(
            "republications",
            queryset=visible_stories(user).select_related("unit").order_by("id"),
            to_attr="visible_republications",
        ),
    ]


def with_output_data(stories: QuerySet[Story], user: Any) -> QuerySet[Story]:
    """``stories`` with everything ``StoryOut`` reads, in a fixed number of queries."""
    return stories.select_related("unit", "origin__unit").prefetch_related(
        *_output_prefetches(user)
    )


def story_out(story: Story, user: Any) -> Story:
    """``story`` re-read from the database with what ``StoryOut`` reads (after a change, the
    instance a service returns may hold expressions or stale related rows)."""
    fresh = Story.objects.select_related("unit", "origin__unit").get(pk=story.pk)
    prefetch_related_objects([fresh], *_output_prefetches(user))
    return fresh


def fetch_story(request: HttpRequest, story_id: int) -> Story:
    """The story if the caller may see it; Http404 otherwise (existing or not, the same
    answer), PermissionDenied for callers who are not members of the network."""
    return access_story(caller(request), story_id)


def story_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """``org``'s ``service_errors`` (PermissionDenied → 403, ValidationError → 400, Http404 →
    404) plus ``StaleVersion`` → 409 with the story as it is now, so the client keeps its
    user's text and can show what changed meanwhile. Nothing changed in any of these cases.

    The request must be the view's first argument."""
    translated = service_errors(view)

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return translated(*args, **kwargs)
        except StaleVersion as exc:
            request = args[0] if args else kwargs["request"]
            current = story_out(exc.current, caller(request))  # type: ignore[arg-type]
            conflict = {
                "detail": _(
                    "این خبر پس از آنکه شما آن را باز کردید تغییر کرده است (نسخه کنونی: "
                    "%(version)s). متن شما ذخیره نشد؛ تغییرها را با نسخه کنونی مقایسه و "
                    "دوباره ذخیره کنید."
                )
                % {"version": current.version},
                "code": "conflict",
                "current": current,
            }
            return Status(409, conflict)  # type: ignore[return-value]

    return wrapper
