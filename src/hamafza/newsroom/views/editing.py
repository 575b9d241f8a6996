"""Writing a story: create, edit (with the conflict page that loses nothing), delete a draft."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from hamafza.newsroom import services
from hamafza.newsroom.forms import StoryForm, editor_media
from hamafza.newsroom.models import Story, StoryRevision
from hamafza.newsroom.permissions import can_delete, can_edit
from hamafza.newsroom.services import StaleVersion
from hamafza.newsroom.views._common import DeskRequest, story_for_page, writable_units
from hamafza.newsroom.views._diff import compare
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import add_service_error, done, render_page
from hamafza.plans.selectors import linkable_activities


def _form_page(
    request: DeskRequest,
    form: StoryForm,
    story: Story | None,
    *,
    status: int = 200,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "story": story,
        "editor_media": editor_media(request, form),
        "conflict": conflict,
    }
    return render_page(request, "newsroom/story_form.html", context, status=status)


@login_required
def story_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    units = writable_units(access)
    if not units:
        raise PermissionDenied
    all_units = list(Unit.objects.filter(is_active=True).order_by("name"))
    activities = linkable_activities(request.user)
    if request.method == "POST":
        form = StoryForm(request.POST, units=units, all_units=all_units, activities=activities)
        if form.is_valid():
            try:
                story = services.story_create(
                    actor=request.user,
                    unit=form.selected_unit,
                    activity=form.cleaned_data["activity"],
                    **form.story_fields(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("پیش‌نویس «%(headline)s» ساخته شد.") % {"headline": story.headline}
                return done(request, notice, "newsroom:story", story.pk)
        return _form_page(request, form, None, status=400)
    initial = {"activity": request.GET.get("activity", "")}
    form = StoryForm(initial=initial, units=units, all_units=all_units, activities=activities)
    return _form_page(request, form, None)


def _conflict(request: DeskRequest, form: StoryForm, current: Story) -> dict[str, Any]:
    """What the conflict page shows beside the person's own text: the story as saved now, who
    saved it, and how their text differs from it."""
    current = story_for_page(current.pk, request.user)
    latest = StoryRevision.objects.filter(story=current).select_related("author").first()
    return {
        "current": current,
        "revision": latest,
        "diff": [
            item
            for item in compare(services.story_snapshot(current), form.story_fields())
            if item.changed
        ],
    }


@login_required
def story_edit(request: DeskRequest, story_id: int) -> HttpResponse:
    story = story_for_page(story_id, request.user)
    if not can_edit(access_for(request.user), request.user, story):
        raise PermissionDenied
    activities = linkable_activities(request.user, keep=story.activity_id)
    if request.method != "POST":
        form = StoryForm(initial=StoryForm.initial_for(story), story=story, activities=activities)
        return _form_page(request, form, story)
    form = StoryForm(request.POST, story=story, activities=activities)
    if form.is_valid():
        try:
            services.story_update(
                actor=request.user,
                story=story,
                version=form.cleaned_data["version"],
                change_note=form.cleaned_data.get("change_note") or "",
                activity=form.cleaned_data["activity"],
                **form.story_fields(),
            )
        except StaleVersion as stale:
            # Keep every word the person typed; they now start from the saved version, so
            # saving again is a deliberate choice made after seeing what changed.
            conflict = _conflict(request, form, stale.current)
            data = request.POST.copy()
            data["version"] = str(conflict["current"].version)
            kept = StoryForm(data, story=conflict["current"], activities=activities)
            kept.is_valid()
            return _form_page(request, kept, conflict["current"], status=409, conflict=conflict)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = _("تغییرات «%(headline)s» ذخیره شد.") % {
                "headline": form.cleaned_data["headline"]
            }
            return done(request, notice, "newsroom:story", story.pk)
    return _form_page(request, form, story, status=400)


@login_required
def story_delete(request: DeskRequest, story_id: int) -> HttpResponse:
    """Delete a draft that never had a news code (asks first)."""
    story = story_for_page(story_id, request.user)
    if not can_delete(access_for(request.user), request.user, story):
        raise PermissionDenied
    if request.method == "POST":
        services.story_delete(actor=request.user, story=story)
        notice = _("پیش‌نویس «%(headline)s» حذف شد.") % {"headline": story.headline}
        return done(request, notice, "newsroom:my_stories")
    return render_page(request, "newsroom/story_delete.html", {"story": story})
