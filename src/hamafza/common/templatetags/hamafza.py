"""Template filters for showing numbers and dates the way the reader's language expects.

Registered as builtins (settings.TEMPLATES), so templates need no ``{% load %}``.
"""

from datetime import date, datetime

from django import template
from django.utils import translation

from hamafza.common import jalali
from hamafza.common.persian import to_persian_digits

register = template.Library()


def _persian_ui() -> bool:
    return (translation.get_language() or "fa").split("-")[0] in {"fa", "ar"}


@register.filter
def fa_digits(value: object) -> str:
    """Persian digits in a Persian UI; unchanged otherwise."""
    if value is None:
        return ""
    return to_persian_digits(value) if _persian_ui() else str(value)


@register.filter
def fa_number(value: object) -> str:
    """An integer with thousands separators (Persian ٬ and digits in a Persian UI)."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return fa_digits(value)
    text = f"{number:,}"
    if _persian_ui():
        return to_persian_digits(text.replace(",", "٬"))
    return text


@register.filter
def jdate(value: date | datetime | None) -> str:
    return jalali.format_date(value)


@register.filter
def jdatetime(value: datetime | None) -> str:
    return jalali.format_datetime(value)


@register.filter
def jdate_numeric(value: date | datetime | None) -> str:
    return jalali.format_date_numeric(value)
