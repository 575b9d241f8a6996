"""Media outlets on the desk: the register (every member of the network sees it), an outlet's
page with the contacts there the viewer may see and the recent interactions, and editing."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.network.forms.media import InteractionForm, OutletFilterForm, OutletForm
from hamafza.network.models.media import MediaOutlet
from hamafza.network.permissions.media import (
    access_outlet,
    can_edit_outlet,
    write_unit_ids,
)
from hamafza.network.selectors import media as selectors
from hamafza.network.services import media as services
from hamafza.network.services.media import StaleMedia
from hamafza.network.views.media._common import log_interaction, regions, tabs, writable_units
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page

OUTLETS_PER_PAGE = 40


@login_required
def outlet_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = OutletFilterForm(request.GET)
    pagination = None
    if form.is_valid():
        found = selectors.outlet_list(
            viewer=request.user, q=form.cleaned_data["q"], kind=form.cleaned_data["kind"]
        )
        pagination = paginate(request, found, OUTLETS_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(write_unit_ids(access)),
        **tabs(request.user, "outlets"),
    }
    return render_page(request, "network/media/outlet_list.html", context, fragment="rows")


def _log_form(request: DeskRequest, data: Any = None) -> InteractionForm | None:
    units = writable_units(access_for(request.user))
    if not units:
        return None
    stories = visible_stories(request.user).order_by("-updated_at", "-id")[:80]
    return InteractionForm(
        data, units=units, stories=stories, initial={"kind": "press_release"}, prefix="log"
    )


def _outlet_context(
    request: DeskRequest, outlet: MediaOutlet, *, log_form: Any = None
) -> dict[str, Any]:
    return {
        "outlet": outlet,
        "contacts": list(selectors.contact_list(viewer=request.user, outlet_id=outlet.pk)),
        "interactions": selectors.outlet_interactions(request.user, outlet),
        "can_edit": can_edit_outlet(access_for(request.user), outlet),
        "log_form": log_form or _log_form(request),
        **tabs(request.user, "outlets"),
    }


@login_required
def outlet_detail(request: DeskRequest, pk: int) -> HttpResponse:
    outlet = access_outlet(request.user, pk)
    return render_page(
        request, "network/media/outlet_detail.html", _outlet_context(request, outlet)
    )


@login_required
@require_POST
def outlet_interaction_create(request: DeskRequest, pk: int) -> HttpResponse:
    """An interaction with the outlet's newsroom rather than one journalist (a release sent
    to its news desk, a correction asked of it)."""
    outlet = access_outlet(request.user, pk)
    form = _log_form(request, request.POST)
    if form is None:
        raise PermissionDenied
    if log_interaction(request, form, outlet=outlet):
        return done(request, _("ارتباط ثبت شد."), "network:media_outlet", pk)
    context = _outlet_context(request, outlet, log_form=form)
    return render_page(request, "network/media/outlet_detail.html", context, status=400)


@login_required
def outlet_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    units = writable_units(access)
    if not units:
        raise PermissionDenied
    kwargs: dict[str, Any] = {"units": units, "regions": regions()}
    context: dict[str, Any] = {"outlet": None, **tabs(request.user, "outlets")}
    if request.method == "POST":
        form = OutletForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                outlet = services.outlet_create(
                    actor=request.user, owner_unit=form.selected_unit, **form.outlet_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("رسانه «%(name)s» ثبت شد.") % {"name": outlet.name}
                return done(request, notice, "network:media_outlet", outlet.pk)
        context["form"] = form
        return render_page(request, "network/media/outlet_form.html", context, status=400)
    context["form"] = OutletForm(**kwargs)
    return render_page(request, "network/media/outlet_form.html", context)


@login_required
def outlet_edit(request: DeskRequest, pk: int) -> HttpResponse:
    outlet = access_outlet(request.user, pk, for_write=True)
    context: dict[str, Any] = {"outlet": outlet, **tabs(request.user, "outlets")}
    if request.method == "POST":
        form = OutletForm(request.POST, regions=regions())
        if form.is_valid():
            try:
                services.outlet_update(
                    actor=request.user,
                    outlet=outlet,
                    version=form.cleaned_data["version"] or 0,
                    **form.outlet_fields(),
                )
            except StaleMedia:
                form.add_error(
                    None, _("این رسانه پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد.")
                )
                context["form"] = form
                return render_page(request, "network/media/outlet_form.html", context, status=409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("تغییرات رسانه ذخیره شد."), "network:media_outlet", pk)
        context["form"] = form
        return render_page(request, "network/media/outlet_form.html", context, status=400)
    context["form"] = OutletForm(initial=OutletForm.initial_for(outlet), regions=regions())
    return render_page(request, "network/media/outlet_form.html", context)
