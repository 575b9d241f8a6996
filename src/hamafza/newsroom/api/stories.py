"""`/stories`, `/stories/{id}`: list, create, read, update (optimistic locking), delete."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from hamafza.newsroom import selectors, services
from hamafza.newsroom.api._common import (
    caller,
    errors,
    fetch_story,
    story_errors,
    story_out,
    with_output_data,
)
from hamafza.newsroom.api.schemas import (
    StoryCreateIn,
    StoryFilters,
    StoryOut,
    StoryPage,
    StoryUpdateIn,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.api._common import page_slice, staff, unit_named
from hamafza.org.models import Unit

router = Router(tags=["stories"])


@router.get(
    "",
    response={200: StoryPage, **errors(400, 422)},
    summary="The stories the caller may see: most recently changed first, or with `q` the "
    "best matches first",
)
@story_errors
def story_list(request: HttpRequest, filters: Query[StoryFilters]) -> dict[str, Any]:
    access = staff(request)
    user = caller(request)
    unit = unit_named(filters.unit)
    words = " ".join(filters.q.split())
    if words:
        return _search(user, words, unit, filters)
    # Scoped first: counts and pages never include a story the caller may not see.
    stories = visible_stories(user)
    if unit is not None:
        stories = stories.filter(unit_id__in=access.tree.subtree(unit.pk))
    if filters.status:
        stories = stories.filter(status=filters.status)
    if filters.kind:
        stories = stories.filter(kind=filters.kind)
    if filters.subject:
        stories = stories.filter(subjects__code=filters.subject)
    page = with_output_data(stories.order_by("-updated_at", "-id"), user)
    return {
        "items": list(page[page_slice(filters.page, filters.page_size)]),
        "count": stories.count(),
        "count_exact": True,
        "page": filters.page,
        "page_size": filters.page_size,
    }


def _search(user: Any, words: str, unit: Unit | None, filters: StoryFilters) -> dict[str, Any]:
    """The search's page: ``story_search`` scopes inside the index query, so another unit's
    unpublished work is neither listed nor counted. Only punctuation finds nothing."""
    page = {"page": filters.page, "page_size": filters.page_size}
    found = selectors.story_search(
        text=words,
        viewer=user,
        filters=selectors.StoryFilters(
            unit_id=unit.pk if unit is not None else None,
            status=filters.status or "",
            kind=filters.kind or "",
            subject=filters.subject or "",
        ),
        page=filters.page,
        per_page=filters.page_size,
    )
    ids = [item.story.pk for item in found.items]
    stories = {
        story.pk: story
        for story in with_output_data(visible_stories(user).filter(pk__in=ids), user)
    }
    return {
        "items": [stories[pk] for pk in ids if pk in stories],
        "count": found.count,
        "count_exact": found.count_exact,
        **page,
    }


@router.post(
    "",
    response={201: StoryOut, **errors(400, 422)},
    summary="Write a new draft (for the caller's unit unless another is named)",
)
@story_errors
def story_create(request: HttpRequest, payload: StoryCreateIn) -> Status[Story]:
    user = caller(request)
    staff(request)
    fields = payload.model_dump()
    unit = unit_named(fields.pop("unit"))
    story = services.story_create(actor=user, unit=unit, **fields)
    return Status(201, story_out(story, user))


@router.get(
    "/{story_id}",
    response={200: StoryOut, **errors(404)},
    summary="One story",
)
@story_errors
def story_detail(request: HttpRequest, story_id: int) -> Story:
    return story_out(fetch_story(request, story_id), caller(request))


@router.patch(
    "/{story_id}",
    response={200: StoryOut, **errors(400, 404, 409, 422)},
    summary="Save changes made from `version` (a published story: with a `change_note`)",
)
@story_errors
def story_update(request: HttpRequest, story_id: int, payload: StoryUpdateIn) -> Story:
    user = caller(request)
    story = fetch_story(request, story_id)
    # The service checks the version before the permission: a client that lost a race
    # learns that first (409, with the story as it is now), whatever the story's new state.
    story = services.story_update(
        actor=user,
        story=story,
        version=payload.version,
        change_note=payload.change_note,
        **payload.changes(),
    )
    return story_out(story, user)


@router.delete(
    "/{story_id}",
    response={204: None, **errors(404)},
    summary="Delete a draft that was never published (its author or an editor)",
)
@story_errors
def story_delete(request: HttpRequest, story_id: int) -> Status[None]:
    story = fetch_story(request, story_id)
    services.story_delete(actor=caller(request), story=story)
    return Status(204, None)
