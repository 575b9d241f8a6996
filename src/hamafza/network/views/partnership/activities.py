"""Joint activities on the desk: the filtered list, an activity's page, recording, editing and
removing one."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamafza.network.forms.partnership import (
    JointActivityFilterForm,
    JointActivityForm,
    VersionForm,
)
from hamafza.network.models.partnership import JointActivity
from hamafza.network.permissions.partnership import (
    access_joint_activity,
    can_delete_activity,
    can_edit_activity,
    record_unit_ids,
)
from hamafza.network.selectors import partnership as selectors
from hamafza.network.services import partnership as services
from hamafza.network.services.partnership import StaleJointActivity
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Partner
from hamafza.org.permissions import access_for, access_staff
from hamafza.org.views._common import (
    DeskRequest,
    add_service_error,
    done,
    paginate,
    render_page,
)

ACTIVITIES_PER_PAGE = 25
STALE_MESSAGE = gettext_lazy(
    "این فعالیت پس از باز کردن شما تغییر کرده است؛ چیزی ذخیره نشد. صفحه را دوباره باز کنید "
    "و تغییرها را دوباره وارد کنید."
)


@login_required
def activity_list(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = JointActivityFilterForm(
        request.GET,
        units=org_selectors.unit_tree(),
        partners=list(Partner.objects.order_by("name")),
    )
    pagination = None
    if form.is_valid():
        found = selectors.joint_activity_list(viewer=request.user, **form.filters())
        pagination = paginate(request, found, ACTIVITIES_PER_PAGE)
    context = {
        "form": form,
        "pagination": pagination,
        "can_create": bool(record_unit_ids(access)),
    }
    return render_page(request, "network/partnership/activity_list.html", context, fragment="rows")


@login_required
def activity_detail(request: DeskRequest, pk: int) -> HttpResponse:
    activity = access_joint_activity(request.user, pk)
    access = access_for(request.user)
    context = {
        "activity": activity,
        "partners": list(activity.partners.order_by("name")),
        "other_units": list(activity.other_units.order_by("name")),
        "stories": selectors.joint_activity_stories(viewer=request.user, activity=activity),
        "can_edit": can_edit_activity(access, activity),
        "can_delete": can_delete_activity(access, activity),
    }
    return render_page(request, "network/partnership/activity_detail.html", context)


def _form_page(
    request: DeskRequest, form: JointActivityForm, activity: JointActivity | None, status: int
) -> HttpResponse:
    context = {"form": form, "activity": activity}
    return render_page(request, "network/partnership/activity_form.html", context, status=status)


def _story_choices(request: DeskRequest, unit_ids: set[int], keep: list[int]) -> list[Any]:
    return selectors.linkable_stories(viewer=request.user, unit_ids=unit_ids, keep=keep)


@login_required
def activity_create(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    allowed = record_unit_ids(access)
    if not allowed:
        raise PermissionDenied
    all_units = org_selectors.unit_tree()
    record_units = [unit for unit in all_units if unit.pk in allowed and unit.is_active]
    # Stories offered: the recording units' line (a unit's own and those below it).
    stories = _story_choices(request, access.tree.subtrees(u.pk for u in record_units), [])
    kwargs: dict[str, Any] = {
        "all_units": all_units,
        "record_units": record_units,
        "stories": stories,
    }
    if request.method == "POST":
        form = JointActivityForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                activity = services.joint_activity_create(
                    actor=request.user, unit=form.selected_unit, **form.activity_fields()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                notice = _("فعالیت مشترک «%(title)s» ثبت شد.") % {"title": activity.title}
                return done(request, notice, "network:partnership_activity", activity.pk)
        return _form_page(request, form, None, 400)
    initial: dict[str, Any] = {}
    partner_id = request.GET.get("partner", "")
    if partner_id.isdigit():
        initial["partners"] = [int(partner_id)]
    return _form_page(request, JointActivityForm(initial=initial, **kwargs), None, 200)


@login_required
def activity_edit(request: DeskRequest, pk: int) -> HttpResponse:
    activity = access_joint_activity(request.user, pk, for_write=True)
    access = access_for(request.user)
    snapshot = services.joint_activity_snapshot(activity)
    participants = access.tree.subtrees([activity.unit_id, *snapshot["other_units"]])
    kwargs: dict[str, Any] = {
        "all_units": org_selectors.unit_tree(),
        "stories": _story_choices(request, participants, snapshot["stories"]),
        "kept_partner_ids": snapshot["partners"],
    }
    if request.method == "POST":
        form = JointActivityForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                services.joint_activity_update(
                    actor=request.user,
                    activity=activity,
                    version=form.cleaned_data["version"],
                    **form.activity_fields(),
                )
            except StaleJointActivity:
                form.add_error(None, STALE_MESSAGE)
                return _form_page(request, form, activity, 409)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return done(
                    request, _("تغییرات فعالیت ذخیره شد."), "network:partnership_activity", pk
                )
        return _form_page(request, form, activity, 400)
    units_by_pk = {unit.pk: unit for unit in kwargs["all_units"]}
    initial = {
        **snapshot,
        "occurred_on": activity.occurred_on,
        "other_units": [units_by_pk[u].slug for u in snapshot["other_units"] if u in units_by_pk],
        "stories": [str(s) for s in snapshot["stories"]],
        "version": activity.version,
    }
    return _form_page(request, JointActivityForm(initial=initial, **kwargs), activity, 200)


@login_required
@require_POST
def activity_delete(request: DeskRequest, pk: int) -> HttpResponse:
    activity = access_joint_activity(request.user, pk)
    form = VersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else None
    try:
        services.joint_activity_delete(actor=request.user, activity=activity, version=version)
    except StaleJointActivity:
        return done(request, str(STALE_MESSAGE), "network:partnership_activity", pk, error=True)
    notice = _("فعالیت «%(title)s» حذف شد.") % {"title": activity.title}
    return done(request, notice, "network:partnership_activities")
