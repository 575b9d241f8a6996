"""The collaboration network as a graph: who gives the edges, and the figures computed on them.

Edges come from providers: the newsroom's republishing (computed by the overview's selectors)
and each area's ``network_edges(*, since, until)`` (campaigns, support, partnership…), which
returns ``(unit_a_id, unit_b_id, kind, weight)`` tuples. The areas are optional to this module:
``edge_providers`` and ``domain_providers`` resolve them by dotted path and skip an area whose
selectors module (or function) is not there, so the view works with whatever is installed.

The figures are plain sums over edge lists, written by hand rather than with networkx (not a
dependency of the project): degree, weighted degree, isolated nodes and per-kind totals are a
few lines each, and a graph of a few hundred units needs nothing more. Everything here is pure
(no database) except the resolving of providers.
"""

import importlib
import inspect
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hamafza.common.jalali import JalaliMonth

# Edge kinds. Republishing and support have a direction (the localizing unit → the original's
# unit; the helper's unit → the requesting unit); joint activities and campaign
# co-participation do not, so their pairs are stored smaller id first and merged.
REPUBLISH = "republish"
SUPPORT = "support"
JOINT = "joint"
CAMPAIGN = "campaign"
# Directives answered: the issuing unit → the recipient (from the directives area; not one of
# the collaboration kinds the view shows by default).
DIRECTIVE = "directive"
# The collaboration the network view draws unless asked otherwise, in the order it lists them.
KNOWN_KINDS = (REPUBLISH, SUPPORT, JOINT, CAMPAIGN)
UNDIRECTED_KINDS = frozenset({JOINT, CAMPAIGN})

DOMAINS = ("inter_agency", "intra_agency", "extra_agency", "pr_network")

# The areas' selectors modules that may provide ``network_edges`` and ``domain_activity``
# (the cross-area contract of issue 7). One not installed yet is skipped.
PROVIDER_MODULES: tuple[str, ...] = (
    "hamafza.network.selectors.campaigns",
    "hamafza.network.selectors.directives",
    "hamafza.network.selectors.support",
    "hamafza.network.selectors.media",
    "hamafza.network.selectors.partnership",
)

Edge = tuple[int, int, str, int]
EdgeProvider = Callable[..., Iterable[Edge]]
DomainProvider = Callable[..., Iterable[tuple[str, date, int]]]


# --- Providers ------------------------------------------------------------------------------


def _resolve(function: str, modules: Sequence[str]) -> list[Callable[..., Any]]:
    found = []
    for path in modules:
        try:
            module = importlib.import_module(path)
        except ModuleNotFoundError as error:
            # Only the area's own module missing is "not installed"; a module it imports
            # missing is a bug to show, not to hide.
            if error.name != path:
                raise
            continue
        provider = getattr(module, function, None)
        if callable(provider):
            found.append(provider)
    return found


def edge_providers(modules: Sequence[str] | None = None) -> list[EdgeProvider]:
    """The ``network_edges`` functions of the areas that have one."""
    return _resolve("network_edges", PROVIDER_MODULES if modules is None else modules)


def domain_providers(modules: Sequence[str] | None = None) -> list[DomainProvider]:
    """The ``domain_activity`` functions of the areas that have one."""
    return _resolve("domain_activity", PROVIDER_MODULES if modules is None else modules)


def accepts(function: Callable[..., Any], keyword: str) -> bool:
    """Whether ``function`` takes the keyword argument ``keyword`` (or any keyword)."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.kind is inspect.Parameter.VAR_KEYWORD
        or (p.name == keyword and p.kind is not inspect.Parameter.POSITIONAL_ONLY)
        for p in parameters
    )


# --- Figures on edge lists -------------------------------------------------------------------


def merge_edges(edges: Iterable[Edge]) -> list[Edge]:
    """One edge per (from, to, kind) with the weights added up; undirected kinds with the
    smaller id first; loops (a unit with itself) and weights of zero or less dropped. Sorted by
    weight (largest first), then ids and kind, so the result is the same on every call."""
    total: dict[tuple[int, int, str], int] = defaultdict(int)
    for a, b, kind, weight in edges:
        if a == b or weight <= 0:
            continue
        if kind in UNDIRECTED_KINDS and a > b:
            a, b = b, a
        total[(a, b, kind)] += int(weight)
    return sorted(
        ((a, b, kind, weight) for (a, b, kind), weight in total.items()),
        key=lambda e: (-e[3], e[0], e[1], e[2]),
    )


def filter_edges(
    edges: Iterable[Edge], *, kinds: Iterable[str] | None = None, touching: Iterable[int] | None
) -> list[Edge]:
    """The edges of ``kinds`` (all when None) with at least one end in ``touching`` (all when
    None)."""
    wanted = None if kinds is None else set(kinds)
    near = None if touching is None else set(touching)
    return [
        e
        for e in edges
        if (wanted is None or e[2] in wanted) and (near is None or e[0] in near or e[1] in near)
    ]


def neighbours(edges: Iterable[Edge]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for a, b, _kind, _weight in edges:
        found[a].add(b)
        found[b].add(a)
    return found


def degrees(edges: Iterable[Edge]) -> dict[int, int]:
    """How many other units each unit works with (distinct neighbours, any kind or
    direction). Units without an edge are absent."""
    return {unit: len(others) for unit, others in neighbours(edges).items()}


def weighted_degrees(edges: Iterable[Edge]) -> dict[int, int]:
    """The sum of the weights of the edges touching each unit (both ends count)."""
    total: dict[int, int] = defaultdict(int)
    for a, b, _kind, weight in edges:
        total[a] += weight
        total[b] += weight
    return dict(total)


def isolated(units: Iterable[int], edges: Iterable[Edge]) -> list[int]:
    """The ``units`` no edge touches, in the order given."""
    touched = set(neighbours(edges))
    return [unit for unit in units if unit not in touched]


def kind_totals(edges: Iterable[Edge]) -> dict[str, int]:
    """The weight of each kind, over all edges."""
    total: dict[str, int] = defaultdict(int)
    for _a, _b, kind, weight in edges:
        total[kind] += weight
    return dict(total)


def kind_weights_by_unit(edges: Iterable[Edge]) -> dict[int, dict[str, int]]:
    """For each unit, the weight of each kind of edge touching it."""
    total: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a, b, kind, weight in edges:
        total[a][kind] += weight
        total[b][kind] += weight
    return {unit: dict(kinds) for unit, kinds in total.items()}


# --- Adoption of HQ's stories ----------------------------------------------------------------


@dataclass(frozen=True)
class Adoption:
    adopted: int  # HQ stories the unit localized
    offered: int  # HQ stories published in the period
    median_delay: timedelta | None  # median time from HQ's publication to the unit's

    @property
    def rate(self) -> float | None:
        """The share adopted, 0–1; None when HQ published nothing in the period."""
        return self.adopted / self.offered if self.offered else None


def adoption(
    offered: int, localized: Iterable[tuple[int, int, datetime, datetime]]
) -> dict[int, Adoption]:
    """Per unit, from ``(unit_id, original_id, original_published, localized_published)``
    rows of published localizations of the ``offered`` HQ stories: how many distinct originals
    the unit localized and the median delay. A unit that localized the same story twice counts
    it once, at its first localization."""
    first: dict[tuple[int, int], timedelta] = {}
    for unit, original, original_at, localized_at in localized:
        delay = max(localized_at - original_at, timedelta(0))
        key = (unit, original)
        if key not in first or delay < first[key]:
            first[key] = delay
    delays: dict[int, list[timedelta]] = defaultdict(list)
    for (unit, _original), delay in first.items():
        delays[unit].append(delay)
    return {
        unit: Adoption(adopted=len(found), offered=offered, median_delay=median(found))
        for unit, found in delays.items()
    }


def median(values: Sequence[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


# --- Months -----------------------------------------------------------------------------------


def jalali_month_of_bucket(day: date) -> JalaliMonth:
    """The Jalali month a provider's monthly count belongs to: the one containing ``day``. The
    contract gives the first day of a Gregorian month; Jalali months start between the 19th
    and the 23rd of a Gregorian month, so a Gregorian month's first two-thirds — its 1st
    included — lie in one Jalali month, which is where the whole count goes. (Exact
    attribution would need the providers to count per Jalali month.)"""
    return JalaliMonth.of(day)


def months_between(first: JalaliMonth, last: JalaliMonth) -> list[JalaliMonth]:
    """``first`` to ``last``, both included."""
    months, current = [], first
    while current <= last:
        months.append(current)
        current = current.next
    return months


def domain_table(
    months: Sequence[JalaliMonth], rows: Iterable[tuple[str, date, int]]
) -> dict[JalaliMonth, dict[str, int]]:
    """``rows`` of (domain code, bucket day, count) added up per Jalali month of ``months``
    and domain; other domains and months outside ``months`` dropped."""
    table = {month: dict.fromkeys(DOMAINS, 0) for month in months}
    for code, day, count in rows:
        month = jalali_month_of_bucket(day)
        if month in table and code in table[month]:
            table[month][code] += int(count)
    return table


# --- Layout -----------------------------------------------------------------------------------


MIN_GAP = 70.0  # the least distance between neighbours on the first ring, in layout units


def radial_layout(
    nodes: Iterable[int],
    parent: Mapping[int, int | None],
    *,
    order: Mapping[int, Any],
    ring: float = 160.0,
) -> dict[int, tuple[float, float]]:
    """Positions for ``nodes``: the root of the unit tree (HQ) at the centre, each level of the
    tree on a ring ``ring`` further out (the first one wider when it holds so many units
    that they would touch: ``MIN_GAP`` apart at least), and each unit given a share of its parent's
    arc growing with the square root of the leaves below it, so a province's counties sit
    beside it while provinces without counties still get room of their own (in proportion
    to the leaves, thirty provinces without counties shared a sixth of the circle in the
    demo). Deterministic:
    siblings are placed by ``order`` (a sort key per unit), the first at the top, going
    clockwise. Ancestors of ``nodes`` that are not drawn still hold their place, so a unit
    keeps its position whatever else is on the graph.
    """
    shown = set(nodes)
    kept: set[int] = set()
    for unit in shown:
        current: int | None = unit
        while current is not None and current not in kept:
            kept.add(current)
            current = parent.get(current)
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit in kept:
        children[parent.get(unit)].append(unit)
    for siblings in children.values():
        # Units without a sort key (ancestors not drawn) after the others, by id.
        siblings.sort(key=lambda u: (0, order[u], u) if u in order else (1, (), u))
    leaves: dict[int, int] = {}

    def count(unit: int) -> int:
        if unit not in leaves:
            leaves[unit] = sum(count(c) for c in children.get(unit, ())) or 1
        return leaves[unit]

    def span(unit: int) -> float:
        return math.sqrt(count(unit))

    roots = children.get(None, [])
    first_ring = len(children.get(roots[0], ())) if len(roots) == 1 else len(roots)
    spacing = ring * max(1.0, first_ring * MIN_GAP / (2 * math.pi * ring))
    positions: dict[int, tuple[float, float]] = {}

    def place(unit: int, depth: int, start: float, end: float) -> None:
        angle = (start + end) / 2
        radius = spacing + (depth - 1) * ring if depth else 0.0
        # Angle 0 at the top, growing clockwise (screen y grows downwards).
        positions[unit] = (
            round(radius * math.sin(angle), 1),
            round(-radius * math.cos(angle), 1),
        )
        below = children.get(unit, ())
        total = sum(span(child) for child in below)
        cursor = start
        for child in below:
            share = (end - start) * span(child) / total
            place(child, depth + 1, cursor, cursor + share)
            cursor += share

    if len(roots) == 1:
        place(roots[0], 0, 0.0, 2 * math.pi)
    else:
        # Several trees (or none): their tops share the first ring.
        total = sum(span(r) for r in roots) or 1
        cursor = 0.0
        for root in roots:
            share = 2 * math.pi * span(root) / total
            place(root, 1, cursor, cursor + share)
            cursor += share
    return {unit: positions[unit] for unit in shown if unit in positions}


def short_labels(units: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """Labels for the drawing: ``(id, kind, name)`` less the leading words every unit of the
    same kind shares, when three or more share them («اداره کل بهزیستی استان تهران» →
    «تهران» among the provinces); the full names stay in the tables and the detail line."""
    by_kind: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for pk, kind, name in units:
        by_kind[kind].append((pk, name.split()))
    labels: dict[int, str] = {}
    for group in by_kind.values():
        common = 0
        if len(group) >= 3:
            shortest = min(len(words) for _pk, words in group)
            while common < shortest - 1 and len({words[common] for _pk, words in group}) == 1:
                common += 1
        for pk, words in group:
            labels[pk] = " ".join(words[common:])
    return labels
