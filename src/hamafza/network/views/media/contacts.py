"""Media contacts on the desk: the list with its filters, a contact's page with the history of
interactions and enquiries, registering and editing, logging an interaction, and the person's
data on request (export as a page, JSON or CSV; erasure)."""

import csv
import json
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.persian import to_persian_digits
from hamafza.network.forms.media import (
    ContactFilterForm,
    ContactForm,
    EraseForm,
    InteractionForm,
)
from hamafza.network.models.media import Beat, MediaContact, MediaInteraction, PressEnquiry
from hamafza.network.permissions.media import (
    access_contact,
    access_interaction,
    can_edit_contact,
    can_erase_contact,
    can_export_contact,
    can_remove_interaction,
    write_unit_ids,
)
from hamafza.network.selectors import media as selectors
from hamafza.network.services import media as services
from hamafza.network.services.media import StaleMedia
from hamafza.network.views.media._common import (
    log_interaction,
    regions,
    scope_units,
    tabs,
    writable_units,
)
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page

CONTACTS_PER_PAGE = 30


@login_required
def contact_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    all_regions, units = regions(), scope_units(access)
    form = ContactFilterForm(request.GET, regions=all_regions, units=units)
    pagination = None
    if form.is_valid():
        data = form.cleaned_data
        region = form.units_by_slug.get(data["region"] or "")
        unit = form.units_by_slug.get(data["unit"] or "")
        found = selectors.contact_list(
            viewer=request.user,
            q=data["q"],
            beat=data["beat"],
            region_ids=access.tree.subtree(region.pk) if region else None,
            outlet_id=data["outlet"].pk if data["outlet"] else None,
            unit_ids=access.tree.subtree(unit.pk) if unit else None,
        )
        pagination = paginate(request, found, CONTACTS_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(write_unit_ids(access)),
        **tabs(request.user, "contacts"),
    }
    return render_page(request, "network/media/contact_list.html", context, fragment="rows")


def _stories(user: Any) -> Any:
    return visible_stories(user).order_by("-updated_at", "-id")[:80]


def _interaction_form(request: DeskRequest, contact: MediaContact, data: Any = None) -> Any:
    access = access_for(request.user)
    units = writable_units(access)
    if not units:
        return None
    initial = {"unit": contact.owner_unit.slug if contact.owner_unit in units else units[0].slug}
    return InteractionForm(
        data, units=units, stories=_stories(request.user), initial=initial, prefix="log"
    )


def _contact_context(
    request: DeskRequest, contact: MediaContact, *, log_form: Any = None
) -> dict[str, Any]:
    access = access_for(request.user)
    interactions = selectors.contact_interactions(request.user, contact)
    removable = {i.pk for i in interactions if can_remove_interaction(access, i)}
    return {
        "contact": contact,
        "interactions": interactions,
        "removable": removable,
        "enquiries": selectors.contact_enquiries(request.user, contact),
        "can_edit": can_edit_contact(access, contact),
        "can_export": can_export_contact(access, contact),
        "can_erase": can_erase_contact(access, contact),
        "log_form": log_form or _interaction_form(request, contact),
        **tabs(request.user, "contacts"),
    }


@login_required
def contact_detail(request: DeskRequest, pk: int) -> HttpResponse:
    contact = access_contact(request.user, pk)
    return render_page(
        request, "network/media/contact_detail.html", _contact_context(request, contact)
    )


@login_required
def contact_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    units = writable_units(access)
    if not units:
        raise PermissionDenied
    kwargs = {"units": units, "regions": regions()}
    if request.method == "POST":
        form = ContactForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                contact = services.contact_create(
                    actor=request.user, owner_unit=form.selected_unit, **form.contact_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("مخاطب «%(name)s» ثبت شد.") % {"name": contact.name}
                return done(request, notice, "network:media_contact", contact.pk)
        context = {"form": form, "contact": None, **tabs(request.user, "contacts")}
        return render_page(request, "network/media/contact_form.html", context, status=400)
    form = ContactForm(initial={"basis": MediaContact.Basis.CONSENT}, **kwargs)
    context = {"form": form, "contact": None, **tabs(request.user, "contacts")}
    return render_page(request, "network/media/contact_form.html", context)


@login_required
def contact_edit(request: DeskRequest, pk: int) -> HttpResponse:
    contact = access_contact(request.user, pk, for_write=True)
    context: dict[str, Any] = {"contact": contact, **tabs(request.user, "contacts")}
    if request.method == "POST":
        form = ContactForm(request.POST, regions=regions())
        if form.is_valid():
            try:
                services.contact_update(
                    actor=request.user,
                    contact=contact,
                    version=form.cleaned_data["version"] or 0,
                    **form.contact_fields(),
                )
            except StaleMedia:
                form.add_error(
                    None,
                    _("این مخاطب پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را "
                      "دوباره باز کنید."),
                )  # fmt: skip
                context["form"] = form
                return render_page(request, "network/media/contact_form.html", context, status=409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("تغییرات مخاطب ذخیره شد."), "network:media_contact", pk)
        context["form"] = form
        return render_page(request, "network/media/contact_form.html", context, status=400)
    context["form"] = ContactForm(initial=ContactForm.initial_for(contact), regions=regions())
    return render_page(request, "network/media/contact_form.html", context)


@login_required
@require_POST
def interaction_create(request: DeskRequest, pk: int) -> HttpResponse:
    contact = access_contact(request.user, pk)
    form = _interaction_form(request, contact, request.POST)
    if form is None:
        raise PermissionDenied
    if log_interaction(request, form, contact=contact):
        return done(request, _("ارتباط ثبت شد."), "network:media_contact", pk)
    context = _contact_context(request, contact, log_form=form)
    return render_page(request, "network/media/contact_detail.html", context, status=400)


@login_required
@require_POST
def interaction_remove(request: DeskRequest, pk: int) -> HttpResponse:
    interaction = access_interaction(request.user, pk, for_write=True)
    contact_id = interaction.contact_id
    services.interaction_remove(actor=request.user, interaction=interaction)
    if contact_id is not None:
        return done(request, _("ارتباط حذف شد."), "network:media_contact", contact_id)
    return done(request, _("ارتباط حذف شد."), "network:media_contact_list")


# --- The person's data on request ----------------------------------------------------------


def _csv(data: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="media-contact-{data["contact"]["id"]}.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 Persian only with the BOM
    writer = csv.writer(response)
    writer.writerow([_("بخش"), _("فیلد"), _("مقدار")])
    for key, value in data["contact"].items():
        writer.writerow([_("مخاطب"), key, ", ".join(value) if isinstance(value, list) else value])
    for section, rows in ((_("ارتباط"), data["interactions"]), (_("استعلام"), data["enquiries"])):
        for row in rows:
            for key, value in row.items():
                writer.writerow([f"{section} {row['id']}", key, value if value is not None else ""])
    return response


@login_required
def contact_export(request: DeskRequest, pk: int) -> HttpResponse:
    """The person's data: a readable page, or ``?format=json`` / ``?format=csv`` to hand over."""
    contact = access_contact(request.user, pk, for_export=True)
    fmt = request.GET.get("format", "")
    if fmt not in {"", "json", "csv"}:
        raise Http404
    data = services.contact_export(actor=request.user, contact=contact)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="media-contact-{pk}.json"'
        return response
    if fmt == "csv":
        return _csv(data)
    for row in data["interactions"]:
        row["when"] = datetime.fromisoformat(row["occurred_at"])
    for row in data["enquiries"]:
        row["when"] = datetime.fromisoformat(row["received_at"])
    interaction_kinds = dict(MediaInteraction.Kind.choices)
    statuses = dict(PressEnquiry.Status.choices)
    context = {
        "contact": contact,
        "data": data,
        "beats": [Beat(code).label for code in data["contact"]["beats"]],
        "interaction_kinds": interaction_kinds,
        "statuses": statuses,
        **tabs(request.user, "contacts"),
    }
    return render_page(request, "network/media/contact_export.html", context)


@login_required
def contact_erase(request: DeskRequest, pk: int) -> HttpResponse:
    contact = access_contact(request.user, pk)
    if not can_erase_contact(access_for(request.user), contact):
        raise PermissionDenied
    context: dict[str, Any] = {"contact": contact, **tabs(request.user, "contacts")}
    if request.method == "POST":
        form = EraseForm(request.POST)
        if form.is_valid():
            counts = services.contact_erase(
                actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
            )
            notice = _(
                "داده‌های شخصی مخاطب حذف شد؛ %(i)s ارتباط و %(e)s استعلام بی‌نام نگه داشته شد."
            ) % {
                "i": to_persian_digits(counts["interactions"]),
                "e": to_persian_digits(counts["enquiries"]),
            }
            return done(request, notice, "network:media_contact_list")
        context["form"] = form
        return render_page(request, "network/media/contact_erase.html", context, status=400)
    context["form"] = EraseForm()
    context["interaction_count"] = MediaInteraction.objects.filter(contact=contact).count()
    context["enquiry_count"] = PressEnquiry.objects.filter(contact=contact).count()
    return render_page(request, "network/media/contact_erase.html", context)
