"""`/api/v1/insights`: the editorial calendar as JSON, from the same selector and with the same
scoping as the desk's calendar (another unit's scheduled story or unapproved plan never
appears). Dates are Gregorian ISO dates and UTC instants; the desk shows them in Jalali."""

from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from hamafza.insights.calendar import CalendarFilters, calendar_events
from hamafza.org.api._common import ErrorOut, caller, staff, unit_named
from hamafza.plans.permissions import visible_plans
from hamafza.strategy.models import Goal

router = Router(tags=["insights"])

MAX_DAYS = 93  # a Jalali quarter, at most


class CalendarQuery(Schema):
    first: date = Field(description="First day (included), Gregorian ISO date")
    end: date = Field(description=f"Day after the last (excluded); at most {MAX_DAYS} days on")
    unit: str = Field(default="", description="A unit's slug: it and the units below it")
    goal: int | None = Field(default=None, description="A strategy goal's id")
    plan: int | None = Field(default=None, description="A plan's id (one the caller sees)")


class CalendarEventOut(Schema):
    uid: str = Field(description="Stable across requests and iCalendar exports")
    kind: str = Field(
        description="scheduled, published, activity, plan_start, plan_end or plan_approved"
    )
    kind_label: str
    title: str
    day: date = Field(description="The Tehran day the event falls on")
    at: datetime | None = Field(description="For stories: the instant; otherwise a whole day")
    unit_name: str
    status: str
    url: str = Field(description="The desk page (a path)")


class CalendarOut(Schema):
    first: date
    end: date
    truncated: bool = Field(description="More published stories than are listed")
    events: list[CalendarEventOut]


@router.get(
    "/calendar",
    response={200: CalendarOut, 400: ErrorOut, 403: ErrorOut},
    summary="The editorial calendar",
)
def calendar(request: HttpRequest, filters: Query[CalendarQuery]) -> dict[str, Any]:
    access = staff(request)
    user = caller(request)
    if not filters.first < filters.end <= filters.first + timedelta(days=MAX_DAYS):
        raise HttpError(400, _("بازه باید دست‌کم یک و دست‌بالا %(n)s روز باشد.") % {"n": MAX_DAYS})
    unit = unit_named(filters.unit)
    if filters.goal is not None and not Goal.objects.filter(pk=filters.goal).exists():
        raise HttpError(400, _("هدف راهبردی %(id)s وجود ندارد.") % {"id": filters.goal})
    if filters.plan is not None and not visible_plans(user).filter(pk=filters.plan).exists():
        raise HttpError(400, _("طرح %(id)s وجود ندارد.") % {"id": filters.plan})
    agenda = calendar_events(
        user,
        first=filters.first,
        end=filters.end,
        filters=CalendarFilters(
            unit_ids=frozenset(access.tree.subtree(unit.pk)) if unit is not None else None,
            goal_id=filters.goal,
            plan_id=filters.plan,
        ),
    )
    return {
        "first": filters.first,
        "end": filters.end,
        "truncated": agenda.truncated,
        "events": [
            {
                "uid": e.uid,
                "kind": e.kind,
                "kind_label": e.kind_label,
                "title": e.title,
                "day": e.day,
                "at": e.at,
                "unit_name": e.unit_name,
                "status": e.status,
                "url": e.url,
            }
            for e in agenda.events
        ],
    }
