"""A plan's activities on the desk: plan them (the plan's writers), log their progress (also
their owner and the writers of the unit carrying them out), remove them."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import UnitTree, access_for
from hamafza.org.views._common import DeskRequest, add_service_error, done, render_page
from hamafza.plans import services
from hamafza.plans.forms import ActivityForm, ActivityStatusForm, VersionForm
from hamafza.plans.models import Activity, Plan
from hamafza.plans.permissions import access_activity, can_plan_activities
from hamafza.plans.services import StaleActivity
from hamafza.plans.views._common import plan_for_page

STALE_ACTIVITY = gettext_lazy(
    "این فعالیت پس از باز کردن این صفحه تغییر کرده است؛ تغییر شما ذخیره نشد. "
    "آنچه اکنون ثبت است را ببینید و دوباره ذخیره کنید."
)


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
        status = 400
        if form.is_valid():
            try:
                services.activity_update(
                    actor=request.user,
                    activity=activity,
                    partners=form.cleaned_data["partners"],
                    version=form.cleaned_data["version"],
                    **form.activity_fields(),
                )
            except StaleActivity as stale:
                # The form keeps what the person typed; the next save is made from now.
                data = request.POST.copy()
                data["version"] = str(stale.current.version)
                form = ActivityForm(data, units=units, instance=stale.current)
                form.is_valid()
                form.add_error(None, str(STALE_ACTIVITY))
                status = 409
            except ValidationError as error:
                add_service_error(cast(Any, form), error)
            else:
                return done(request, _("فعالیت ذخیره شد."), "plans:plan", plan.pk)
        return _form_page(request, form, plan, activity, status=status)
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
            actor=request.user,
            activity=activity,
            status=form.cleaned_data["status"],
            version=form.cleaned_data["version"],
        )
    except StaleActivity:
        return done(request, str(STALE_ACTIVITY), "plans:plan", activity.plan_id, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "plans:plan", activity.plan_id, error=True)
    return done(request, _("وضعیت فعالیت ثبت شد."), "plans:plan", activity.plan_id)


@login_required
@require_POST
def activity_delete(request: DeskRequest, activity_id: int) -> HttpResponse:
    activity = access_activity(request.user, activity_id, for_write=True)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.activity_delete(actor=request.user, activity=activity, version=version)
    except StaleActivity:
        return done(request, str(STALE_ACTIVITY), "plans:plan", activity.plan_id, error=True)
    except ValidationError as error:
        return done(request, " ".join(error.messages), "plans:plan", activity.plan_id, error=True)
    return done(request, _("فعالیت حذف شد."), "plans:plan", activity.plan_id)
