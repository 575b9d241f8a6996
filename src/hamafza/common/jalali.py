"""Jalali (Solar Hijri) formatting for display, in the active language.

Persian (and Arabic) show Jalali dates with Persian digits; English shows the Gregorian date,
as an English-reading journalist abroad expects.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from persiantools.jdatetime import JalaliDate, JalaliDateTime

from hamafza.common.persian import to_persian_digits

JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


def _persian_ui() -> bool:
    return (translation.get_language() or "fa").split("-")[0] in {"fa", "ar"}


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value: date | datetime | None) -> str:
    """``۶ آذر ۱۴۰۵`` (fa) or ``27 Nov 2026`` (en); empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    if not _persian_ui():
        return f"{value.day} {value:%b %Y}"
    jd = JalaliDate(value)
    return to_persian_digits(f"{jd.day} {JALALI_MONTHS[jd.month - 1]} {jd.year}")


def format_datetime(value: datetime | None) -> str:
    """``۶ آذر ۱۴۰۵، ۱۰:۳۰`` (fa) or ``27 Nov 2026, 10:30`` (en); empty for None."""
    if value is None:
        return ""
    local = _local(value)
    if not _persian_ui():
        return f"{local.day} {local:%b %Y, %H:%M}"
    jd = JalaliDateTime(local)
    text = f"{jd.day} {JALALI_MONTHS[jd.month - 1]} {jd.year}، {jd.hour:02d}:{jd.minute:02d}"
    return to_persian_digits(text)


def format_date_numeric(value: date | datetime | None) -> str:
    """``۱۴۰۵/۰۹/۰۶`` (fa) or ``2026-11-27`` (en): for tables and form values."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    if not _persian_ui():
        return value.isoformat()
    jd = JalaliDate(value)
    return to_persian_digits(f"{jd.year:04d}/{jd.month:02d}/{jd.day:02d}")


def parse_jalali_date(text: str) -> date:
    """Parse ``۱۴۰۵/۰۹/۰۶``, ``1405-9-6`` and similar into a Gregorian date.

    Raises ValueError with a Persian message when the text is not a valid Jalali date.
    """
    from hamafza.common.persian import to_ascii_digits

    cleaned = to_ascii_digits(text).strip().replace("-", "/").replace(".", "/")
    parts = cleaned.split("/")
    # isascii: str.isdigit() also accepts superscripts such as "²", which int() rejects.
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValueError(_("تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید."))
    year, month, day = (int(p) for p in parts)
    try:
        return JalaliDate(year, month, day).to_gregorian()
    except (ValueError, TypeError):
        raise ValueError(_("این تاریخ در تقویم شمسی وجود ندارد.")) from None


@dataclass(frozen=True, order=True)
class JalaliMonth:
    """A Jalali month as a half-open range of Gregorian dates: the oversight's "this month",
    the calendar's pages, the network view's months. Stored dates stay Gregorian; only the
    boundaries follow the Jalali calendar."""

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
        if self.month == 12:
            return JalaliMonth(self.year + 1, 1)
        return JalaliMonth(self.year, self.month + 1)

    @property
    def previous(self) -> "JalaliMonth":
        if self.month == 1:
            return JalaliMonth(self.year - 1, 12)
        return JalaliMonth(self.year, self.month - 1)

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
