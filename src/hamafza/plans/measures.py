"""Where an automatically measured plan indicator takes its value from.

An indicator's ``source`` names what it measures. ``published_stories`` is counted here (the
newsroom reports each linked story's publication to this app); the portal's figures — public
reads and approved comments of the stories serving the plan's activities — live in apps above
this one, which this app may not import. Those apps register a *measure* for their source when
they are ready (``insights.apps``); a source nobody registered reads as "nothing measured yet".

A measure takes plan ids and answers each plan's figure (plans without any may be left out),
in a fixed number of queries whatever the number of plans.
"""

from collections.abc import Callable, Collection
from decimal import Decimal

from django.db.models import Count

from hamafza.plans.models import ActivityOutput, PlanIndicator

type Measure = Callable[[Collection[int]], dict[int, Decimal]]

SRC = PlanIndicator.Source
LVL = PlanIndicator.Level

# The level each automatic source may measure: published stories are outputs; what the
# public did with them (read, commented) is an out-take. ``manual`` measures any level.
AUTOMATIC_LEVELS: dict[str, str] = {
    SRC.PUBLISHED_STORIES: LVL.OUTPUT,
    SRC.READS: LVL.OUTTAKE,
    SRC.APPROVED_COMMENTS: LVL.OUTTAKE,
}

_measures: dict[str, Measure] = {}


def register_measure(source: str, measure: Measure) -> None:
    """Make ``measure`` the one that computes indicators of ``source`` (called at app ready;
    registering again replaces it)."""
    if source not in AUTOMATIC_LEVELS:
        raise ValueError(f"not an automatic indicator source: {source!r}")
    _measures[source] = measure


def measure_plans(
    sources: Collection[str], plan_ids: Collection[int]
) -> dict[str, dict[int, Decimal]]:
    """Each registered source's figure per plan, for the sources and plans asked about (one
    measure call per source, none for ``manual`` or unregistered sources)."""
    found: dict[str, dict[int, Decimal]] = {}
    if not plan_ids:
        return found
    for source in set(sources):
        measure = _measures.get(source)
        if measure is not None:
            found[source] = measure(plan_ids)
    return found


def published_stories(plan_ids: Collection[int]) -> dict[int, Decimal]:
    """Stories published for the plans' activities, as the newsroom recorded them."""
    rows = (
        ActivityOutput.objects.filter(activity__plan_id__in=plan_ids)
        .order_by()
        .values_list("activity__plan_id")
        .annotate(n=Count("id"))
        .values_list("activity__plan_id", "n")
    )
    return {plan_id: Decimal(n) for plan_id, n in rows}


register_measure(SRC.PUBLISHED_STORIES, published_stories)
