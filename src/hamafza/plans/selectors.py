"""Queries for plans: lists and the indicator roll-up (computed from what happened, at read
time, never stored as a running total)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from hamafza.plans.measures import AUTOMATIC_LEVELS, measure_plans
from hamafza.plans.models import (
    Activity,
    IndicatorResult,
    MediaAttachment,
    Plan,
    PlanIndicator,
)
from hamafza.plans.permissions import visible_activities, visible_plans
from hamafza.plans.workflow import LINKABLE


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: PlanIndicator
    actual: Decimal | None  # None: nothing measured yet
    latest: IndicatorResult | None

    @property
    def automatic(self) -> bool:
        """Measured by the system (``plans.measures``), not entered with evidence."""
        return self.indicator.source in AUTOMATIC_LEVELS

    @property
    def percent(self) -> int | None:
        """How far from the baseline towards the target, 0–100 (None when not measurable)."""
        target, actual = self.indicator.target, self.actual
        if target is None or actual is None:
            return None
        baseline = self.indicator.baseline or Decimal(0)
        span = target - baseline
        if span == 0:
            return 100 if actual >= target else 0
        return max(0, min(100, int((actual - baseline) * 100 / span)))


def indicators_progress(indicators: list[PlanIndicator]) -> list[IndicatorProgress]:
    """The current value of each indicator (of any plans; ``attachment`` must be loaded):
    automatic sources from their measure (``plans.measures``), manual ones from their latest
    recorded result. One query for results plus one per automatic source in use."""
    plan_ids = {i.attachment.plan_id for i in indicators}
    measured = measure_plans({i.source for i in indicators}, plan_ids)
    latest: dict[int, IndicatorResult] = {}
    manual = [i.pk for i in indicators if i.source not in AUTOMATIC_LEVELS]
    if manual:
        results = IndicatorResult.objects.filter(indicator_id__in=manual).order_by(
            "indicator_id", "-measured_on", "-id"
        )
        for result in results:
            latest.setdefault(result.indicator_id, result)
    progress = []
    for indicator in indicators:
        if indicator.source in AUTOMATIC_LEVELS:
            figures = measured.get(indicator.source)
            plan_id = indicator.attachment.plan_id
            actual = None if figures is None else figures.get(plan_id, Decimal(0))
            progress.append(IndicatorProgress(indicator, actual, None))
        else:
            found = latest.get(indicator.pk)
            progress.append(IndicatorProgress(indicator, found.value if found else None, found))
    return progress


def plan_indicator_progress(plan: Plan) -> list[IndicatorProgress]:
    """Every indicator of the plan with its current value (``indicators_progress``)."""
    attachment: MediaAttachment = plan.attachment
    indicators = list(attachment.indicators.all())
    for indicator in indicators:
        indicator.attachment = attachment
    return indicators_progress(indicators)


def plan_list(
    *, viewer: Any, status: str = "", unit_ids: set[int] | None = None, q: str = ""
) -> QuerySet[Plan]:
    plans = visible_plans(viewer)
    if status:
        plans = plans.filter(status=status)
    if unit_ids is not None:
        plans = plans.filter(unit_id__in=unit_ids)
    for word in q.split()[:8]:
        plans = plans.filter(title__icontains=word)
    return (
        plans.select_related("unit", "attachment")
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("-updated_at", "-id")
    )


def activities_with_outputs(plan: Plan) -> list[Activity]:
    return list(
        plan.activities.select_related("unit", "owner", "domain", "key_message")
        .prefetch_related("partners", "outputs")
        .order_by("date", "id")
    )


def linkable_activities(viewer: Any, *, keep: int | None = None) -> list[Activity]:
    """Activities a story of ``viewer`` may serve (of plans they see that are being planned or
    carried out), plus ``keep`` — the one a story already serves — whatever its plan's state."""
    wanted = Q(plan__status__in=LINKABLE)
    if keep is not None:
        wanted |= Q(pk=keep)
    return list(
        visible_activities(viewer)
        .filter(wanted)
        .exclude(Q(status=Activity.Status.CANCELLED) & ~Q(pk=keep or 0))
        .select_related("plan")
        .order_by("plan__title", "date", "id")
    )
