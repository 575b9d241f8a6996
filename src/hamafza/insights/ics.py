"""The editorial calendar as iCalendar (RFC 5545), for a unit's people to load into their own
calendar program.

Every event keeps its UID from one export to the next (``story-12@hamafza``, ``activity-7@…``,
``plan-3-start@…``), so importing a newer file updates events instead of doubling them — a
scheduled story that is then published stays the same event. Times are UTC; whole-day events
run from Tehran midnight to the next. Summaries are Persian; URL is the event's desk page.
"""

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from hamafza.insights.calendar import CalendarEvent

STORY_LENGTH = timedelta(minutes=30)


def _bounds(event: CalendarEvent) -> tuple[datetime, datetime]:
    if event.at is not None:
        start = event.at.astimezone(UTC)
        return start, start + STORY_LENGTH
    start = timezone.make_aware(datetime.combine(event.day, time.min))
    end = timezone.make_aware(datetime.combine(event.day + timedelta(days=1), time.min))
    return start.astimezone(UTC), end.astimezone(UTC)


def to_ics(events: list[CalendarEvent], *, name: str, absolute: Callable[[str], str]) -> bytes:
    """The calendar called ``name``; ``absolute`` turns a desk path into a full address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Hamafza//Editorial calendar//FA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "UTC")
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for item in events:
        start, end = _bounds(item)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", item.summary)
        event.add("description", f"{item.unit_name} · {item.status}")
        event.add("url", absolute(item.url))
        event.add("categories", [item.kind_label])
        calendar.add_component(event)
    return calendar.to_ical()
