"""The oversight dashboard on the desk and its exports; the editorial calendar and its
iCalendar export."""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.insights import calendar, exports, ics
from hamafza.insights.forms import CalendarFilterForm
from hamafza.insights.oversight import coverage_chart, dashboard, status_counts_chart
from hamafza.insights.periods import JalaliMonth, day_slug, parse_month, parse_week
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Unit
from hamafza.org.permissions import Access, access_staff, access_unit
from hamafza.org.views._common import DeskRequest, render_page
from hamafza.plans.models import Plan
from hamafza.plans.permissions import visible_plans
from hamafza.strategy.models import Goal, StrategyDocument

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard_page(request: DeskRequest) -> HttpResponse:
    board = dashboard(request.user)
    context = {
        "board": board,
        "sections": [(name, build(board).title) for name, build in exports.SECTIONS.items()],
        "charts": {"status": status_counts_chart(board), "coverage": coverage_chart(board)},
    }
    return render_page(request, "insights/dashboard.html", context)


@login_required
def dashboard_export(request: DeskRequest, fmt: str) -> HttpResponse:
    board = dashboard(request.user)
    stamp = board.today.isoformat()
    if fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(board), content_type=XLSX)
        name = f"hamafza-oversight-{stamp}.xlsx"
    elif fmt == "csv":
        section = request.GET.get("section", "plans")
        build = exports.SECTIONS.get(section)
        if build is None:
            raise Http404(_("این بخش وجود ندارد."))
        response = HttpResponse(
            exports.to_csv(build(board)), content_type="text/csv; charset=utf-8"
        )
        name = f"hamafza-oversight-{section}-{stamp}.csv"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- The editorial calendar -----------------------------------------------------------------

ICS_MONTHS = 3  # an export covers the month shown and the two after it


@dataclass
class CalendarRequest:
    """The parsed filters of a calendar request, with the choices they were checked against."""

    form: CalendarFilterForm
    filters: calendar.CalendarFilters | None  # None: the filters were not valid
    access: Access
    units: list[Unit]


def _calendar_request(request: DeskRequest) -> CalendarRequest:
    access = access_staff(request.user)
    units = [unit for unit in org_selectors.unit_tree() if unit.is_active]
    goals = list(
        Goal.objects.filter(document__status=StrategyDocument.Status.ACTIVE).order_by(
            "position", "pk"
        )
    )
    plans = list(
        visible_plans(request.user)
        .exclude(status=Plan.Status.CANCELLED)
        .select_related("unit")
        .only("pk", "title", "unit__name")
        .order_by("title", "pk")
    )
    form = CalendarFilterForm(request.GET, units=units, goals=goals, plans=plans)
    filters = form.filters(access.tree) if form.is_valid() else None
    return CalendarRequest(form=form, filters=filters, access=access, units=units)


def _url(name: str, params: dict[str, str], *args: Any) -> str:
    query = urlencode(params)
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _ics_units(parsed: CalendarRequest) -> list[Unit]:
    """Whose calendar the page offers to export: the unit filtered on, else the person's."""
    chosen = parsed.form.chosen_unit if parsed.filters is not None else None
    if chosen is not None:
        return [chosen]
    mine = set(parsed.access.roles_by_unit) or set(parsed.access.tree.roots())
    return [unit for unit in parsed.units if unit.pk in mine]


def _render_calendar(
    request: DeskRequest,
    parsed: CalendarRequest,
    *,
    view: str,
    first: date,
    end: date,
    month: JalaliMonth | None,
    extra: dict[str, Any],
) -> HttpResponse:
    today = timezone.localdate()
    if parsed.filters is None:
        agenda = calendar.Agenda(events=[], truncated=False)
    else:
        agenda = calendar.calendar_events(
            request.user, first=first, end=end, filters=parsed.filters
        )
    days = calendar.lay_out(agenda.events, first=first, end=end, today=today, within=month)
    params = parsed.form.query()
    ics_month = (month or JalaliMonth.of(first)).slug
    context = {
        "view": view,
        "form": parsed.form,
        "days": days,
        "weekdays": [str(name) for name in calendar.WEEKDAYS],
        # Days outside the month are not listed on a phone: they do not count.
        "has_events": any(day.events for day in days if not day.outside),
        "truncated": agenda.truncated,
        "max_published": calendar.MAX_PUBLISHED,
        "kinds": [(kind, str(label)) for kind, label in calendar.KIND_LABELS.items()],
        "month_url": _url("insights:calendar", {"month": ics_month, **params}),
        "week_url": _url(
            "insights:calendar_week",
            {"week": day_slug(today if first <= today < end else first), **params},
        ),
        "ics_links": [
            (unit, _url("insights:calendar_ics", {"month": ics_month, **params}, unit.slug))
            for unit in _ics_units(parsed)
        ],
        **extra,
    }
    status = 200 if parsed.filters is not None else 400
    return render_page(request, "insights/calendar.html", context, status=status)


@login_required
def calendar_month(request: DeskRequest) -> HttpResponse:
    parsed = _calendar_request(request)
    today = timezone.localdate()
    month = parse_month(request.GET.get("month", ""), default=today)
    first, end = calendar.month_grid(month)
    params = parsed.form.query()
    extra = {
        "title": month.label,
        "previous_url": _url("insights:calendar", {"month": month.previous.slug, **params}),
        "next_url": _url("insights:calendar", {"month": month.next.slug, **params}),
        "today_url": _url("insights:calendar", params),
        "previous_label": month.previous.label,
        "next_label": month.next.label,
    }
    return _render_calendar(
        request, parsed, view="month", first=first, end=end, month=month, extra=extra
    )


@login_required
def calendar_week(request: DeskRequest) -> HttpResponse:
    parsed = _calendar_request(request)
    today = timezone.localdate()
    first = parse_week(request.GET.get("week", ""), default=today)
    end = first + timedelta(days=7)
    params = parsed.form.query()
    extra = {
        "title": calendar.week_label(first),
        "previous_url": _url(
            "insights:calendar_week", {"week": day_slug(first - timedelta(days=7)), **params}
        ),
        "next_url": _url("insights:calendar_week", {"week": day_slug(end), **params}),
        "today_url": _url("insights:calendar_week", params),
        "previous_label": _("هفته پیش"),
        "next_label": _("هفته بعد"),
    }
    return _render_calendar(
        request, parsed, view="week", first=first, end=end, month=None, extra=extra
    )


@login_required
def calendar_ics(request: DeskRequest, slug: str) -> HttpResponse:
    """The unit's calendar (with the units below it) as iCalendar, for the month asked for and
    the two after it, with the same scoping and the goal and plan filters of the page."""
    parsed = _calendar_request(request)
    unit = access_unit(request.user, slug)
    if parsed.filters is None:
        raise Http404(_("فیلترهای تقویم معتبر نیستند."))
    filters = replace(parsed.filters, unit_ids=frozenset(parsed.access.tree.subtree(unit.pk)))
    month = parse_month(request.GET.get("month", ""), default=timezone.localdate())
    last = month
    for _step in range(ICS_MONTHS - 1):
        last = last.next
    agenda = calendar.calendar_events(
        request.user, first=month.first, end=last.end, filters=filters
    )
    name = _("تقویم رسانه‌ای %(unit)s") % {"unit": unit.name}
    body = ics.to_ics(agenda.events, name=name, absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"hamafza-{unit.slug}-{month.slug}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
