from hamafza.common.persian import to_ascii_digits, to_persian_digits


def test_to_persian_digits_converts_only_digits():
    assert to_persian_digits("کد 102685، ساعت 10:30") == "کد ۱۰۲۶۸۵، ساعت ۱۰:۳۰"


def test_to_persian_digits_accepts_any_value():
    assert to_persian_digits(500) == "۵۰۰"


def test_to_ascii_digits_from_persian_and_arabic_indic():
    assert to_ascii_digits("۱۴۰۵/٠٩/۰۶") == "1405/09/06"


def test_to_ascii_digits_drops_bidi_and_zero_width_marks():
    assert to_ascii_digits("\u200f۰۹۱۲\u200e ۱۲۳\u2066۴\u2069\ufeff") == "0912 1234"


def test_round_trip():
    assert to_ascii_digits(to_persian_digits("0123456789")) == "0123456789"
