"""The editorial calendar (تقویم رسانه‌ای): scheduled and published stories, plan activities and
plan milestones (start, end, approval) on Jalali month and week pages, and as iCalendar.

What a person sees is decided in one place each, below this app: stories through
``newsroom.permissions.visible_stories`` (another unit's scheduled story never shows) and plans
and activities through ``plans.permissions.visible_plans`` / ``visible_activities`` (another
unit's unapproved plan and its activities never show). Every query here starts from those.

Filters narrow what is visible: a unit (with the units below it), a strategy goal and a plan.
A story matches a goal or a plan through the activity it serves, read from the same scoped
activities. A plan serves a goal when one of its attachment's objectives is linked to the goal
or one of its messages is a key message of the goal; an activity serves it through its own key
message or its plan. Cancelled plans and activities are left out: they will not happen.

The plan's approval has no column of its own: its time is the audit row of the ``approve``
move (``plans.plan.approve``), which is append-only and written in the same transaction.

Dates: activities and plan milestones are whole days; stories are instants, placed on their
Tehran day. A page costs a fixed number of queries whatever it shows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from persiantools.jdatetime import JalaliDate

from hamafza.common.jalali import JALALI_MONTHS
from hamafza.common.models import AuditEntry
from hamafza.common.persian import to_persian_digits
from hamafza.insights.periods import JalaliMonth, week_start
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.permissions import access_staff
from hamafza.plans.models import Activity, Plan
from hamafza.plans.permissions import visible_activities, visible_plans

# A month of the whole network's published stories can run to thousands; past this many the
# page says so and asks for a narrower filter instead of drawing them all.
MAX_PUBLISHED = 600

SCHEDULED = "scheduled"
PUBLISHED = "published"
ACTIVITY = "activity"
PLAN_START = "plan_start"
PLAN_END = "plan_end"
PLAN_APPROVED = "plan_approved"

KIND_LABELS: dict[str, Promise] = {
    PLAN_APPROVED: _("تصویب طرح"),
    PLAN_START: _("آغاز طرح"),
    PLAN_END: _("پایان طرح"),
    ACTIVITY: _("فعالیت رسانه‌ای"),
    SCHEDULED: _("انتشار زمان‌بندی‌شده"),
    PUBLISHED: _("خبر منتشرشده"),
}
_KIND_ORDER = {kind: n for n, kind in enumerate(KIND_LABELS)}

# Saturday first, as the Iranian week.
WEEKDAYS: tuple[Promise, ...] = (
    _("شنبه"),
    _("یکشنبه"),
    _("دوشنبه"),
    _("سه‌شنبه"),
    _("چهارشنبه"),
    _("پنجشنبه"),
    _("جمعه"),
)

UID_DOMAIN = "hamafza"


@dataclass(frozen=True)
class CalendarFilters:
    """``unit_ids``: a unit and the units below it (None: every unit)."""

    unit_ids: frozenset[int] | None = None
    goal_id: int | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class CalendarEvent:
    uid: str  # stable: the same object is the same event in every export
    kind: str
    title: str
    day: date  # the Tehran day it falls on
    at: datetime | None  # aware, for stories; None: the whole day
    unit_name: str
    url: str  # the desk page
    status: str

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def clock(self) -> str:
        """``14:30`` in Tehran time for stories (ASCII digits; the template localizes)."""
        return timezone.localtime(self.at).strftime("%H:%M") if self.at else ""

    @property
    def summary(self) -> str:
        return f"{self.kind_label}: {self.title}"

    def sort_key(self) -> tuple[Any, ...]:
        clock = timezone.localtime(self.at).time() if self.at else time.min
        return (self.day, self.at is not None, clock, _KIND_ORDER[self.kind], self.uid)


@dataclass
class Agenda:
    events: list[CalendarEvent]
    truncated: bool  # more published stories than MAX_PUBLISHED


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _goal_plans(goal_id: int) -> QuerySet[Plan, Any]:
    """The plans serving the goal, as a subquery."""
    return Plan.objects.filter(
        Q(attachment__objectives__goal_id=goal_id)
        | Q(attachment__messages__key_message__goal_id=goal_id)
    ).values("pk")


def _activities(user: Any, filters: CalendarFilters) -> QuerySet[Activity]:
    """The activities the user sees that the filters keep (cancelled ones left out)."""
    activities = visible_activities(user).exclude(status=Activity.Status.CANCELLED)
    activities = activities.exclude(plan__status=Plan.Status.CANCELLED)
    if filters.unit_ids is not None:
        activities = activities.filter(
            Q(unit_id__in=filters.unit_ids) | Q(plan__unit_id__in=filters.unit_ids)
        )
    if filters.plan_id is not None:
        activities = activities.filter(plan_id=filters.plan_id)
    if filters.goal_id is not None:
        activities = activities.filter(
            Q(key_message__goal_id=filters.goal_id) | Q(plan__in=_goal_plans(filters.goal_id))
        )
    return activities


def _plans(user: Any, filters: CalendarFilters) -> QuerySet[Plan]:
    plans = visible_plans(user).exclude(status=Plan.Status.CANCELLED)
    if filters.unit_ids is not None:
        plans = plans.filter(unit_id__in=filters.unit_ids)
    if filters.plan_id is not None:
        plans = plans.filter(pk=filters.plan_id)
    if filters.goal_id is not None:
        plans = plans.filter(pk__in=_goal_plans(filters.goal_id))
    return plans


def _stories(user: Any, filters: CalendarFilters) -> QuerySet[Story]:
    stories = visible_stories(user)
    if filters.unit_ids is not None:
        stories = stories.filter(unit_id__in=filters.unit_ids)
    if filters.plan_id is not None or filters.goal_id is not None:
        # Only through the activity served, itself read from what the user sees.
        stories = stories.filter(activity__in=_activities(user, filters).order_by().values("pk"))
    return stories.select_related("unit").only(
        "pk", "headline", "status", "scheduled_for", "published_at", "unit__name"
    )


def _story_event(story: Story, kind: str, at: datetime) -> CalendarEvent:
    return CalendarEvent(
        uid=f"story-{story.pk}@{UID_DOMAIN}",
        kind=kind,
        title=story.headline,
        day=timezone.localtime(at).date(),
        at=at,
        unit_name=story.unit.name,
        url=reverse("newsroom:story", args=[story.pk]),
        status=str(story.get_status_display()),
    )


def calendar_events(user: Any, *, first: date, end: date, filters: CalendarFilters) -> Agenda:
    """What falls on the days ``first`` ≤ day < ``end`` for ``user``, in order (whole-day
    events first, then stories by their time). ``PermissionDenied`` for a non-member."""
    access_staff(user)
    start_at, end_at = _local_midnight(first), _local_midnight(end)
    events: list[CalendarEvent] = []

    stories = _stories(user, filters)
    for story in stories.filter(
        status=Story.Status.SCHEDULED, scheduled_for__gte=start_at, scheduled_for__lt=end_at
    ).order_by("scheduled_for", "pk"):
        if story.scheduled_for is not None:
            events.append(_story_event(story, SCHEDULED, story.scheduled_for))
    published = list(
        stories.filter(
            status__in=PUBLIC_STATUSES, published_at__gte=start_at, published_at__lt=end_at
        ).order_by("published_at", "pk")[: MAX_PUBLISHED + 1]
    )
    truncated = len(published) > MAX_PUBLISHED
    for story in published[:MAX_PUBLISHED]:
        if story.published_at is not None:
            events.append(_story_event(story, PUBLISHED, story.published_at))

    for activity in (
        _activities(user, filters)
        .filter(date__gte=first, date__lt=end)
        .select_related("plan", "unit")
        .order_by("date", "pk")
    ):
        events.append(
            CalendarEvent(
                uid=f"activity-{activity.pk}@{UID_DOMAIN}",
                kind=ACTIVITY,
                title=activity.title,
                day=activity.date,
                at=None,
                unit_name=activity.unit.name,
                url=reverse("plans:plan", args=[activity.plan_id]),
                status=str(activity.get_status_display()),
            )
        )

    approved_on: dict[int, date] = {}
    for object_id, created_at in AuditEntry.objects.filter(
        action="plans.plan.approve",
        object_type=Plan._meta.label_lower,
        created_at__gte=start_at,
        created_at__lt=end_at,
    ).values_list("object_id", "created_at"):
        if object_id.isdigit():
            approved_on[int(object_id)] = timezone.localtime(created_at).date()
    plans = _plans(user, filters).filter(
        Q(starts_on__gte=first, starts_on__lt=end)
        | Q(ends_on__gte=first, ends_on__lt=end)
        | Q(pk__in=list(approved_on))
    )
    for plan in plans.select_related("unit").order_by("pk"):
        url = reverse("plans:plan", args=[plan.pk])
        for kind, day in (
            (PLAN_START, plan.starts_on),
            (PLAN_END, plan.ends_on),
            (PLAN_APPROVED, approved_on.get(plan.pk)),
        ):
            if day is None or not first <= day < end:
                continue
            events.append(
                CalendarEvent(
                    uid=f"plan-{plan.pk}-{kind.removeprefix('plan_')}@{UID_DOMAIN}",
                    kind=kind,
                    title=plan.title,
                    day=day,
                    at=None,
                    unit_name=plan.unit.name,
                    url=url,
                    status=str(plan.get_status_display()),
                )
            )
    events.sort(key=CalendarEvent.sort_key)
    return Agenda(events=events, truncated=truncated)


# --- Pages ----------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    today: bool
    outside: bool  # shown to fill the month's first or last week
    events: list[CalendarEvent] = field(default_factory=list)

    @property
    def jalali(self) -> JalaliDate:
        return JalaliDate(self.day)

    @property
    def number(self) -> str:
        return to_persian_digits(self.jalali.day)

    @property
    def month_name(self) -> str:
        return JALALI_MONTHS[self.jalali.month - 1]

    @property
    def weekday(self) -> str:
        return str(WEEKDAYS[(self.day.weekday() - 5) % 7])

    @property
    def iso(self) -> str:
        return self.day.isoformat()


def month_grid(month: JalaliMonth) -> tuple[date, date]:
    """The whole weeks (Saturday to Friday) that cover the month: [first, end)."""
    first = week_start(month.first)
    end = week_start(month.end - timedelta(days=1)) + timedelta(days=7)
    return first, end


def lay_out(
    events: list[CalendarEvent], *, first: date, end: date, today: date, within: JalaliMonth | None
) -> list[CalendarDay]:
    """One cell per day from ``first`` to ``end``, each with its events."""
    by_day: dict[date, list[CalendarEvent]] = defaultdict(list)
    for event in events:
        by_day[event.day].append(event)
    days = []
    current = first
    while current < end:
        outside = within is not None and not within.first <= current < within.end
        days.append(CalendarDay(current, current == today, outside, by_day.get(current, [])))
        current += timedelta(days=1)
    return days


def week_label(first: date) -> str:
    """``۸ تا ۱۴ آذر ۱۴۰۵``, or across months ``۲۹ آبان تا ۵ آذر ۱۴۰۵``."""
    start, last = JalaliDate(first), JalaliDate(first + timedelta(days=6))
    if start.year != last.year:
        text = (
            f"{start.day} {JALALI_MONTHS[start.month - 1]} {start.year} "
            f"{_('تا')} {last.day} {JALALI_MONTHS[last.month - 1]} {last.year}"
        )
    elif start.month != last.month:
        text = (
            f"{start.day} {JALALI_MONTHS[start.month - 1]} {_('تا')} "
            f"{last.day} {JALALI_MONTHS[last.month - 1]} {last.year}"
        )
    else:
        text = f"{start.day} {_('تا')} {last.day} {JALALI_MONTHS[last.month - 1]} {last.year}"
    return to_persian_digits(text)
