"""A story's page on the desk, its editorial-notes thread and its public preview."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.newsroom import services
from hamafza.newsroom.forms import NoteForm, text_direction
from hamafza.newsroom.views._common import (
    DeskRequest,
    detail_context,
    render_detail,
    story_for_page,
)
from hamafza.org.views._common import add_service_error, done, render_page, wants_fragment


@login_required
def story_detail(request: DeskRequest, story_id: int) -> HttpResponse:
    return render_detail(request, story_for_page(story_id, request.user))


@login_required
@require_POST
def story_note_add(request: DeskRequest, story_id: int) -> HttpResponse:
    """Add to the desk's conversation. With htmx only the thread is swapped (also when the
    note is refused as input: htmx swaps only successful responses, and the thread shows why)."""
    story = story_for_page(story_id, request.user)
    form = NoteForm(request.POST)
    status = 200 if wants_fragment(request) else 400
    if form.is_valid():
        try:
            services.editorial_note_add(
                actor=request.user, story=story, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if not wants_fragment(request):
                return done(request, _("یادداشت افزوده شد."), "newsroom:story", story.pk)
            form = NoteForm()
    context = detail_context(request, story, note_form=form)
    return render_page(
        request, "newsroom/story_detail.html", context, fragment="notes", status=status
    )


@login_required
def story_preview(request: DeskRequest, story_id: int) -> HttpResponse:
    """The story as the public will read it: no desk furniture, the story's own direction."""
    story = story_for_page(story_id, request.user)
    context = {
        "story": story,
        "direction": text_direction(story.language),
        "photos": list(story.photos.all()),
        "attachments": list(story.attachments.all()),
        "subjects": list(story.subjects.all()),
        "tags": list(story.tags.all()),
        "change_notes": list(story.change_notes.all()),
    }
    return render(request, "newsroom/story_preview.html", context)
