"""Moving a story: workflow transitions, the national front page, retrospective approval and
republishing. Each is a POST from the story page (or a list); a refusal by permission is 403,
a story the person cannot see is 404, and a move the story's state does not allow (or a
missing reason or time) shows the story page again with the reason and the person's input."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.templatetags.hamafza import fa_digits
from hamafza.newsroom import services
from hamafza.newsroom.forms import RepublishForm, TransitionForm, VersionForm
from hamafza.newsroom.services import StaleVersion
from hamafza.newsroom.views._common import DeskRequest, action_failed, story_for_page
from hamafza.newsroom.workflow import FEATURE_TRANSITIONS, TRANSITIONS
from hamafza.org.models import Unit
from hamafza.org.views._common import done


def _stale(request: DeskRequest, story_id: int) -> HttpResponse:
    message = _(
        "این خبر پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد. وضعیت کنونی را "
        "ببینید و دوباره تصمیم بگیرید."
    )
    return action_failed(request, story_id, message, status=409)


@login_required
@require_POST
def story_transition(request: DeskRequest, story_id: int, transition: str) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    move = TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    form = TransitionForm(request.POST, needs_time=move.needs_time, prefix=move.name)
    if not form.is_valid():
        return action_failed(request, story_id, _("فرم را کامل کنید."), failed=(move.name, form))
    try:
        story = services.story_transition(
            actor=request.user,
            story=story,
            name=move.name,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            when=form.cleaned_data["when"],
        )
    except StaleVersion:
        return _stale(request, story_id)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error("when_date" if name == "when" else name, errors)
        return action_failed(request, story_id, error, failed=(move.name, form))
    notice = _("«%(action)s» انجام شد.") % {"action": move.label}
    if story.code is not None and move.target == story.Status.PUBLISHED:
        notice = _("خبر با کد %(code)s منتشر شد.") % {"code": fa_digits(story.code)}
    return done(request, notice, "newsroom:story", story.pk)


@login_required
@require_POST
def story_feature(request: DeskRequest, story_id: int, transition: str) -> HttpResponse:
    """Ask for the national front page (the unit's editors), or decide on it (HQ editors)."""
    story = story_for_page(story_id, request.user)
    move = FEATURE_TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    form = VersionForm(request.POST)
    if not form.is_valid():
        return action_failed(request, story_id, _("فرم را کامل کنید."))
    try:
        services.story_feature_transition(
            actor=request.user,
            story=story,
            name=move.name,
            note=form.cleaned_data["note"],
            version=form.cleaned_data["version"],
        )
    except StaleVersion:
        return _stale(request, story_id)
    except ValidationError as error:
        return action_failed(request, story_id, error)
    notice = _("«%(action)s» انجام شد.") % {"action": move.label}
    return done(request, notice, "newsroom:story", story.pk)


@login_required
@require_POST
def story_retro_approve(request: DeskRequest, story_id: int) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return action_failed(request, story_id, _("فرم را کامل کنید."))
    try:
        services.story_retro_approve(
            actor=request.user, story=story, version=form.cleaned_data["version"]
        )
    except StaleVersion:
        return _stale(request, story_id)
    except ValidationError as error:
        return action_failed(request, story_id, error)
    return done(request, _("انتشار فوری تأیید پسینی شد."), "newsroom:story", story.pk)


@login_required
@require_POST
def story_republish(request: DeskRequest, story_id: int) -> HttpResponse:
    """Adopt a published story of another unit as a new draft of one's own unit."""
    original = story_for_page(story_id, request.user)
    form = RepublishForm(request.POST, units=list(Unit.objects.filter(is_active=True)))
    if not form.is_valid():
        return action_failed(request, story_id, _("واحد انتخاب‌شده معتبر نیست."))
    try:
        copy = services.story_republish(
            actor=request.user, original=original, unit=form.selected_unit
        )
    except ValidationError as error:
        return action_failed(request, story_id, error)
    notice = _("«%(headline)s» به‌عنوان پیش‌نویس %(unit)s بازنشر شد؛ آن را بومی کنید.") % {
        "headline": copy.headline,
        "unit": copy.unit.name,
    }
    return done(request, notice, "newsroom:story_edit", copy.pk)
