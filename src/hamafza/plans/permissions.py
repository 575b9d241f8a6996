"""Who may see and do what with plans, their attachments and activities. The one place
these rules live.

* Scoping is the stories' rule: a plan that is not yet approved (or was cancelled) exists only
  for its unit's line — members of its unit or of a unit above it — and for HQ (members of HQ
  and its offices see every plan). Approved, running and closed plans are visible to every
  member of the network. Another unit's unapproved plan is a 404, never a 403.
* Roles count in the plan's unit or any unit above it; HQ strategists (``hq_editor`` in HQ or
  its offices) act on every plan. Which role makes which move is ``workflow.TRANSITIONS``.
* PR approval of the attachment: the head of the plan's unit (or above) or HQ.
* Activities: the plan's writers, plus the activity's owner and its unit's writers for progress.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_for, access_staff, roles_over
from hamafza.plans.models import Activity, Plan
from hamafza.plans.workflow import (
    ACTIVITIES_EDITABLE,
    ACTIVITY_ROLES,
    APPROVER_ROLES,
    ATTACHMENT_APPROVABLE,
    CONTENT_EDITABLE,
    NETWORK_VISIBLE,
    PLAN_EDITOR_ROLES,
    Transition,
)


def is_hq(access: Access) -> bool:
    """A member of HQ or one of its offices (any role), or a superuser: sees every plan."""
    return access.is_superuser or any(access.tree.is_hq_side(u) for u in access.roles_by_unit)


def is_hq_strategist(access: Access) -> bool:
    return access.is_superuser or any(
        access.tree.is_hq_side(u) for u in access.units_with({Role.HQ_EDITOR, Role.ADMIN})
    )


def scope_unit_ids(access: Access) -> set[int]:
    """Units whose unapproved plans the user sees."""
    if is_hq(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.roles_by_unit)


def plan_unit_ids(access: Access) -> set[int]:
    """Units the user may register plans for."""
    if is_hq_strategist(access):
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(PLAN_EDITOR_ROLES))


def visible_plans(user: Any) -> QuerySet[Plan]:
    access = access_for(user)
    if not access.is_staff_member:
        return Plan.objects.none()
    if is_hq(access):
        return Plan.objects.all()
    return Plan.objects.filter(
        Q(status__in=NETWORK_VISIBLE) | Q(unit_id__in=scope_unit_ids(access))
    )


def visible_activities(user: Any) -> QuerySet[Activity]:
    return Activity.objects.filter(plan__in=visible_plans(user))


def can_view(access: Access, plan: Plan) -> bool:
    if not access.is_staff_member:
        return False
    return plan.status in NETWORK_VISIBLE or plan.unit_id in scope_unit_ids(access)


def _writes(access: Access, plan: Plan, roles: frozenset[str]) -> bool:
    return is_hq_strategist(access) or bool(roles_over(access, plan.unit_id) & roles)


def can_edit(access: Access, plan: Plan) -> bool:
    """May change the plan's fields and its attachment now."""
    return (
        can_view(access, plan)
        and plan.status in CONTENT_EDITABLE
        and _writes(access, plan, PLAN_EDITOR_ROLES)
    )


def can_transition(access: Access, plan: Plan, transition: Transition) -> bool:
    if plan.status not in transition.sources or not can_view(access, plan):
        return False
    if transition.hq and is_hq_strategist(access):
        return True
    return bool(roles_over(access, plan.unit_id) & transition.roles)


def can_approve_attachment(access: Access, plan: Plan) -> bool:
    return (
        can_view(access, plan)
        and plan.status in ATTACHMENT_APPROVABLE
        and _writes(access, plan, APPROVER_ROLES)
    )


def can_plan_activities(access: Access, plan: Plan) -> bool:
    """May add, change and remove the plan's activities."""
    return (
        can_view(access, plan)
        and plan.status in ACTIVITIES_EDITABLE
        and _writes(access, plan, PLAN_EDITOR_ROLES)
    )


def can_report_activity(access: Access, activity: Activity) -> bool:
    """May log the activity's progress (its status): the plan's writers, the activity's
    owner and the writers of the unit that carries it out."""
    plan = activity.plan
    if not can_view(access, plan) or plan.status not in ACTIVITIES_EDITABLE:
        return False
    if can_plan_activities(access, plan) or access.user_id == activity.owner_id:
        return True
    return bool(roles_over(access, activity.unit_id) & ACTIVITY_ROLES)


def can_record_results(access: Access, plan: Plan) -> bool:
    """May enter measured indicator values with evidence (once the plan is approved)."""
    return (
        can_view(access, plan)
        and plan.status in NETWORK_VISIBLE
        and _writes(access, plan, PLAN_EDITOR_ROLES)
    )


def access_plan(user: Any, pk: int, *, for_write: bool = False) -> Plan:
    """The plan if the user may see it (else 404); ``for_write``: also edit it (else 403)."""
    access = access_staff(user)
    plan = visible_plans(user).select_related("unit", "attachment").filter(pk=pk).first()
    if plan is None:
        raise Http404
    if for_write and not can_edit(access, plan):
        raise PermissionDenied
    return plan


def access_activity(user: Any, pk: int, *, for_write: bool = False) -> Activity:
    """The activity if the user may see its plan (else 404); ``for_write``: also plan it."""
    access = access_staff(user)
    activity = (
        visible_activities(user)
        .select_related("plan__unit", "unit", "owner", "domain", "key_message")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    if for_write and not can_plan_activities(access, activity.plan):
        raise PermissionDenied
    return activity
