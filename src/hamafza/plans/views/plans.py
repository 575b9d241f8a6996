"""Plans on the desk: the list, registering and editing a plan, its page, its workflow moves
and the results entered for its indicators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.org import selectors as org_selectors
from hamafza.org.permissions import access_staff
from hamafza.org.views._common import DeskRequest, add_service_error, done, paginate, render_page
from hamafza.plans import selectors, services
from hamafza.plans.forms import PlanFilterForm, PlanForm, PlanTransitionForm, ResultForm
from hamafza.plans.models import PlanIndicator
from hamafza.plans.permissions import access_plan, plan_unit_ids
from hamafza.plans.services import GateClosed, StaleVersion
from hamafza.plans.views._common import plan_context, plan_for_page
from hamafza.plans.workflow import TRANSITIONS

PLANS_PER_PAGE = 30


@login_required
def plan_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = PlanFilterForm(request.GET)
    pagination = None
    if form.is_valid():
        found = selectors.plan_list(
            viewer=request.user, status=form.cleaned_data["status"], q=form.cleaned_data["q"]
        )
        pagination = paginate(request, found, PLANS_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(plan_unit_ids(access)),
    }
    return render_page(request, "plans/plan_list.html", context, fragment="rows")


@login_required
def plan_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    allowed = plan_unit_ids(access)
    if not allowed:
        raise PermissionDenied
    units = [unit for unit in org_selectors.unit_tree() if unit.pk in allowed and unit.is_active]
    if request.method == "POST":
        form = PlanForm(request.POST, units=units)
        if form.is_valid():
            try:
                plan = services.plan_create(
                    actor=request.user, unit=form.selected_unit, **form.plan_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("طرح «%(title)s» ثبت شد؛ اکنون پیوست رسانه‌ای آن را بنویسید.") % {
                    "title": plan.title
                }
                return done(request, notice, "plans:attachment", plan.pk)
        return render_page(
            request, "plans/plan_form.html", {"form": form, "plan": None}, status=400
        )
    form = PlanForm(units=units)
    return render_page(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_detail(request: DeskRequest, pk: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    return render_page(request, "plans/plan_detail.html", plan_context(request, plan))


@login_required
def plan_edit(request: DeskRequest, pk: int) -> HttpResponse:
    plan = access_plan(request.user, pk, for_write=True)
    if request.method == "POST":
        form = PlanForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.plan_update(
                    actor=request.user,
                    plan=plan,
                    version=form.cleaned_data["version"],
                    **form.plan_fields(),
                )
            except StaleVersion:
                form.add_error(
                    None,
                    _("این طرح پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را "
                      "دوباره باز کنید و تغییرها را دوباره وارد کنید."),
                )  # fmt: skip
                return render_page(
                    request, "plans/plan_form.html", {"form": form, "plan": plan}, status=409
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(request, _("تغییرات طرح ذخیره شد."), "plans:plan", plan.pk)
        return render_page(
            request, "plans/plan_form.html", {"form": form, "plan": plan}, status=400
        )
    initial = services.plan_snapshot(plan)
    initial |= {
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "version": plan.version,
    }
    form = PlanForm(initial=initial, editing=True)
    return render_page(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_transition(request: DeskRequest, pk: int, transition: str) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    move = TRANSITIONS.get(transition)
    if move is None:
        raise Http404
    form = PlanTransitionForm(request.POST, prefix=move.name)
    if not form.is_valid():
        raise Http404
    try:
        services.plan_transition(
            actor=request.user,
            plan=plan,
            name=move.name,
            version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
        )
    except StaleVersion:
        message = _("این طرح پس از باز کردن این صفحه تغییر کرده است؛ کاری انجام نشد.")
        return done(request, message, "plans:plan", plan.pk, error=True)
    except GateClosed as gate:
        fresh = plan_for_page(pk, request.user)
        context = plan_context(
            request,
            fresh,
            missing_for_approval=gate.missing,
            notice=_("طرح تصویب نشد؛ کمبودهای زیر را برطرف کنید."),
            notice_error=True,
        )
        return render_page(request, "plans/plan_detail.html", context, status=400)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        fresh = plan_for_page(pk, request.user)
        context = plan_context(
            request,
            fresh,
            failed=(move.name, form),
            notice=" ".join(error.messages),
            notice_error=True,
        )
        return render_page(request, "plans/plan_detail.html", context, status=400)
    notice = _("«%(action)s» انجام شد.") % {"action": move.label}
    return done(request, notice, "plans:plan", plan.pk)


@login_required
@require_POST
def result_add(request: DeskRequest, pk: int, indicator_id: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    indicator = get_object_or_404(PlanIndicator, pk=indicator_id, attachment__plan=plan)
    form = ResultForm(request.POST, prefix="result")
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return done(request, errors, "plans:plan", plan.pk, error=True)
    try:
        services.indicator_result_add(actor=request.user, indicator=indicator, **form.cleaned_data)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "plans:plan", plan.pk, error=True)
    return done(request, _("نتیجه شاخص ثبت شد."), "plans:plan", plan.pk)
