"""`/stories/{id}/revisions`, `/stories/{id}/notes`: the desk's side of a story.

Both are for the owning unit's line only (``permissions.can_view_desk``): publishing a story
makes it public, not the drafts and the conversation that led to it. Others who can see the
story get 403; those who cannot see it, 404 as everywhere.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from hamafza.newsroom import services
from hamafza.newsroom.api._common import caller, errors, fetch_story, story_errors, story_out
from hamafza.newsroom.api.schemas import (
    NoteIn,
    NoteOut,
    RestoreIn,
    RevisionDetailOut,
    RevisionOut,
    StoryOut,
)
from hamafza.newsroom.models import EditorialNote, Story, StoryRevision
from hamafza.newsroom.permissions import can_view_desk
from hamafza.org.permissions import access_for

router = Router()


def _desk_story(request: HttpRequest, story_id: int) -> Story:
    story = fetch_story(request, story_id)
    if not can_view_desk(access_for(caller(request)), story):
        raise PermissionDenied(_("نسخه‌ها و یادداشت‌های تحریریه فقط برای واحد صاحب خبر است."))
    return story


def _revision(story: Story, version: int) -> StoryRevision:
    revision = (
        StoryRevision.objects.select_related("author").filter(story=story, version=version).first()
    )
    if revision is None:
        raise HttpError(404, _("این خبر نسخه‌ای با این شماره ندارد."))
    return revision


@router.get(
    "/{story_id}/revisions",
    response={200: list[RevisionOut], **errors(404)},
    summary="Every saved version of the story, newest first",
)
@story_errors
def revision_list(request: HttpRequest, story_id: int) -> list[StoryRevision]:
    story = _desk_story(request, story_id)
    return list(
        StoryRevision.objects.filter(story=story).select_related("author").order_by("-version")
    )


@router.get(
    "/{story_id}/revisions/{version}",
    response={200: RevisionDetailOut, **errors(404)},
    summary="The story's content as saved at one version",
)
@story_errors
def revision_detail(request: HttpRequest, story_id: int, version: int) -> StoryRevision:
    return _revision(_desk_story(request, story_id), version)


@router.post(
    "/{story_id}/revisions/{version}/restore",
    response={200: StoryOut, **errors(400, 404, 409, 422)},
    summary="Save an earlier version's content as the newest version",
)
@story_errors
def revision_restore(
    request: HttpRequest, story_id: int, version: int, payload: RestoreIn
) -> Story:
    user = caller(request)
    story = _desk_story(request, story_id)
    story = services.story_restore_revision(
        actor=user,
        story=story,
        revision=_revision(story, version),
        version=payload.version,
        change_note=payload.change_note,
    )
    return story_out(story, user)


@router.get(
    "/{story_id}/notes",
    response={200: list[NoteOut], **errors(404)},
    summary="The desk's conversation about the story, oldest first",
)
@story_errors
def note_list(request: HttpRequest, story_id: int) -> list[EditorialNote]:
    story = _desk_story(request, story_id)
    return list(EditorialNote.objects.filter(story=story).select_related("author"))


@router.post(
    "/{story_id}/notes",
    response={201: NoteOut, **errors(400, 404, 422)},
    summary="Add to the desk's conversation (notifies the authors and the unit's editors)",
)
@story_errors
def note_add(request: HttpRequest, story_id: int, payload: NoteIn) -> Status[EditorialNote]:
    story = fetch_story(request, story_id)
    note = services.editorial_note_add(actor=caller(request), story=story, body=payload.body)
    return Status(201, note)
