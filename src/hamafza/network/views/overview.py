"""The network view on the desk (``/desk/network/``): the collaboration graph of a period, the
units' figures and the domains' activity, for HQ and unit heads (``permissions.overview``).

The page reads only GET parameters — ``period`` (month, quarter, year), ``kind`` (repeated:
the edge kinds to show) and ``sort`` (a column of the units' table, ``-`` for descending) —
and anything it does not know falls back to the default, as a filter should.
"""

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.common.persian import to_persian_digits
from hamafza.network import graph
from hamafza.network.models import Directive
from hamafza.network.permissions.campaigns import can_view_board
from hamafza.network.selectors.campaigns import campaign_board, campaign_list
from hamafza.network.selectors.directives import issued_list
from hamafza.network.selectors.overview import (
    DEFAULT_PERIOD,
    PERIODS,
    SORTS,
    kind_label,
    network_overview,
    overview_as_dict,
)
from hamafza.network.services.directives import pending_recipients
from hamafza.org.models import Domain
from hamafza.org.permissions import access_for
from hamafza.org.views._common import DeskRequest, render_page

# The units' table: its sortable columns, in the order shown, with their labels.
COLUMNS = (
    ("name", gettext_lazy("واحد")),
    ("stories", gettext_lazy("خبر منتشرشده")),
    ("adoption", gettext_lazy("پذیرش خبرهای ستاد")),
    ("median", gettext_lazy("میانه زمان بومی‌سازی")),
    ("degree", gettext_lazy("واحدهای همکار")),
    ("weight", gettext_lazy("وزن پیوندها")),
)
# The other areas' pages, linked from this one when they are installed: the campaigns'
# participation boards say which units carried each campaign, the directives who answered.
RELATED = (
    ("network:campaign_list", gettext_lazy("کارزارها و واحدهای همراه")),
    ("network:directive_issued", gettext_lazy("ابلاغیه‌های فرستاده و پاسخ‌ها")),
    ("network:support_list", gettext_lazy("درخواست‌های پشتیبانی")),
    ("network:partnership_activities", gettext_lazy("فعالیت‌های مشترک")),
    ("network:media_contact_list", gettext_lazy("ارتباط با رسانه‌ها")),
)
# Names and times read best smallest first; counts and rates largest first.
ASCENDING_FIRST = frozenset({"name", "median"})


def _persian() -> bool:
    return (translation.get_language() or "fa").split("-")[0] in {"fa", "ar"}


def _digits(text: str) -> str:
    return to_persian_digits(text).replace(".", "٫") if _persian() else text


def duration_label(delay: timedelta | None) -> str:
    """A time to localize as people say it: hours under two days, days (to a tenth under ten)
    after; Persian digits on a Persian page."""
    if delay is None:
        return "—"
    hours = delay.total_seconds() / 3600
    if hours < 1:
        return _("کمتر از یک ساعت")
    if hours < 48:
        return _("%(n)s ساعت") % {"n": _digits(str(round(hours)))}
    days = hours / 24
    shown = f"{days:.1f}".removesuffix(".0") if days < 10 else str(round(days))
    return _("%(n)s روز") % {"n": _digits(shown)}


def _query(period: str, kinds: list[str], sort: str) -> dict[str, Any]:
    """The page's parameters that differ from the defaults (for the sort links)."""
    params: dict[str, Any] = {}
    if period != DEFAULT_PERIOD:
        params["period"] = period
    if set(kinds) != set(graph.KNOWN_KINDS):
        params["kind"] = kinds
    if sort and sort != "tree":
        params["sort"] = sort
    return params


def _related() -> list[tuple[str, str]]:
    found = []
    for name, label in RELATED:
        try:
            found.append((str(label), reverse(name)))
        except NoReverseMatch:
            continue
    return found


def _url(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    merged = {k: v for k, v in merged.items() if v not in (None, "", [])}
    query = urlencode(merged, doseq=True)
    return reverse("network:overview") + (f"?{query}" if query else "")


CARRIED_SHOWN = 3  # running campaigns and sent directives on the page, newest first


def _carried(user: Any) -> dict[str, list[Any]]:
    """Who carried the newest running campaigns and directives the viewer oversees, and who
    stayed silent: the boards' figures, a few queries per item, a fixed number of items."""
    access = access_for(user)
    boards = [
        campaign_board(campaign)
        for campaign in campaign_list(viewer=user, state="active")[: CARRIED_SHOWN * 3]
        if can_view_board(access, campaign)
    ][:CARRIED_SHOWN]
    directives = list(issued_list(viewer=user, status=Directive.Status.SENT)[:CARRIED_SHOWN])
    pending: dict[int, list[str]] = {d.pk: [] for d in directives}
    for row in (
        pending_recipients()
        .filter(directive__in=directives)
        .select_related("unit")
        .order_by("unit__name")
    ):
        pending[row.directive_id].append(row.unit.name)
    return {
        "campaigns": boards,
        "directives": [(d, pending[d.pk]) for d in directives],
    }


@login_required
def overview_page(request: DeskRequest) -> HttpResponse:
    period = request.GET.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    sort = request.GET.get("sort", "tree")
    if sort.lstrip("-") not in SORTS:
        sort = "tree"
    overview = network_overview(request.user, period=period, kinds=request.GET.getlist("kind"))
    params = _query(period, overview.kinds, sort)
    columns = []
    for key, label in COLUMNS:
        first = key if key in ASCENDING_FIRST else f"-{key}"
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        if current:
            # The next click turns the order round.
            target = key if descending else f"-{key}"
            state = "descending" if descending else "ascending"
        else:
            target, state = first, ""
        columns.append(
            {"key": key, "label": label, "url": _url(params, sort=target), "aria_sort": state}
        )
    rows = [
        {"row": row, "median": duration_label(row.median_delay)}
        for row in overview.sorted_units(sort)
    ]
    sorts = [("tree", _("درخت واحدها"))] + [
        (key if key in ASCENDING_FIRST else f"-{key}", label) for key, label in COLUMNS
    ]
    if sort not in dict(sorts):
        # The other direction of a column, chosen by its heading: kept when the form is sent.
        label = dict(COLUMNS)[sort.lstrip("-")]
        direction = _("نزولی") if sort.startswith("-") else _("صعودی")
        sorts.append((sort, f"{label} ({direction})"))
    shown = overview.kinds
    domain_labels = [str(Domain.Code(code).label) for code in graph.DOMAINS]
    context = {
        "overview": overview,
        "rows": rows,
        "columns": columns,
        "period": period,
        "periods": list(PERIODS.items()),
        "sort": sort,
        "sorts": sorts,
        "kinds": [(k, kind_label(k), k in shown) for k in overview.available_kinds],
        "kind_totals": [
            (k, kind_label(k), overview.kind_totals.get(k, 0)) for k in overview.available_kinds
        ],
        "domains": [
            (code, label) for code, label in zip(graph.DOMAINS, domain_labels, strict=True)
        ],
        "domain_rows": [
            {
                "label": m.month.label,
                "cells": list(zip(domain_labels, m.in_order, strict=True)),
                "total": m.total,
            }
            for m in overview.domains
        ],
        "domain_totals": list(zip(domain_labels, overview.domain_totals, strict=True)),
        "domain_total": sum(overview.domain_totals),
        "data": overview_as_dict(overview),
        "related": _related(),
        "carried": _carried(request.user),
    }
    return render_page(request, "network/overview/network.html", context)
