"""Jalali months and weeks as Gregorian date ranges: the oversight's "this month" and the
calendar's pages. Stored dates stay Gregorian; only the boundaries follow the Jalali calendar."""

from dataclasses import dataclass
from datetime import date, timedelta

from persiantools.jdatetime import JalaliDate

from hamafza.common.jalali import JALALI_MONTHS
from hamafza.common.persian import to_persian_digits


@dataclass(frozen=True)
class JalaliMonth:
    year: int
    month: int  # 1–12

    @classmethod
    def of(cls, day: date) -> "JalaliMonth":
        jd = JalaliDate(day)
        return cls(jd.year, jd.month)

    @property
    def first(self) -> date:
        return JalaliDate(self.year, self.month, 1).to_gregorian()

    @property
    def next(self) -> "JalaliMonth":
        return (
            JalaliMonth(self.year + 1, 1)
            if self.month == 12
            else JalaliMonth(self.year, self.month + 1)
        )

    @property
    def previous(self) -> "JalaliMonth":
        return (
            JalaliMonth(self.year - 1, 12)
            if self.month == 1
            else JalaliMonth(self.year, self.month - 1)
        )

    @property
    def end(self) -> date:
        """The first day after the month (ranges are half-open)."""
        return self.next.first

    @property
    def days(self) -> int:
        return (self.end - self.first).days

    @property
    def label(self) -> str:
        return to_persian_digits(f"{JALALI_MONTHS[self.month - 1]} {self.year}")

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.month:02d}"


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
