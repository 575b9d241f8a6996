"""Persian text helpers used at render time and when reading user input.

Stored data stays ASCII and UTC; only what is shown is converted.
"""

_FA_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
_AR_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_FA = str.maketrans("0123456789", _FA_DIGITS)
_TO_ASCII = str.maketrans(_FA_DIGITS + _AR_DIGITS, "0123456789" * 2)
# Bidi marks and zero-width characters that copy/paste drags into numbers and codes.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200e\u200f\u200b\u200c\u200d\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e\ufeff",
    )
)


def to_persian_digits(value: object) -> str:
    """ASCII digits in ``str(value)`` become Persian digits; nothing else changes."""
    return str(value).translate(_TO_FA)


def to_ascii_digits(value: str) -> str:
    """Persian and Arabic-Indic digits become ASCII; bidi and zero-width marks are dropped."""
    return value.translate(_TO_ASCII).translate(_INVISIBLE)
