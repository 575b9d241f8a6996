"""`/stories/{id}/<action>`: one POST per workflow transition, the national front page,
retrospective approval and republishing.

The transition endpoints are made from ``workflow.TRANSITIONS`` and ``FEATURE_TRANSITIONS``,
so the API offers exactly the moves the table defines; the permission matrix test fails
when a new one appears without being covered.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from hamafza.newsroom import services
from hamafza.newsroom.api._common import caller, errors, fetch_story, story_errors, story_out
from hamafza.newsroom.api.schemas import (
    RepublishIn,
    RetroApproveIn,
    ScheduleIn,
    StoryOut,
    TransitionIn,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.workflow import FEATURE_TRANSITIONS, TRANSITIONS, Transition
from hamafza.org.api._common import unit_named

router = Router()

TRANSITION_RESPONSES = {200: StoryOut, **errors(400, 404, 409, 422)}


def _summary(transition: Transition) -> str:
    sources = ", ".join(str(source) for source in sorted(transition.sources))
    extra = " (`note` required)" if transition.needs_note else ""
    return f"Workflow: {sources} → {transition.target}{extra}"


def _transition_view(name: str) -> Callable[..., Any]:
    @story_errors
    def view(request: HttpRequest, story_id: int, payload: TransitionIn | None = None) -> Story:
        payload = payload or TransitionIn()
        user = caller(request)
        story = services.story_transition(
            actor=user,
            story=fetch_story(request, story_id),
            name=name,
            version=payload.version,
            note=payload.note,
        )
        return story_out(story, user)

    view.__name__ = view.__qualname__ = f"story_{name}"
    return view


def _timed_transition_view(name: str) -> Callable[..., Any]:
    """For a transition that needs a time (``schedule``): the body is required."""

    @story_errors
    def view(request: HttpRequest, story_id: int, payload: ScheduleIn) -> Story:
        user = caller(request)
        when = payload.when
        if timezone.is_naive(when):
            when = timezone.make_aware(when)  # the site's time zone: Tehran
        story = services.story_transition(
            actor=user,
            story=fetch_story(request, story_id),
            name=name,
            version=payload.version,
            note=payload.note,
            when=when,
        )
        return story_out(story, user)

    view.__name__ = view.__qualname__ = f"story_{name}"
    return view


for _name, _transition in TRANSITIONS.items():
    _make_view = _timed_transition_view if _transition.needs_time else _transition_view
    router.post(
        f"/{{story_id}}/{_name}",
        response=TRANSITION_RESPONSES,
        summary=_summary(_transition),
        description=str(_transition.label),
    )(_make_view(_name))


def _feature_view(name: str) -> Callable[..., Any]:
    @story_errors
    def view(request: HttpRequest, story_id: int, payload: TransitionIn | None = None) -> Story:
        payload = payload or TransitionIn()
        user = caller(request)
        story = services.story_feature_transition(
            actor=user,
            story=fetch_story(request, story_id),
            name=name,
            note=payload.note,
            version=payload.version,
        )
        return story_out(story, user)

    view.__name__ = view.__qualname__ = f"story_{name}"
    return view


for _name, _feature in FEATURE_TRANSITIONS.items():
    _sources = ", ".join(f"'{source}'" for source in sorted(_feature.sources))
    _who = "HQ editors" if _feature.hq else "the owning unit's editors"
    router.post(
        f"/{{story_id}}/{_name}",
        response=TRANSITION_RESPONSES,
        summary=f"National front page: {_sources} → '{_feature.target}' ({_who})",
        description=str(_feature.label),
    )(_feature_view(_name))


@router.post(
    "/{story_id}/retro_approve",
    response=TRANSITION_RESPONSES,
    summary="Approve a force-published story after the fact (an editor other than its publisher)",
)
@story_errors
def story_retro_approve(
    request: HttpRequest, story_id: int, payload: RetroApproveIn | None = None
) -> Story:
    payload = payload or RetroApproveIn()
    user = caller(request)
    story = services.story_retro_approve(
        actor=user, story=fetch_story(request, story_id), version=payload.version
    )
    return story_out(story, user)


@router.post(
    "/{story_id}/republish",
    response={201: StoryOut, **errors(400, 404, 422)},
    summary="Adopt a published story as a new draft of the caller's unit (or the one named)",
)
@story_errors
def story_republish(
    request: HttpRequest, story_id: int, payload: RepublishIn | None = None
) -> Status[Story]:
    payload = payload or RepublishIn()
    user = caller(request)
    original = fetch_story(request, story_id)
    copy = services.story_republish(actor=user, original=original, unit=unit_named(payload.unit))
    return Status(201, story_out(copy, user))
