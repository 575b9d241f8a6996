"""The template filters registered as builtins: digits and numbers in the reader's language."""

from datetime import UTC, datetime

import pytest
from django.template import engines
from django.utils import translation

from hamafza.common.templatetags.hamafza import fa_digits, fa_number


def _render(source: str, **context: object) -> str:
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(102685, "۱۰۲۶۸۵"), ("ساعت 10:30", "ساعت ۱۰:۳۰"), (None, ""), ("", "")],
)
def test_fa_digits_in_persian(value, expected):
    with translation.override("fa"):
        assert fa_digits(value) == expected


def test_fa_digits_unchanged_in_english():
    with translation.override("en"):
        assert fa_digits(102685) == "102685"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234567, "۱٬۲۳۴٬۵۶۷"), ("500", "۵۰۰"), (-1200, "-۱٬۲۰۰"), ("۱۲۳۴", "۱٬۲۳۴")],
)
def test_fa_number_in_persian(value, expected):
    with translation.override("fa"):
        assert fa_number(value) == expected


def test_fa_number_in_english():
    with translation.override("en"):
        assert fa_number(1234567) == "1,234,567"


@pytest.mark.parametrize(
    ("value", "expected"), [("12.5", "۱۲.۵"), ("نامعلوم", "نامعلوم"), (None, "")]
)
def test_fa_number_falls_back_to_digits_for_non_integers(value, expected):
    with translation.override("fa"):
        assert fa_number(value) == expected


def test_filters_are_builtins_in_templates():
    with translation.override("fa"):
        rendered = _render(
            "{{ n|fa_number }} {{ code|fa_digits }} {{ when|jdate }}",
            n=1500,
            code=102685,
            when=datetime(2026, 11, 27, 12, 0, tzinfo=UTC),
        )
    assert rendered == "۱٬۵۰۰ ۱۰۲۶۸۵ ۶ آذر ۱۴۰۵"
