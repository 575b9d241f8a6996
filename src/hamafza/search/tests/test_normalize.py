"""The Persian search key folds every spelling variant both ways and is safe on any input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamafza.search.normalize import index_parts, search_key

ZWNJ = "\u200c"

# (a way of writing it, another way) — each pair must fold to the same key, in both directions.
VARIANTS = [
    ("کتاب", "كتاب"),  # Arabic kaf
    ("ایران", "ايران"),  # Arabic yeh
    ("مصطفی", "مصطفى"),  # alef maksura
    ("مشاور", "مشــاور"),  # tatweel
    ("مشاور", "ﻣﺸﺎﻭﺭ"),  # presentation forms
    ("مشاور", "مُشاوِر"),  # harakat
    ("۵۰۰", "500"),
    ("۵۰۰", "٥٠٠"),  # Arabic-Indic digits
    ("می خواهد", f"می{ZWNJ}خواهد"),
    ("می خواهد", "میخواهد"),
    ("نمی شود", f"نمی{ZWNJ}شود"),
    ("کتاب ها", f"کتاب{ZWNJ}ها"),
    ("کتاب های", "کتابهای"),
    ("بزرگ ترین", f"بزرگ{ZWNJ}ترین"),
    ("خانه ای", f"خانه{ZWNJ}ای"),
    ("هم افزایی", f"هم{ZWNJ}افزایی"),
    ("هم افزایی", "همافزایی"),
    ("سلام", "\u200fسلام\u200e"),  # bidi marks
    ("سلام", "\u2067سلام\u2069"),  # isolates
    ("سلام", "سل\u200bام"),  # a zero-width space inside is dropped
    ("مسئول", "مسیول"),
    ("رئیس", "رییس"),
    ("آموزش", "اموزش"),
    ("توانمندی جامعه", "توانمندي جامعه"),
    ("Welfare", "WELFARE"),
    ("بهزیستی، کشور!", "بهزیستی کشور"),  # punctuation
]


@pytest.mark.parametrize(("one", "other"), VARIANTS)
def test_variants_fold_to_one_key_both_ways(one, other):
    assert search_key(one) == search_key(other)
    assert search_key(other) == search_key(one)
    assert search_key(one)  # not folded away to nothing


def test_the_seed_article_keys_match_its_messy_spellings():
    seed = "مشــاور امــور فرابخشــی با حضور بیش از ۵۰۰ فعال که می خواهد"
    key = search_key(seed)
    for query in ["مشاور امور فرابخشی", "500 فعال", f"می{ZWNJ}خواهد", "میخواهد"]:
        assert search_key(query) in key


def test_index_parts_keeps_stems_of_detached_affixes_apart_from_the_key():
    key, stems = index_parts("هم افزایی در کتاب ها")
    assert key == "همافزایی کتابها"
    assert stems.split() == ["افزایی", "کتاب", "همافزای"]


def test_stop_words_are_left_out_of_documents_and_queries_alike():
    assert search_key("روابط عمومی و ارتباطات در سازمان") == "روابط عمومی ارتباطات سازمان"
    assert search_key("در") == ""
    assert search_key("است") == search_key("اَست") == ""


def test_index_parts_lists_stems_of_inflected_words():
    _key, stems = index_parts("کتابهایی برای مددجویان بزرگترین در")
    assert set(stems.split()) == {"کتاب", "مددجو", "بزرگ"}


def test_original_text_is_not_what_is_returned():
    assert search_key("مشــاور") != "مشــاور"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_is_idempotent(text):
    key = search_key(text)
    assert search_key(key) == key
    doc_key, stems = index_parts(text)
    assert doc_key == key
    assert search_key(stems) == stems or not stems.strip()


PERSIAN = st.text(
    alphabet=st.sampled_from(
        [
            *"ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإآؤئءـ۰۱۲۳۴۵٦٧ ،؛؟",
            ZWNJ,
            "\u200f",
            "\u064e",
            "\u0651",
        ]
    ),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(PERSIAN)
def test_persian_noise_is_idempotent_and_clean(text):
    key = search_key(text)
    assert search_key(key) == key
    for banned in ["ي", "ك", "ة", "ـ", ZWNJ, "\u200f", "\u064e", "\u0651", "۵", "٦"]:
        assert banned not in key


def test_odd_inputs():
    assert search_key("") == ""
    assert search_key("\x00") == ""
    assert search_key("!!!…؟؟") == ""
    assert search_key('"OR" AND NEAR(*)') == "or and near"
    long = "کتاب " * 2000
    assert search_key(long).count("کتاب") == 2000


# --- Every variant class, generated: a word as typed one way and another must meet ---------

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_ARABIC = {"ی": ["ي", "ى"], "ک": ["ك"], "ه": ["ة"], "ا": ["أ", "إ"], "و": ["ؤ"]}
_PRESENTATION = {"ب": "ﺑ", "م": "ﻣ", "ش": "ﺷ", "ک": "ﮐ", "ی": "ﯾ", "ل": "ﻟ", "ن": "ﻧ", "ه": "ﻫ"}
words = st.text(alphabet=LETTERS, min_size=2, max_size=8).filter(
    lambda w: search_key(w) == w  # not a stop word, no affix of its own
)


@st.composite
def misspelled(draw, word: str) -> str:
    """``word`` as a careless or different keyboard might produce it."""
    out = []
    for i, char in enumerate(word):
        kind = draw(st.sampled_from(["same", "arabic", "presentation", "tatweel", "haraka"]))
        if kind == "arabic" and char in _ARABIC:
            out.append(draw(st.sampled_from(_ARABIC[char])))
        elif kind == "presentation" and char in _PRESENTATION:
            out.append(_PRESENTATION[char])
        elif kind == "tatweel" and 0 < i < len(word) - 1:
            out.append(char + "ـ" * draw(st.integers(1, 3)))
        elif kind == "haraka":
            out.append(char + draw(st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651"])))
        else:
            out.append(char)
    noise = draw(st.sampled_from(["", "\u200f", "\u200e", "\u200b", "\u2067"]))
    return noise + "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.data(), words)
def test_generated_letter_variants_fold_both_ways(data, word):
    typed = data.draw(misspelled(word))
    assert search_key(typed) == search_key(word)
    assert search_key(word) == search_key(typed)


@settings(max_examples=100, deadline=None)
@given(
    st.data(), words, st.sampled_from(["می", "نمی", "بی", "هم"]), st.sampled_from(["", ZWNJ, " "])
)
def test_generated_prefix_spellings_fold_both_ways(data, word, prefix, joint):
    other = data.draw(st.sampled_from(["", ZWNJ, " "]))
    assert search_key(prefix + joint + word) == search_key(prefix + other + word)


@settings(max_examples=100, deadline=None)
@given(words, st.sampled_from(["ها", "های", "هایی", "ترین", "تر", "ام", "ات", "اش"]))
def test_generated_suffix_spellings_fold_both_ways(word, suffix):
    keys = {search_key(word + joint + suffix) for joint in ["", ZWNJ, " "]}
    assert len(keys) == 1


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_generated_numbers_fold_across_digit_systems(number):
    ascii_digits = str(number)
    persian = ascii_digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    arabic = ascii_digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert search_key(persian) == search_key(arabic) == search_key(ascii_digits) == ascii_digits
