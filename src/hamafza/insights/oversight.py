"""The oversight dashboard's figures: what is behind, for HQ (the whole network) and for each
unit head (their unit and the units below it).

Everything is computed at read time from the plans, the strategy and the newsroom (this app
sits above them all) in a fixed number of queries, whatever the number of plans or units:

* plans whose media attachment is not complete (``plans.completeness``, the one rule);
* overdue activities: planned or in progress, dated before today, of a plan still in play;
* plan indicators behind target: the value measured (or counted: published linked stories
  for outputs, their public reads and approved comments for out-takes — see
  ``insights.measures``) below where the plan's elapsed time says it should be by now;
* coverage of the active strategy's goals and key messages by unit, through the plans'
  attachments, their activities and the stories published for those activities — and the
  messages no unit in scope carries;
* units with no output this (Jalali) month: no story first published, no activity done.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.insights.periods import JalaliMonth
from hamafza.newsroom.models import Story
from hamafza.newsroom.services import OUTPUT_STATUSES
from hamafza.org.models import Role, Unit
from hamafza.org.permissions import Access, access_staff
from hamafza.plans.completeness import Missing, attachment_missing
from hamafza.plans.models import (
    Activity,
    AttachmentMessage,
    Plan,
    PlanIndicator,
)
from hamafza.plans.permissions import visible_plans
from hamafza.plans.selectors import IndicatorProgress, indicators_progress
from hamafza.plans.workflow import ACTIVITIES_EDITABLE
from hamafza.strategy.models import Goal, KeyMessage, StrategyDocument

P = Plan.Status
OVERSIGHT_ROLES = frozenset({Role.HEAD, Role.ADMIN})
# HQ sees the whole network: its strategists, heads and admins (and superusers).
HQ_OVERSIGHT_ROLES = frozenset({Role.HEAD, Role.ADMIN, Role.HQ_EDITOR})
OPEN_ACTIVITY = (Activity.Status.PLANNED, Activity.Status.IN_PROGRESS)
MEASURED_PLANS = (P.APPROVED, P.RUNNING)


@dataclass(frozen=True)
class Scope:
    network: bool  # HQ: every unit
    unit_ids: frozenset[int]


def oversight_scope(user: Any) -> Scope:
    """Whose work the user oversees: HQ the network, a head (or admin) their subtrees.
    Anyone else: ``PermissionDenied``."""
    access = access_staff(user)
    return scope_for(access)


def oversees(access: Access) -> bool:
    """Whether the dashboard answers this user (the desk shows its link only then)."""
    try:
        scope_for(access)
    except PermissionDenied:
        return False
    return True


def scope_for(access: Access) -> Scope:
    tree = access.tree
    if access.is_superuser or any(
        tree.is_hq_side(u) for u in access.units_with(HQ_OVERSIGHT_ROLES)
    ):
        return Scope(network=True, unit_ids=frozenset(tree.parent))
    units = tree.subtrees(access.units_with(OVERSIGHT_ROLES))
    if not units:
        raise PermissionDenied
    return Scope(network=False, unit_ids=frozenset(units))


@dataclass(frozen=True)
class IncompletePlan:
    plan: Plan
    missing: list[Missing]


@dataclass(frozen=True)
class BehindIndicator:
    progress: IndicatorProgress
    plan: Plan
    expected: Decimal


@dataclass
class MessageCoverage:
    message: KeyMessage
    unit_ids: set[int] = field(default_factory=set)
    plans: int = 0
    activities: int = 0
    stories: int = 0
    unit_names: list[str] = field(default_factory=list)


@dataclass
class GoalCoverage:
    goal: Goal
    messages: list[MessageCoverage]

    @property
    def unit_count(self) -> int:
        return len(set().union(*(m.unit_ids for m in self.messages))) if self.messages else 0


@dataclass
class Dashboard:
    scope: Scope
    today: date
    month: JalaliMonth
    units: dict[int, Unit]
    plans_by_status: dict[str, int]
    incomplete: list[IncompletePlan]
    overdue: list[Activity]
    behind: list[BehindIndicator]
    document: StrategyDocument | None
    coverage: list[GoalCoverage]
    silent_units: list[Unit]

    @property
    def uncovered(self) -> list[MessageCoverage]:
        return [m for g in self.coverage for m in g.messages if not m.unit_ids]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def expected_by(indicator: PlanIndicator, plan: Plan, today: date) -> Decimal:
    """Where the indicator should stand today if it moves evenly from its baseline at the
    plan's start to its target at its end."""
    baseline = indicator.baseline or Decimal(0)
    target = indicator.target if indicator.target is not None else baseline
    length = (plan.ends_on - plan.starts_on).days
    if length <= 0:
        share = Decimal(1) if today >= plan.ends_on else Decimal(0)
    else:
        elapsed = min(max((today - plan.starts_on).days, 0), length)
        share = Decimal(elapsed) / Decimal(length)
    return (baseline + (target - baseline) * share).quantize(Decimal("0.01"))


def dashboard(user: Any, *, today: date | None = None) -> Dashboard:
    """The whole dashboard for ``user`` (``PermissionDenied`` if they oversee nothing)."""
    scope = oversight_scope(user)
    today = today or timezone.localdate()
    month = JalaliMonth.of(today)
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=scope.unit_ids, is_active=True).order_by("kind", "name")
    }
    plans = visible_plans(user).filter(unit_id__in=scope.unit_ids)
    plans_by_status = dict(
        plans.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    document = StrategyDocument.objects.filter(status=StrategyDocument.Status.ACTIVE).first()
    return Dashboard(
        scope=scope,
        today=today,
        month=month,
        units=units,
        plans_by_status=plans_by_status,
        incomplete=_incomplete(plans),
        overdue=_overdue(user, scope, today),
        behind=_behind(plans, today),
        document=document,
        coverage=_coverage(user, scope, document, units),
        silent_units=_silent(units, month),
    )


def _incomplete(plans: Any) -> list[IncompletePlan]:
    candidates = (
        plans.filter(status__in=ACTIVITIES_EDITABLE)
        .select_related("unit", "attachment")
        .prefetch_related(
            "activities",
            "attachment__objectives",
            "attachment__segments",
            "attachment__messages",
            "attachment__spokespeople",
            "attachment__risks",
            "attachment__indicators",
        )
        .order_by("unit__name", "title", "pk")
    )
    found = []
    for plan in candidates:
        missing = attachment_missing(plan.attachment)
        if missing:
            found.append(IncompletePlan(plan=plan, missing=missing))
    return found


def _overdue(user: Any, scope: Scope, today: date) -> list[Activity]:
    return list(
        Activity.objects.filter(
            plan__in=visible_plans(user).filter(status__in=ACTIVITIES_EDITABLE),
            status__in=OPEN_ACTIVITY,
            date__lt=today,
        )
        .filter(Q(unit_id__in=scope.unit_ids) | Q(plan__unit_id__in=scope.unit_ids))
        .select_related("plan", "unit", "owner")
        .order_by("date", "pk")
    )


def _behind(plans: Any, today: date) -> list[BehindIndicator]:
    """Indicators of approved or running plans below where they should stand by now; automatic
    ones (published stories, public reads, approved comments) measured as the plan page
    measures them (``plans.selectors.indicators_progress``)."""
    indicators = list(
        PlanIndicator.objects.filter(
            attachment__plan__in=plans.filter(status__in=MEASURED_PLANS), target__isnull=False
        )
        .select_related("attachment__plan__unit")
        .order_by("attachment__plan__title", "position", "pk")
    )
    behind = []
    for progress in indicators_progress(indicators):
        indicator = progress.indicator
        plan = indicator.attachment.plan
        expected = expected_by(indicator, plan, today)
        started = today >= plan.starts_on
        if (progress.actual is None and started) or (
            progress.actual is not None and progress.actual < expected
        ):
            behind.append(BehindIndicator(progress=progress, plan=plan, expected=expected))
    return behind


def _coverage(
    user: Any, scope: Scope, document: StrategyDocument | None, units: dict[int, Unit]
) -> list[GoalCoverage]:
    if document is None:
        return []
    messages = list(
        KeyMessage.objects.filter(goal__document=document)
        .select_related("goal")
        .order_by("goal__position", "goal_id", "position", "pk")
    )
    by_id = {m.pk: MessageCoverage(message=m) for m in messages}
    plans = visible_plans(user).exclude(status=P.CANCELLED)
    carried = AttachmentMessage.objects.filter(
        key_message_id__in=by_id,
        attachment__plan__in=plans,
        attachment__plan__unit_id__in=scope.unit_ids,
    ).values_list("key_message_id", "attachment__plan__unit_id", "attachment__plan_id")
    plan_pairs: set[tuple[int, int]] = set()
    for message_id, unit_id, plan_id in carried:
        by_id[message_id].unit_ids.add(unit_id)
        plan_pairs.add((message_id, plan_id))
    for message_id, _plan_id in plan_pairs:
        by_id[message_id].plans += 1
    activities = (
        Activity.objects.filter(key_message_id__in=by_id, plan__in=plans)
        .exclude(status=Activity.Status.CANCELLED)
        .filter(unit_id__in=scope.unit_ids)
        .values_list("key_message_id", "unit_id")
    )
    for message_id, unit_id in activities:
        by_id[message_id].unit_ids.add(unit_id)
        by_id[message_id].activities += 1
    # Published stories carry a message through the activity they serve or by naming it; a
    # story that does both counts once.
    through_activity = Story.objects.filter(
        activity__key_message_id__in=by_id,
        status__in=OUTPUT_STATUSES,
        unit_id__in=scope.unit_ids,
    ).values_list("activity__key_message_id", "unit_id", "pk")
    named = Story.key_messages.through.objects.filter(
        keymessage_id__in=by_id,
        story__status__in=OUTPUT_STATUSES,
        story__unit_id__in=scope.unit_ids,
    ).values_list("keymessage_id", "story__unit_id", "story_id")
    for message_id, unit_id, _story_id in {*through_activity, *named}:
        by_id[message_id].unit_ids.add(unit_id)
        by_id[message_id].stories += 1
    goals: dict[int, GoalCoverage] = {}
    for message in messages:
        coverage = by_id[message.pk]
        coverage.unit_names = sorted(units[u].name for u in coverage.unit_ids if u in units)
        goals.setdefault(message.goal_id, GoalCoverage(goal=message.goal, messages=[]))
        goals[message.goal_id].messages.append(coverage)
    # Goals without messages still show (nothing can carry them yet).
    for goal in Goal.objects.filter(document=document).exclude(pk__in=goals).order_by("position"):
        goals[goal.pk] = GoalCoverage(goal=goal, messages=[])
    return sorted(goals.values(), key=lambda g: (g.goal.position, g.goal.pk))


def _silent(units: dict[int, Unit], month: JalaliMonth) -> list[Unit]:
    start, end = _local_midnight(month.first), _local_midnight(month.end)
    published = set(
        Story.objects.filter(
            unit_id__in=units,
            status__in=OUTPUT_STATUSES,
            first_published_at__gte=start,
            first_published_at__lt=end,
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    done = set(
        Activity.objects.filter(
            unit_id__in=units,
            status=Activity.Status.DONE,
            date__gte=month.first,
            date__lt=month.end,
        )
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return [u for pk, u in units.items() if pk not in published | done]


def status_counts_chart(board: Dashboard) -> dict[str, Any]:
    """Plans by status, for the chart (labels in the active language)."""
    return {
        "labels": [str(label) for _value, label in P.choices],
        "values": [board.plans_by_status.get(value, 0) for value, _label in P.choices],
        "label": _("شمار طرح‌ها"),
    }


def coverage_chart(board: Dashboard) -> dict[str, Any]:
    """Units carrying each key message, for the chart."""
    messages = [m for g in board.coverage for m in g.messages]
    return {
        "labels": [m.message.text for m in messages],
        "values": [len(m.unit_ids) for m in messages],
        "label": _("شمار واحدهای حامل پیام"),
    }
