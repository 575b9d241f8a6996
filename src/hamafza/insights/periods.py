"""Jalali months (``common.jalali.JalaliMonth``) and weeks as Gregorian date ranges: the
oversight's "this month" and the calendar's pages. Stored dates stay Gregorian; only the
boundaries follow the Jalali calendar."""

from datetime import date, timedelta

from persiantools.jdatetime import JalaliDate

from hamafza.common.jalali import JalaliMonth


def parse_month(text: str, *, default: date) -> JalaliMonth:
    """``1405-09`` → that month; anything unreadable → the month of ``default``."""
    try:
        year, month = (int(part) for part in text.split("-"))
    except ValueError:
        return JalaliMonth.of(default)
    if not (1300 <= year <= 1500 and 1 <= month <= 12):
        return JalaliMonth.of(default)
    return JalaliMonth(year, month)


def week_start(day: date) -> date:
    """The Saturday that starts the Iranian week containing ``day``."""
    # date.weekday(): Monday 0 … Saturday 5, Sunday 6.
    return day - timedelta(days=(day.weekday() - 5) % 7)


def day_slug(day: date) -> str:
    """The Jalali date in URLs: ``1405-09-08``."""
    jd = JalaliDate(day)
    return f"{jd.year}-{jd.month:02d}-{jd.day:02d}"


def parse_week(text: str, *, default: date) -> date:
    """``1405-09-08`` (any day of the week, Jalali) → the Saturday starting that week;
    anything unreadable → the week of ``default``."""
    try:
        year, month, day = (int(part) for part in text.split("-"))
        found = JalaliDate(year, month, day).to_gregorian()
    except (ValueError, TypeError):
        found = default
    return week_start(found)
