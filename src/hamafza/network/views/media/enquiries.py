"""Press enquiries on the desk: the list (my unit's, mine, overdue), registering one, its page
with the workflow moves from ``ENQUIRY_TRANSITIONS``, assigning its owner and editing it."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.network.forms.media import (
    EnquiryAssignForm,
    EnquiryFilterForm,
    EnquiryForm,
    EnquiryTransitionForm,
    moment_initial,
)
from hamafza.network.models.media import ENQUIRY_TRANSITIONS, PressEnquiry
from hamafza.network.permissions.media import (
    OWNER_ROLES,
    access_enquiry,
    can_assign_enquiry,
    can_transition_enquiry,
    can_work_enquiry,
    enquiry_owner_candidates,
    visible_contacts,
    write_unit_ids,
)
from hamafza.network.selectors import media as selectors
from hamafza.network.services import media as services
from hamafza.network.services.media import StaleMedia
from hamafza.network.views.media._common import tabs, writable_units
from hamafza.org.models import Membership
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page

ENQUIRIES_PER_PAGE = 30


@login_required
def enquiry_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = EnquiryFilterForm(request.GET)
    pagination, scope = None, "unit"
    if form.is_valid():
        scope = form.cleaned_data["scope"] or "unit"
        found = selectors.enquiry_list(
            viewer=request.user,
            mine=scope == "mine",
            overdue=scope == "overdue",
            status=form.cleaned_data["status"],
            q=form.cleaned_data["q"],
        )
        pagination = paginate(request, found, ENQUIRIES_PER_PAGE)
    context = {
        "form": form,
        "scope": scope,
        "scopes": EnquiryFilterForm.SCOPES,
        "pagination": pagination,
        "now": timezone.now(),
        "can_create": bool(write_unit_ids(access)),
        "overdue_mine": selectors.overdue_count(request.user, mine=True),
        **tabs(request.user, "enquiries"),
    }
    return render_page(request, "network/media/enquiry_list.html", context, fragment="rows")


def _owners(unit_ids: set[int]) -> Any:
    ids = Membership.objects.filter(unit_id__in=unit_ids, role__in=OWNER_ROLES).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


@login_required
def enquiry_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    units = writable_units(access)
    if not units:
        raise PermissionDenied
    contacts = visible_contacts(request.user).order_by("name")
    kwargs = {"units": units, "contacts": contacts, "owners": _owners({u.pk for u in units})}
    context: dict[str, Any] = {"enquiry": None, **tabs(request.user, "enquiries")}
    if request.method == "POST":
        form = EnquiryForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry = services.enquiry_create(
                    actor=request.user,
                    unit=form.selected_unit,
                    contact=data["contact"],
                    outlet=data["outlet"],
                    subject=data["subject"],
                    details=data["details"],
                    received_at=data["received_at"],
                    deadline=data["deadline"],
                    owner=data["owner"],
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("استعلام ثبت شد."), "network:media_enquiry", enquiry.pk)
        context["form"] = form
        return render_page(request, "network/media/enquiry_form.html", context, status=400)
    initial: dict[str, Any] = moment_initial("received_at", timezone.now())
    contact = contacts.filter(pk=request.GET.get("contact") or 0).first()
    if contact is not None:
        initial["contact"] = contact.pk
        initial["outlet"] = contact.outlet_id
        if any(u.pk == contact.owner_unit_id for u in units):
            initial["unit"] = contact.owner_unit.slug
    context["form"] = EnquiryForm(initial=initial, **kwargs)
    return render_page(request, "network/media/enquiry_form.html", context)


def _enquiry_context(
    request: DeskRequest,
    enquiry: PressEnquiry,
    *,
    failed: tuple[str, EnquiryTransitionForm] | None = None,
) -> dict[str, Any]:
    access = access_for(request.user)
    actions = []
    for transition in ENQUIRY_TRANSITIONS.values():
        if not can_transition_enquiry(access, enquiry, transition):
            continue
        if failed is not None and failed[0] == transition.name:
            form = failed[1]
        else:
            form = EnquiryTransitionForm(
                initial={"version": enquiry.version, "answer": enquiry.answer},
                prefix=transition.name,
            )
        actions.append((transition, form))
    assign_form, contact_id = None, enquiry.contact_id
    if can_assign_enquiry(access, enquiry):
        assign_form = EnquiryAssignForm(
            initial={"version": enquiry.version, "owner": enquiry.owner_id},
            owners=enquiry_owner_candidates(enquiry.unit_id),
        )
    return {
        "enquiry": enquiry,
        "overdue": enquiry.is_overdue(),
        "actions": actions,
        "assign_form": assign_form,
        "can_edit": can_work_enquiry(access, enquiry) and enquiry.is_open,
        "can_see_contact": contact_id is not None
        and visible_contacts(request.user).filter(pk=contact_id).exists(),
        **tabs(request.user, "enquiries"),
    }


@login_required
def enquiry_detail(request: DeskRequest, pk: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, pk)
    return render_page(
        request, "network/media/enquiry_detail.html", _enquiry_context(request, enquiry)
    )


@login_required
def enquiry_edit(request: DeskRequest, pk: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, pk, for_write=True)
    if not enquiry.is_open:
        raise PermissionDenied
    context: dict[str, Any] = {"enquiry": enquiry, **tabs(request.user, "enquiries")}
    if request.method == "POST":
        form = EnquiryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.enquiry_update(
                    actor=request.user,
                    enquiry=enquiry,
                    version=data["version"] or 0,
                    subject=data["subject"],
                    details=data["details"],
                    deadline=data["deadline"],
                )
            except StaleMedia:
                form.add_error(
                    None, _("این استعلام پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد.")
                )
                context["form"] = form
                return render_page(request, "network/media/enquiry_form.html", context, status=409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("تغییرات استعلام ذخیره شد."), "network:media_enquiry", pk)
        context["form"] = form
        return render_page(request, "network/media/enquiry_form.html", context, status=400)
    initial = {
        "subject": enquiry.subject,
        "details": enquiry.details,
        "version": enquiry.version,
        **moment_initial("deadline", enquiry.deadline),
    }
    context["form"] = EnquiryForm(initial=initial)
    return render_page(request, "network/media/enquiry_form.html", context)


@login_required
@require_POST
def enquiry_assign(request: DeskRequest, pk: int) -> HttpResponse:
    enquiry = access_enquiry(request.user, pk)
    form = EnquiryAssignForm(request.POST, owners=enquiry_owner_candidates(enquiry.unit_id))
    if not form.is_valid():
        return done(request, _("مسئول انتخاب‌شده از این واحد نیست."), "network:media_enquiry",
                    pk, error=True)  # fmt: skip
    try:
        services.enquiry_assign(
            actor=request.user,
            enquiry=enquiry,
            owner=form.cleaned_data["owner"],
            version=form.cleaned_data["version"],
        )
    except StaleMedia:
        message = _("این استعلام پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد.")
        return done(request, message, "network:media_enquiry", pk, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "network:media_enquiry", pk, error=True)
    return done(request, _("مسئول پاسخ تعیین شد."), "network:media_enquiry", pk)


@login_required
@require_POST
def enquiry_transition(request: DeskRequest, pk: int, transition: str) -> HttpResponse:
    enquiry = access_enquiry(request.user, pk)
    move = ENQUIRY_TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    form = EnquiryTransitionForm(request.POST, prefix=move.name)
    if not form.is_valid():
        return done(request, _("ورودی نامعتبر است."), "network:media_enquiry", pk, error=True)
    try:
        services.enquiry_transition(
            actor=request.user,
            enquiry=enquiry,
            name=move.name,
            version=form.cleaned_data["version"],
            answer=form.cleaned_data["answer"],
            note=form.cleaned_data["note"],
        )
    except StaleMedia:
        message = _("این استعلام پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد.")
        return done(request, message, "network:media_enquiry", pk, error=True)
    except ValidationError as error:
        add_service_error(form, error)
        fresh = access_enquiry(request.user, pk)
        context = _enquiry_context(request, fresh, failed=(move.name, form))
        context["notice"] = " ".join(error.messages)
        context["notice_error"] = True
        return render_page(request, "network/media/enquiry_detail.html", context, status=400)
    notice = _("«%(action)s» انجام شد.") % {"action": move.label}
    return done(request, notice, "network:media_enquiry", pk)
