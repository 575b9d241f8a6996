"""The partner registry: search, a partner's page with its contacts, create and edit."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.common.sections import render_sections
from hamafza.org import selectors, services
from hamafza.org.forms import PartnerContactForm, PartnerFilterForm, PartnerForm
from hamafza.org.models import Partner, PartnerContact
from hamafza.org.permissions import access_for, access_partner, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
    wants_fragment,
)

PARTNERS_PER_PAGE = 30


@login_required
def partners(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = PartnerFilterForm(request.GET, units=selectors.unit_tree())
    pagination = None
    if form.is_valid():
        data = form.cleaned_data
        found = selectors.partner_search(
            q=data["q"], kind=data["kind"], domain=data["domain"], unit=form.selected_unit
        )
        pagination = paginate(request, found, PARTNERS_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(access.partner_owner_units()),
    }
    return render_page(request, "org/partners.html", context, fragment="results")


def _partner_context(
    request: DeskRequest,
    partner: Partner,
    *,
    contact_form: PartnerContactForm | None = None,
    notice: str = "",
    notice_error: bool = False,
) -> dict[str, Any]:
    can_edit = access_for(request.user).can_edit_partner(partner)
    if can_edit and contact_form is None:
        contact_form = PartnerContactForm(prefix="contact")
    return {
        "partner": partner,
        "domains": list(partner.domains.all()),
        "contacts": list(partner.contacts.all()),
        "can_edit": can_edit,
        "contact_form": contact_form if can_edit else None,
        "notice": notice,
        "notice_error": notice_error,
    }


@login_required
def partner(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_partner(request.user, pk)
    context = _partner_context(request, found)
    context["sections"] = render_sections("org.partner", request, found)
    return render_page(request, "org/partner.html", context)


@login_required
def partner_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    all_units = selectors.unit_tree()
    allowed = access.partner_owner_units()
    if not allowed:
        raise PermissionDenied
    owner_units = [unit for unit in all_units if unit.pk in allowed]
    form_kwargs = {"all_units": all_units, "owner_units": owner_units}
    if request.method == "POST":
        form = PartnerForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                created = services.partner_create(
                    actor=request.user,
                    owner_unit=form.selected_owner_unit,
                    domains=form.cleaned_data["domains"],
                    **form.partner_fields(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("«%(name)s» به همکاران افزوده شد.") % {"name": created.name}
                return done(request, notice, "org:partner", created.pk)
    else:
        form = PartnerForm(initial={"country": "ایران"}, **form_kwargs)
    return render_page(request, "org/partner_form.html", {"form": form, "partner": None})


@login_required
def partner_edit(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_partner(request.user, pk, for_write=True)
    if request.method == "POST":
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                services.partner_update(
                    actor=request.user,
                    partner=found,
                    domains=form.cleaned_data["domains"],
                    **form.partner_fields(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("تغییرات «%(name)s» ذخیره شد.") % {"name": form.cleaned_data["name"]}
                return done(request, notice, "org:partner", found.pk)
    else:
        form = PartnerForm(initial=PartnerForm.initial_for(found))
    return render_page(request, "org/partner_form.html", {"form": form, "partner": found})


def _after_contact_change(
    request: DeskRequest,
    partner: Partner,
    notice: str,
    *,
    failed: bool = False,
    contact_form: PartnerContactForm | None = None,
) -> HttpResponse:
    if not wants_fragment(request) and contact_form is None:
        return done(request, notice, "org:partner", partner.pk, error=failed)
    context = _partner_context(
        request, partner, contact_form=contact_form, notice=notice, notice_error=failed
    )
    return render_page(request, "org/partner.html", context, fragment="contacts")


@login_required
@require_POST
def partner_contact_add(request: DeskRequest, pk: int) -> HttpResponse:
    found = access_partner(request.user, pk, for_write=True)
    form = PartnerContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            contact = services.partner_contact_add(
                actor=request.user, partner=found, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            notice = _("رابط «%(name)s» افزوده شد.") % {"name": contact.name}
            return _after_contact_change(request, found, notice)
    return _after_contact_change(
        request,
        found,
        _("رابط افزوده نشد؛ خطاهای فرم را ببینید."),
        failed=True,
        contact_form=form,
    )


@login_required
@require_POST
def partner_contact_remove(request: DeskRequest, pk: int, contact_pk: int) -> HttpResponse:
    found = access_partner(request.user, pk, for_write=True)
    contact = get_object_or_404(PartnerContact, pk=contact_pk, partner=found)
    services.partner_contact_remove(actor=request.user, contact=contact)
    notice = _("رابط «%(name)s» حذف شد.") % {"name": contact.name}
    return _after_contact_change(request, found, notice)
