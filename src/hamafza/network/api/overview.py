"""`/api/v1/network/overview`: the network view's figures (the desk's ``/desk/network/``) as
JSON — the collaboration graph of a period, each unit's figures and the domains' activity per
Jalali month — with the page's access rule (``permissions.overview``: HQ sees the network, a
unit's head its subtree; anyone else is a 403).

The body is ``selectors.overview.overview_data`` as it is: the schemas below only type it.
A unit outside the caller's scope (a counterpart named on the graph) carries no figures, so
its figure keys are absent, not null (the operation drops unset fields)."""

from datetime import datetime
from typing import Any, Literal, cast

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hamafza.network import graph
from hamafza.network.selectors.overview import DEFAULT_PERIOD, overview_data
from hamafza.org.api._common import ErrorOut, InvalidOut, caller, service_errors
from hamafza.org.models import Unit

router = Router(tags=["network"])

Period = Literal["month", "quarter", "year"]

# --- Schemas -------------------------------------------------------------------------------


class NetworkOverviewFilters(Schema):
    period: Period = Field(
        default=cast(Period, DEFAULT_PERIOD),
        description="month: this Jalali month; quarter: the last three; year: since Farvardin",
    )
    kind: list[str] = Field(
        default=[],
        description="Repeat for each edge kind to draw (unknown ones are ignored; none: "
        f"the kinds of collaboration, {', '.join(graph.KNOWN_KINDS)})",
    )


class NetworkOverviewPeriodOut(Schema):
    code: Period
    label: str = Field(description="The Jalali months, in the active language")
    since: datetime = Field(description="Local midnight of the first month's first day")
    until: datetime = Field(description="Local midnight after the last month (exclusive)")


class NetworkOverviewScopeOut(Schema):
    network: bool = Field(description="True for HQ (every unit); False for a head's subtree")


class NetworkOverviewKindOut(Schema):
    code: str
    label: str
    shown: bool = Field(description="Drawn (its edges are in `edges`)")


class NetworkOverviewNodeOut(Schema):
    id: int
    name: str
    short: str = Field(description="A short label for the graph")
    slug: str
    kind: str = Field(description=", ".join(Unit.Kind.values))
    in_scope: bool = Field(description="In the caller's scope: only then has it the figures below")
    x: float
    y: float
    # The figures, present only when in_scope.
    stories: int | None = Field(default=None, description="First published in the period")
    degree: int | None = Field(default=None, description="Units it worked with (edges shown)")
    weight: int | None = Field(default=None, description="Sum of the weights of its edges shown")
    isolated: bool | None = Field(default=None, description="No edge of the kinds shown")
    silent: bool | None = Field(default=None, description="No edge of any kind and no story")
    adopted: int | None = Field(
        default=None, description="HQ's stories of the period it localized (null for HQ's units)"
    )
    adoption_rate: float | None = Field(
        default=None, description="adopted / hq_stories, 0–1 (null for HQ's units or none)"
    )
    median_delay_seconds: int | None = Field(
        default=None, description="Median time from HQ's first publication to its own"
    )


class NetworkOverviewEdgeOut(Schema):
    source: int = Field(description="A node's id")
    target: int = Field(description="A node's id")
    kind: str
    weight: int
    directed: bool


class NetworkOverviewDomainMonthOut(Schema):
    month: str = Field(description="The Jalali month, YYYY-MM")
    label: str
    counts: dict[str, int] = Field(description="Activities per domain code")


class NetworkOverviewDomainsOut(Schema):
    codes: list[str]
    labels: list[str]
    partial: bool = Field(description="Some area could not narrow its counts to the scope")
    months: list[NetworkOverviewDomainMonthOut]


class NetworkOverviewOut(Schema):
    period: NetworkOverviewPeriodOut
    scope: NetworkOverviewScopeOut
    kinds: list[NetworkOverviewKindOut] = Field(description="Every kind the period has")
    kind_totals: dict[str, int] = Field(description="Edge weights per kind, shown or not")
    hq_stories: int = Field(description="HQ's own stories first published in the period")
    nodes: list[NetworkOverviewNodeOut]
    edges: list[NetworkOverviewEdgeOut]
    domains: NetworkOverviewDomainsOut


# --- The overview --------------------------------------------------------------------------


@router.get(
    "",
    response={200: NetworkOverviewOut, 401: ErrorOut, 403: ErrorOut, 422: InvalidOut},
    exclude_unset=True,
    summary="The network view's graph and figures (HQ; a unit's head for its subtree)",
)
@service_errors
def network_overview(
    request: HttpRequest, filters: Query[NetworkOverviewFilters]
) -> dict[str, Any]:
    return overview_data(caller(request), period=filters.period, kinds=filters.kind)
