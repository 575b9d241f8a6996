"""The network view's figures: the collaboration graph of a period, each unit's adoption of
HQ's stories and the activity of the four domains of synergy per Jalali month.

Read-only and computed at read time in a fixed number of queries, whatever the number of
units or stories (plus whatever the areas' providers spend):

* republishing edges: published localizations first published in the period, the localizing
  unit → the original's unit, one per story;
* the other edges from the areas' ``network_edges`` (``network.graph.edge_providers``);
* adoption: of HQ's own stories (HQ and its offices, not republications) first published in
  the period, the share each unit localized — whenever it did — and the median time from HQ's
  first publication to the unit's. First publication, not the latest: a story withdrawn and
  published again keeps its place in time;
* domain activity: the areas' ``domain_activity`` plus republishing, counted in the PR
  network's domain.

``overview_data`` gives the same figures as a plain dict, for the page's script and the API.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.common.persian import to_persian_digits
from hamafza.network import graph
from hamafza.network.graph import Adoption, Edge, JalaliMonth
from hamafza.network.permissions.overview import OverviewScope, overview_scope_for
from hamafza.newsroom.models import Story
from hamafza.newsroom.services import OUTPUT_STATUSES
from hamafza.org.models import Domain, Unit
from hamafza.org.permissions import access_staff

PERIODS = {
    "month": gettext_lazy("این ماه"),
    "quarter": gettext_lazy("سه ماه اخیر"),
    "year": gettext_lazy("امسال"),
}
DEFAULT_PERIOD = "month"
KIND_LABELS = {
    graph.REPUBLISH: gettext_lazy("بازنشر"),
    graph.SUPPORT: gettext_lazy("پشتیبانی"),
    graph.JOINT: gettext_lazy("فعالیت مشترک"),
    graph.CAMPAIGN: gettext_lazy("کارزار مشترک"),
    graph.DIRECTIVE: gettext_lazy("پاسخ به ابلاغیه"),
}
KIND_ORDER: dict[str, int] = {Unit.Kind.HQ: 0, Unit.Kind.HQ_OFFICE: 1, Unit.Kind.PROVINCE: 2}
SORTS = ("tree", "name", "stories", "adoption", "median", "degree", "weight")


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


# --- The period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    period: str
    months: list[JalaliMonth]  # the Jalali months shown, oldest first
    since: datetime  # local midnight of the first month's first day
    until: datetime  # local midnight after the last month (exclusive)

    @property
    def label(self) -> str:
        first, last = self.months[0], self.months[-1]
        if self.period == "year":
            return _("سال %(year)s") % {"year": to_persian_digits(first.year)}
        if first == last:
            return first.label
        return _("%(first)s تا %(last)s") % {"first": first.label, "last": last.label}


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def period_window(period: str, *, today: date) -> Window:
    """The Jalali months of ``period`` up to and including ``today``'s: this month, the last
    three months, or this year from Farvardin. Unknown periods are this month."""
    last = JalaliMonth.of(today)
    if period == "quarter":
        first = last.previous.previous
    elif period == "year":
        first = JalaliMonth(last.year, 1)
    else:
        period, first = "month", last
    months = graph.months_between(first, last)
    return Window(
        period=period, months=months, since=_midnight(first.first), until=_midnight(last.end)
    )


# --- The overview -----------------------------------------------------------------------------


@dataclass
class UnitFigures:
    """One unit in the viewer's scope, with its figures for the period."""

    unit: Unit
    depth: int
    stories: int = 0  # first published in the period (republications included)
    degree: int = 0  # units it worked with, over the edges shown
    weight: int = 0  # sum of the weights of the edges shown touching it
    kinds: dict[str, int] = field(default_factory=dict)
    adoption: Adoption | None = None  # None for HQ's own units
    isolated: bool = False  # no edge of the kinds shown
    silent: bool = False  # no edge of any kind and no published story

    @property
    def is_hq_side(self) -> bool:
        return self.unit.kind in {Unit.Kind.HQ, Unit.Kind.HQ_OFFICE}

    @property
    def adoption_percent(self) -> int | None:
        rate = self.adoption.rate if self.adoption else None
        return None if rate is None else round(rate * 100)

    @property
    def median_delay(self) -> timedelta | None:
        return self.adoption.median_delay if self.adoption else None


@dataclass(frozen=True)
class EdgeRow:
    source: Unit
    target: Unit
    kind: str
    weight: int

    @property
    def directed(self) -> bool:
        return self.kind not in graph.UNDIRECTED_KINDS

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class DomainMonth:
    month: JalaliMonth
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def in_order(self) -> list[int]:
        """The counts in ``graph.DOMAINS`` order (the table's columns)."""
        return [self.counts[code] for code in graph.DOMAINS]


@dataclass
class Overview:
    scope: OverviewScope
    window: Window
    kinds: list[str]  # the kinds shown
    available_kinds: list[str]  # every kind the period has, and the known ones
    units: list[UnitFigures]  # the scope's active units, in tree order
    counterparts: list[Unit]  # units outside the scope that those worked with
    edges: list[EdgeRow]  # of the kinds shown, touching the scope
    kind_totals: dict[str, int]  # over the edges of every kind touching the scope
    hq_stories: int  # HQ's own stories first published in the period
    positions: dict[int, tuple[float, float]]
    domains: list[DomainMonth]
    domains_partial: bool  # some area's domain figures are not scoped, so left out
    all_units: dict[int, Unit]
    support: list[EdgeRow]  # who helped whom: every support edge touching the scope

    @property
    def isolated(self) -> list[UnitFigures]:
        return [row for row in self.units if row.isolated]

    @property
    def silent(self) -> list[UnitFigures]:
        return [row for row in self.units if row.silent]

    @property
    def domain_totals(self) -> list[int]:
        """Each domain's count over the period, in ``graph.DOMAINS`` order."""
        return [sum(m.counts[code] for m in self.domains) for code in graph.DOMAINS]

    def sorted_units(self, sort: str) -> list[UnitFigures]:
        """The rows by ``sort`` (one of ``SORTS``, ``-`` before it for descending); missing
        figures last either way; ties in tree order."""
        descending = sort.startswith("-")
        key = sort.lstrip("-")
        if key not in SORTS or key == "tree":
            return list(self.units)
        values = {
            "name": lambda r: r.unit.name,
            "stories": lambda r: r.stories,
            "adoption": lambda r: r.adoption_percent,
            "median": lambda r: r.median_delay,
            "degree": lambda r: r.degree,
            "weight": lambda r: r.weight,
        }[key]
        present = [r for r in self.units if values(r) is not None]
        missing = [r for r in self.units if values(r) is None]
        present.sort(key=values, reverse=descending)  # stable: ties stay in tree order
        return present + missing


def _republish_edges(window: Window, scope: OverviewScope) -> list[Edge]:
    rows = (
        Story.objects.filter(
            origin__isnull=False,
            status__in=OUTPUT_STATUSES,
            first_published_at__gte=window.since,
            first_published_at__lt=window.until,
        )
        .exclude(unit_id=F("origin__unit_id"))
        .order_by()
    )
    if not scope.network:
        rows = rows.filter(Q(unit_id__in=scope.unit_ids) | Q(origin__unit_id__in=scope.unit_ids))
    grouped = rows.values_list("unit_id", "origin__unit_id").annotate(n=Count("pk"))
    return [(unit, origin_unit, graph.REPUBLISH, n) for unit, origin_unit, n in grouped]


def _provider_edges(window: Window, providers: Sequence[graph.EdgeProvider]) -> list[Edge]:
    edges: list[Edge] = []
    for provider in providers:
        for a, b, kind, weight in provider(since=window.since, until=window.until):
            edges.append((int(a), int(b), str(kind), int(weight)))
    return edges


def _stories_by_unit(window: Window, scope: OverviewScope) -> dict[int, int]:
    rows = Story.objects.filter(
        status__in=OUTPUT_STATUSES,
        first_published_at__gte=window.since,
        first_published_at__lt=window.until,
    ).order_by()
    if not scope.network:
        rows = rows.filter(unit_id__in=scope.unit_ids)
    return dict(rows.values_list("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))


def _adoption(
    window: Window, scope: OverviewScope, hq_ids: set[int]
) -> tuple[int, dict[int, Adoption]]:
    offered = Story.objects.filter(
        unit_id__in=hq_ids,
        origin__isnull=True,
        status__in=OUTPUT_STATUSES,
        first_published_at__gte=window.since,
        first_published_at__lt=window.until,
    )
    count = offered.count()
    if not count:
        return 0, {}
    localized = (
        Story.objects.filter(
            origin__in=offered.values("pk"),
            status__in=OUTPUT_STATUSES,
            first_published_at__isnull=False,
        )
        .exclude(unit_id__in=hq_ids)
        .order_by()
    )
    if not scope.network:
        localized = localized.filter(unit_id__in=scope.unit_ids)
    rows = localized.values_list(
        "unit_id", "origin_id", "origin__first_published_at", "first_published_at"
    )
    # Both times are set: the original is filtered on its first publication, the
    # localization on having one.
    return count, graph.adoption(
        count, ((u, o, o_at, l_at) for u, o, o_at, l_at in rows if o_at and l_at)
    )


def _domains(
    window: Window, scope: OverviewScope, providers: Sequence[graph.DomainProvider]
) -> tuple[list[DomainMonth], bool]:
    rows: list[tuple[str, date, int]] = []
    partial = False
    for provider in providers:
        if scope.network:
            found = provider(since=window.since, until=window.until)
        elif graph.accepts(provider, "unit_ids"):
            found = provider(since=window.since, until=window.until, unit_ids=scope.unit_ids)
        else:
            # Network-wide counts are HQ's to see: an area that cannot narrow them to the
            # viewer's units is left out of a head's view (and the page says so).
            partial = True
            continue
        rows.extend((str(code), day, int(n)) for code, day, n in found)
    republished = Story.objects.filter(
        origin__isnull=False,
        status__in=OUTPUT_STATUSES,
        first_published_at__gte=window.since,
        first_published_at__lt=window.until,
    ).order_by()
    if not scope.network:
        republished = republished.filter(unit_id__in=scope.unit_ids)
    by_day = (
        republished.annotate(day=TruncDate("first_published_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    rows.extend((Domain.Code.PR_NETWORK.value, day, n) for day, n in by_day)
    table = graph.domain_table(window.months, rows)
    return [DomainMonth(month=m, counts=table[m]) for m in window.months], partial


def _order_key(unit: Unit) -> tuple[int, str]:
    return (KIND_ORDER.get(unit.kind, 3), unit.name)


def _tree_order(units: dict[int, Unit], parent: dict[int, int | None]) -> list[int]:
    """``units`` depth first from the top, siblings by kind then name."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk in units:
        up = parent.get(pk)
        while up is not None and up not in units:
            up = parent.get(up)
        children[up].append(pk)
    for siblings in children.values():
        siblings.sort(key=lambda pk: _order_key(units[pk]))
    ordered: list[int] = []
    stack = list(reversed(children[None]))
    while stack:
        pk = stack.pop()
        ordered.append(pk)
        stack.extend(reversed(children.get(pk, [])))
    return ordered


def network_overview(
    user: Any,
    *,
    period: str = DEFAULT_PERIOD,
    kinds: Iterable[str] | None = None,
    today: date | None = None,
    edge_sources: Sequence[graph.EdgeProvider] | None = None,
    domain_sources: Sequence[graph.DomainProvider] | None = None,
) -> Overview:
    """The network view for ``user`` (``PermissionDenied`` unless HQ or a head: see
    ``permissions.overview``). ``kinds``: the edge kinds to show (None, empty or none known:
    the four kinds of collaboration, ``graph.KNOWN_KINDS``; others, such as directives
    answered, only when asked for).
    ``edge_sources`` / ``domain_sources`` replace the areas' providers (tests)."""
    access = access_staff(user)
    scope = overview_scope_for(access)
    tree = access.tree
    today = today or timezone.localdate()
    window = period_window(period, today=today)
    if edge_sources is None:
        edge_sources = graph.edge_providers()
    if domain_sources is None:
        domain_sources = graph.domain_providers()

    touching = None if scope.network else scope.unit_ids
    every = graph.merge_edges(
        [*_republish_edges(window, scope), *_provider_edges(window, edge_sources)]
    )
    every = graph.filter_edges(every, touching=touching)
    asked = set(kinds or ())
    extra = {e[2] for e in every} | ({graph.DIRECTIVE} & asked)
    available = list(graph.KNOWN_KINDS) + sorted(extra - set(graph.KNOWN_KINDS))
    chosen = [k for k in available if k in asked] or list(graph.KNOWN_KINDS)
    shown = graph.filter_edges(every, kinds=chosen, touching=None)

    node_ids = set(scope.unit_ids) | {end for e in every for end in e[:2]}
    all_units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=node_ids).only(
            "pk", "name", "slug", "kind", "parent_id", "is_active"
        )
    }
    in_scope = {pk: u for pk, u in all_units.items() if pk in scope.unit_ids and u.is_active}
    counterparts = sorted(
        (u for pk, u in all_units.items() if pk not in scope.unit_ids), key=_order_key
    )
    # Edges to units that no longer exist (a provider's stale row) are dropped.
    shown = [e for e in shown if e[0] in all_units and e[1] in all_units]

    stories = _stories_by_unit(window, scope)
    hq_ids = {pk for pk in tree.parent if tree.is_hq_side(pk)}
    hq_stories, adopted = _adoption(window, scope, hq_ids)
    degree = graph.degrees(shown)
    weight = graph.weighted_degrees(shown)
    by_kind = graph.kind_weights_by_unit(shown)
    isolated = set(graph.isolated(in_scope, shown))
    touched_at_all = set(graph.neighbours(every))

    rows = []
    for pk in _tree_order(in_scope, tree.parent):
        unit = in_scope[pk]
        row = UnitFigures(
            unit=unit,
            depth=len(tree.ancestors(pk)),
            stories=stories.get(pk, 0),
            degree=degree.get(pk, 0),
            weight=weight.get(pk, 0),
            kinds=by_kind.get(pk, {}),
            isolated=pk in isolated,
            silent=pk not in touched_at_all and not stories.get(pk),
        )
        if not row.is_hq_side:
            row.adoption = adopted.get(
                pk, Adoption(adopted=0, offered=hq_stories, median_delay=None)
            )
        rows.append(row)

    drawn = set(in_scope) | {end for e in shown for end in e[:2]}
    positions = graph.radial_layout(
        drawn,
        tree.parent,
        order={pk: _order_key(u) for pk, u in all_units.items()},
    )
    domains, partial = _domains(window, scope, domain_sources)
    return Overview(
        scope=scope,
        window=window,
        kinds=chosen,
        available_kinds=available,
        units=rows,
        counterparts=counterparts,
        edges=[
            EdgeRow(source=all_units[a], target=all_units[b], kind=kind, weight=w)
            for a, b, kind, w in shown
        ],
        kind_totals=graph.kind_totals(every),
        hq_stories=hq_stories,
        positions=positions,
        domains=domains,
        domains_partial=partial,
        all_units=all_units,
        support=[
            EdgeRow(source=all_units[a], target=all_units[b], kind=kind, weight=w)
            for a, b, kind, w in every
            if kind == graph.SUPPORT and a in all_units and b in all_units
        ],
    )


def overview_as_dict(overview: Overview) -> dict[str, Any]:
    """The overview as plain JSON-ready data (ids, numbers, ISO dates; labels in the active
    language): what the page's script draws and what the API can return as it is."""
    figures = {row.unit.pk: row for row in overview.units}
    drawn = [overview.all_units[pk] for pk in overview.positions if pk in overview.all_units]
    short = graph.short_labels((unit.pk, unit.kind, unit.name) for unit in drawn)
    nodes = []
    for pk, (x, y) in sorted(overview.positions.items()):
        unit = overview.all_units.get(pk)
        if unit is None:
            continue
        row = figures.get(pk)
        node: dict[str, Any] = {
            "id": pk,
            "name": unit.name,
            "short": short.get(pk, unit.name),
            "slug": unit.slug,
            "kind": unit.kind,
            "in_scope": row is not None,
            "x": x,
            "y": y,
        }
        if row is not None:
            delay = row.median_delay
            node.update(
                stories=row.stories,
                degree=row.degree,
                weight=row.weight,
                isolated=row.isolated,
                silent=row.silent,
                adopted=row.adoption.adopted if row.adoption else None,
                adoption_rate=row.adoption.rate if row.adoption else None,
                median_delay_seconds=int(delay.total_seconds()) if delay is not None else None,
            )
        nodes.append(node)
    return {
        "period": {
            "code": overview.window.period,
            "label": overview.window.label,
            "since": overview.window.since.isoformat(),
            "until": overview.window.until.isoformat(),
        },
        "scope": {"network": overview.scope.network},
        "kinds": [
            {"code": k, "label": kind_label(k), "shown": k in overview.kinds}
            for k in overview.available_kinds
        ],
        "kind_totals": {k: overview.kind_totals.get(k, 0) for k in overview.available_kinds},
        "hq_stories": overview.hq_stories,
        "nodes": nodes,
        "edges": [
            {
                "source": e.source.pk,
                "target": e.target.pk,
                "kind": e.kind,
                "weight": e.weight,
                "directed": e.directed,
            }
            for e in overview.edges
        ],
        "domains": {
            "codes": list(graph.DOMAINS),
            "labels": [str(Domain.Code(code).label) for code in graph.DOMAINS],
            "partial": overview.domains_partial,
            "months": [
                {"month": m.month.slug, "label": m.month.label, "counts": m.counts}
                for m in overview.domains
            ],
        },
    }


def overview_data(
    user: Any,
    *,
    period: str = DEFAULT_PERIOD,
    kinds: Iterable[str] | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """The network view's figures for ``user`` as a plain dict (``PermissionDenied`` as the
    page). For the API: ``/api/v1/…`` can return it as it is."""
    return overview_as_dict(network_overview(user, period=period, kinds=kinds, today=today))
