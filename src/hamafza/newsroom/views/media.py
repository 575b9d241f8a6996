"""A story's photos and attachments, added and removed from its page through
``newsroom.media`` (which checks that the person may edit the story)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.newsroom import media
from hamafza.newsroom.forms import AttachmentForm, PhotoForm
from hamafza.newsroom.models import StoryAttachment, StoryPhoto
from hamafza.newsroom.views._common import DeskRequest, action_failed, story_for_page
from hamafza.org.views._common import add_service_error, done


@login_required
@require_POST
def story_photo_add(request: DeskRequest, story_id: int) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            media.story_photo_add(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("عکس افزوده شد."), "newsroom:story", story.pk)
    return action_failed(
        request, story_id, _("عکس افزوده نشد؛ خطاهای فرم عکس را ببینید."), photo_form=form
    )


@login_required
@require_POST
def story_photo_delete(request: DeskRequest, story_id: int, photo_id: int) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    photo = get_object_or_404(StoryPhoto, pk=photo_id, story=story)
    media.story_photo_delete(actor=request.user, photo=photo)
    return done(request, _("عکس حذف شد."), "newsroom:story", story.pk)


@login_required
@require_POST
def story_attachment_add(request: DeskRequest, story_id: int) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            media.story_attachment_add(actor=request.user, story=story, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return done(request, _("پیوست افزوده شد."), "newsroom:story", story.pk)
    return action_failed(
        request,
        story_id,
        _("پیوست افزوده نشد؛ خطاهای فرم پیوست را ببینید."),
        attachment_form=form,
    )


@login_required
@require_POST
def story_attachment_delete(
    request: DeskRequest, story_id: int, attachment_id: int
) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    attachment = get_object_or_404(StoryAttachment, pk=attachment_id, story=story)
    media.story_attachment_delete(actor=request.user, attachment=attachment)
    return done(request, _("پیوست حذف شد."), "newsroom:story", story.pk)
