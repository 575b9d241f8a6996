"""A plan's activities on the desk: plan them (the plan's writers), log their progress (also
their owner and the writers of the unit carrying them out), remove them."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import UnitTree, access_for
from hamafza.org.views._common import DeskRequest, add_service_error, done, render_page
from hamafza.plans import services
from hamafza.plans.forms import ActivityForm, ActivityStatusForm
from hamafza.plans.models import Activity, Plan
from hamafza.plans.permissions import access_activity, can_plan_activities
from hamafza.plans.views._common import plan_for_page


def _units(plan: Plan) -> list[Unit]:
    """The units that may carry out a plan's activity: the plan's unit and those below it."""
    tree = {unit.pk: unit for unit in org_selectors.unit_tree() if unit.is_active}
    below = UnitTree.load().subtree(plan.unit_id)
    return [unit for pk, unit in tree.items() if pk in below]


def _form_page(
    request: DeskRequest, form: ActivityForm, plan: Plan, activity: Activity | None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    context = {"form": form, "plan": plan, "activity": activity}
    return render_page(request, "plans/activity_form.html", context, status=status)


@login_required
def activity_create(request: DeskRequest, pk: int) -> HttpResponse:
    plan = plan_for_page(pk, request.user)
    if not can_plan_activities(access_for(request.user), plan):
        raise PermissionDenied
    units = _units(plan)
    if request.method == "POST":
        form = ActivityForm(request.POST, units=units)
        if form.is_valid():
            try:
                services.activity_create(
                    actor=request.user,
                    plan=plan,
                    partners=form.cleaned_data["partners"],
                    **form.activity_fields(),
                )
            except ValidationError as error:
                add_service_error(cast(Any, form), error)
            else:
                return done(request, _("فعالیت افزوده شد."), "plans:plan", plan.pk)
        return _form_page(request, form, plan, None, status=400)
    form = ActivityForm(units=units, initial={"unit": plan.unit_id})
    return _form_page(request, form, plan, None)


@login_required
def activity_edit(request: DeskRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, for_write=True)
    plan = activity.plan
    units = _units(plan)
    if request.method == "POST":
        form = ActivityForm(
            request.POST, units=units, instance=Activity.objects.get(pk=activity.pk)
        )
        if form.is_valid():
            try:
                services.activity_update(
                    actor=request.user,
                    activity=activity,
                    partners=form.cleaned_data["partners"],
                    **form.activity_fields(),
                )
            except ValidationError as error:
                add_service_error(cast(Any, form), error)
            else:
                return done(request, _("فعالیت ذخیره شد."), "plans:plan", plan.pk)
        return _form_page(request, form, plan, activity, status=400)
    form = ActivityForm(units=units, instance=activity)
    return _form_page(request, form, plan, activity)


@login_required
@require_POST
def activity_status(request: DeskRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id)
    form = ActivityStatusForm(request.POST)
    if not form.is_valid():
        return done(request, _("وضعیت نامعتبر."), "plans:plan", activity.plan_id, error=True)
    try:
        services.activity_set_status(
            actor=request.user, activity=activity, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        return done(request, " ".join(error.messages), "plans:plan", activity.plan_id, error=True)
    return done(request, _("وضعیت فعالیت ثبت شد."), "plans:plan", activity.plan_id)


@login_required
@require_POST
def activity_delete(request: DeskRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, for_write=True)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "plans:plan", activity.plan_id, error=True)
    return done(request, _("فعالیت حذف شد."), "plans:plan", activity.plan_id)
