"""Jalali formatting at render time (Persian digits in fa, Gregorian in en) and parsing."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from hamafza.common.jalali import (
    format_date,
    format_date_numeric,
    format_datetime,
    parse_jalali_date,
)

# 12:00 UTC is 15:30 in Tehran, still 6 Azar 1405.
NOON_UTC = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
# 22:00 UTC is already the next day in Tehran (01:30 on 7 Azar).
LATE_UTC = datetime(2026, 11, 27, 22, 0, tzinfo=UTC)


@pytest.fixture
def fa():
    with translation.override("fa"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


def test_format_date_in_persian(fa):
    assert format_date(NOON_UTC) == "۶ آذر ۱۴۰۵"


def test_format_date_uses_tehran_time(fa):
    assert format_date(LATE_UTC) == "۷ آذر ۱۴۰۵"


def test_format_date_of_a_plain_date(fa):
    assert format_date(date(2026, 3, 21)) == "۱ فروردین ۱۴۰۵"


def test_format_datetime_in_persian(fa):
    assert format_datetime(NOON_UTC) == "۶ آذر ۱۴۰۵، ۱۵:۳۰"


def test_format_date_numeric_in_persian(fa):
    assert format_date_numeric(NOON_UTC) == "۱۴۰۵/۰۹/۰۶"


def test_english_gets_gregorian(en):
    assert format_date(NOON_UTC) == "27 Nov 2026"
    assert format_datetime(NOON_UTC) == "27 Nov 2026, 15:30"
    assert format_date_numeric(NOON_UTC) == "2026-11-27"


@pytest.mark.parametrize("formatter", [format_date, format_datetime, format_date_numeric])
def test_none_formats_as_empty(formatter):
    assert formatter(None) == ""


@pytest.mark.parametrize(
    "text",
    [
        "۱۴۰۵/۰۹/۰۶",
        "1405-9-6",
        "1405.09.06",
        "١٤٠٥/٠٩/٠٦",  # Arabic-Indic digits
        "\u200f۱۴۰۵/۰۹/۰۶\u200e",  # bidi marks pasted around the text
        " 1405/09/06 ",
    ],
)
def test_parse_jalali_date_accepts(text):
    assert parse_jalali_date(text) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1405/13/01", "وجود ندارد"),
        ("1405/12/31", "وجود ندارد"),
        ("0/1/1", "وجود ندارد"),
        ("فردا", "به شکل"),
        ("1405/09", "به شکل"),
        ("", "به شکل"),
        ("1405/09/06/01", "به شکل"),
        ("¹⁴⁰⁵/۰۹/۰۶", "به شکل"),  # superscripts look like digits to str.isdigit()
    ],
)
def test_parse_jalali_date_rejects_with_persian_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_jalali_date(text)
