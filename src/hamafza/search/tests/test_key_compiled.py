"""The compiled search key (``_key.c``) is the Python pipeline, only faster: both paths give
the same key and the same stems on any text. In CI the extension must have been built."""

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamafza.search import normalize
from hamafza.search.normalize import STOPWORDS, index_parts, search_key

compiled = normalize._compiled()
needs_compiled = pytest.mark.skipif(compiled is None, reason="the C extension was not built")

ZWNJ = "\u200c"
# Words and pieces that exercise every rule: affixes on their own (joined or not), stop words,
# stem suffixes, letter variants, digits, marks, invisible characters, Latin case, punctuation.
PIECES = [
    *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    *"يىكةۀأإآٱؤئء",
    *"۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789",
    "\u064e", "\u0651", "\u0670", "ـ", ZWNJ, "\u200d", "\u200f", "\u2067", "\u00a0", "\ufeff",
    " ", " ", " ", "  ", "\n", "\t", "،", "؛", "؟", ".", "!", "«", "»", "-", "_", "(", "\x00",
    "A", "b", "Z", "ẞ", "İ", "ß", "Σ", "ﬁ",
    "می", "نمی", "بی", "هم", "ها", "های", "هایی", "هایشان", "ترین", "تر", "ای", "ام", "اش",
    "ان", "یان", "ات", "ی", "کتاب", "خواهد", "مددجو", "افزایی", "بزرگ", *sorted(STOPWORDS),
    "ﻣﺸﺎﻭﺭ",  # presentation forms: NFKC, so the Python path
    "\U0001d400",  # outside the BMP: the Python path
]  # fmt: skip
MIXED = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


def test_built_in_ci():
    """CI installs with a compiler: a missing extension there is a failure, not a skip."""
    if os.environ.get("CI") == "true":
        assert compiled is not None


def _same_parts(text: str) -> None:
    key, stems = index_parts(text)
    python_key, python_stems = normalize._index_parts_python(text)
    assert key == python_key
    # Stems are a bag of words (the Python path lists some in set order): compare as sets;
    # both are free of duplicates.
    assert sorted(stems.split()) == sorted(python_stems.split())
    assert len(stems.split()) == len(set(stems.split()))
    assert normalize._key(text) == normalize._key_python(text) == key


@needs_compiled
@settings(max_examples=1500, deadline=None)
@given(MIXED)
def test_same_as_python_on_persian_pieces(text):
    _same_parts(text)


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_same_as_python_on_any_text(text):
    _same_parts(text)


@needs_compiled
@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "می",
        "می می خواهد",
        "کتاب ها ها",
        "ها کتاب",
        "نمی خواهد های",
        "می ها",
        "و در به",
        "کتابهایی مددجویان هم افزایی",
        "ی" * 200,
        "ب" * 70 + " ها",
        "ﻣﺸــﺎﻭﺭ می خواهد",
        "Σίσυφος ẞ ﬁne",
        "a\x00b",
    ],
)
def test_same_as_python_on_edges(text):
    _same_parts(text)


@needs_compiled
def test_the_seed_story():
    seed = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..", "shared")
    path = os.path.join(seed, "seeds", "000_2d0e860523311ed6.txt")
    if not os.path.exists(path):
        pytest.skip("the seed document is outside this checkout")
    with open(path, encoding="utf-8") as f:
        _same_parts(f.read())


def test_pure_python_switch(monkeypatch):
    """``HAMAFZA_PURE_PYTHON_KEY`` turns the compiled path off (for comparisons)."""
    monkeypatch.setenv("HAMAFZA_PURE_PYTHON_KEY", "1")
    normalize._compiled.cache_clear()
    try:
        assert normalize._compiled() is None
        assert search_key("می خواهد") == "میخواهد"
    finally:
        monkeypatch.delenv("HAMAFZA_PURE_PYTHON_KEY")
        normalize._compiled.cache_clear()
        normalize._compiled()
