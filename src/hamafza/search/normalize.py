"""The Persian search key: one function applied to documents and queries alike.

Persian as people type it has many spellings of the same word. ``search_key`` folds them to
one form so that whichever way the writer and the searcher typed, the words meet:

1. Unicode NFKC: Arabic presentation forms (ﻻ، ﺑ، ﮐ …) become ordinary letters.
2. Letter variants: Arabic ي ى → ی, ك → ک, ة ۀ → ه, أ إ آ ٱ → ا, ؤ → و, ئ → ی; the bare
   hamza ء and the hamza above are dropped.
3. Digits: Persian ۰–۹ and Arabic-Indic ٠–٩ → ASCII 0–9.
4. Harakat (fatha, kasra, tanwin, shadda, sukun, superscript alef …) and tatweel (ـ) removed.
5. Bidi controls and zero-width characters removed; ZWNJ marks a word's inner joint.
6. Latin letters case-folded; punctuation (Persian and Latin) becomes a space.
7. Affixes: the prefixes می، نمی، بی، هم and the suffixes ها، های، هایی، ای، ام، ات، اش، ایم،
   اید، اند، تر، ترین… are joined to their word whether they were written with a space, a
   ZWNJ or joined: «می خواهد»، «می‌خواهد» and «میخواهد» all become «میخواهد».

8. Stop words: the commonest function words (و، در، به، از، که، این، را، با، است …) are left
   out, as in Elasticsearch's Persian analyzer: they are in nearly every story, so requiring
   them finds nothing more, and skipping them makes the index a third smaller and faster to
   build. A phrase keeps working: its stop words are skipped in the text and the query alike.

``search_key`` is idempotent (``search_key(search_key(t)) == search_key(t)``) and never raises.
Original text is kept for display; only the index and the query use the key.

**Compiled.** The same pipeline runs in C when the extension ``hamafza.search._key`` was
built at installation (``_key.c``; optional, a compiler is needed): this module hands it every
table (``_compiled``), and tests compare both paths on generated text. Text the C code does
not handle (characters outside the BMP, or text NFKC would change once folded) takes the
Python path below, which stays the reference.

For documents, ``index_parts`` also lists stems, so that a search for a stem finds its
inflected forms: the bare word of one written with a separate affix («هم افزایی» → «افزایی»),
and the word without an inflectional suffix written joined («کتابهایی» → «کتاب»,
«مددجویان» → «مددجوی»). The index keeps them in a field of their own, so they never break
phrase matching on the key. Doing this when indexing makes a stem an exact lookup at query
time; a prefix scan over a common word (FTS5 or GIN) measured 10-30x slower.
"""

import os
import re
import unicodedata
from functools import cache, lru_cache, partial
from itertools import filterfalse
from operator import methodcaller
from types import ModuleType

_LETTERS = {
    "ي": "ی",  # Arabic yeh
    "ى": "ی",  # alef maksura
    "ئ": "ی",  # yeh with hamza
    "ك": "ک",  # Arabic kaf
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",  # heh with yeh above
    "ۂ": "ه",
    "ە": "ه",
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "ء": "",  # standalone hamza
    "ـ": "",  # tatweel
}
_DIGITS = {chr(0x06F0 + i): str(i) for i in range(10)} | {
    chr(0x0660 + i): str(i) for i in range(10)
}
# Harakat and other combining Arabic marks (incl. hamza above/below and superscript alef).
_MARKS = {chr(c): "" for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]}
# Bidi controls and zero-width characters other than ZWNJ.
_INVISIBLE = {
    chr(c): ""
    for c in [
        0x200B,
        0x200D,
        0x200E,
        0x200F,
        0x2060,
        0xFEFF,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
}
ZWNJ = "\u200c"
# ZWNJ and the no-break spaces separate like a space; the affix joining below decides what
# belongs together.
_SPACES = dict.fromkeys([ZWNJ, "\u00a0", "\u2007", "\u202f"], " ")
_MAP = _LETTERS | _DIGITS | _MARKS | _INVISIBLE | _SPACES
MAX_WORD = 64  # longer words are cut: no one searches for them whole

PREFIXES = ("نمی", "می", "بی", "هم")
SUFFIXES = (
    "هایمان", "هایتان", "هایشان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
    "ترین", "تر", "ایم", "اید", "اند", "ای", "ام", "ات", "اش",
)  # fmt: skip
# A detached prefix, and a detached suffix, in single-spaced text (" " is the only separator).
_PREFIX = re.compile(r"(?<!\S)(?:" + "|".join(PREFIXES) + ") ")
_PREFIX_SPACED = tuple(f" {prefix} " for prefix in PREFIXES)
_PREFIX_FIRST = tuple(f"{prefix} " for prefix in PREFIXES)
_SUFFIX = re.compile(r" (?:" + "|".join(SUFFIXES) + r")(?!\S)")


@lru_cache(maxsize=65536)
def _replacement(char: str) -> str | None:
    """What ``char`` becomes in a key (None: it stays). Cached: text has few distinct characters."""
    if char in _MAP:
        return _MAP[char]
    if char.isspace():
        return None if char == " " else " "
    if not char.isalnum():
        return " "  # punctuation, symbols, marks of other scripts: a separator
    folded = char.casefold()
    if folded == char:
        return None
    # Casefolding may decompose (ῢ → υ and two combining marks); the marks separate, as they
    # would anywhere else, so that folding twice changes nothing more.
    return "".join(c if c.isalnum() else " " for c in folded)


@cache
def _changing_class() -> re.Pattern[str]:
    """A regex character class of every character that ``_replacement`` changes.

    The regex engine tests a character class as a bitmap, so one pass finds the few distinct
    characters to replace. Measured on a 2 KB article: 6-10x faster than ``set(text)`` (which
    makes an object per non-Latin character), str.translate with a dict, or re.sub with a
    callback per match. Characters outside the BMP are all listed and decided one by one.
    Built on first use (tens of milliseconds), with regex passes over the BMP.
    """
    bmp = "".join(map(chr, [*range(0xD800), *range(0xE000, 0x10000)]))
    changing = set(_MAP)
    changing.update(re.findall(r"[^\w\s]|_|[^\S ]", bmp))
    changing.update(c for c in re.findall(r"[^\W\d_]", bmp) if c.casefold() != c)
    codes = sorted(map(ord, changing))
    ranges: list[str] = []
    start = previous = codes[0]
    for code in [*codes[1:], -1]:
        if code != previous + 1:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
            start = code
        previous = code
    return re.compile("[" + "".join(ranges) + "\U00010000-\U0010ffff]")


def _fold(text: str) -> str:
    for char in set(_changing_class().findall(text)):
        new = _replacement(char)
        if new is not None:
            text = text.replace(char, new)
    return text


def _clean(text: str) -> str:
    """Letters, digits and marks folded; words separated by single spaces."""
    text = _fold(text)
    if not unicodedata.is_normalized("NFKC", text):
        # Presentation forms and other compatibility characters become ordinary letters, which
        # may fold further (ﻙ → ك → ک). Folding first spares most text this slow step: a
        # no-break space alone would otherwise cost NFKC over the whole document.
        text = _fold(unicodedata.normalize("NFKC", text))
    words = text.split()
    if words and max(map(len, words)) > MAX_WORD:
        words = [word[:MAX_WORD] for word in words]
    return " ".join(words)


def _join(text: str, stems: list[str] | None) -> str:
    """Join detached affixes to their words; collect the bare words in ``stems`` if given.

    Only the places where an affix stands alone cost Python work; most text has few.
    """

    def prefixed(match: re.Match[str]) -> str:
        if stems is not None:
            end = text.find(" ", match.end())
            stems.append(text[match.end() : end if end >= 0 else len(text)])
        return match.group()[:-1]

    def suffixed(match: re.Match[str]) -> str:
        if stems is not None:
            start = text.rfind(" ", 0, match.start()) + 1
            stems.append(text[start : match.start()])
        return match.group()[1:]

    # Plain substring tests first: the regex's look-behind keeps it from skipping ahead.
    if any(p in text for p in _PREFIX_SPACED) or text.startswith(_PREFIX_FIRST):
        text = _PREFIX.sub(prefixed, text)
    if _SUFFIX.search(text):
        text = _SUFFIX.sub(suffixed, text)
    return text


@lru_cache(maxsize=4096)
def _key_cached(text: str) -> str:
    return _key(text)


def search_key(text: str) -> str:
    """The normalised form of ``text`` for searching (see the module docstring)."""
    if not text:
        return ""
    if len(text) <= 200:
        return _key_cached(text)
    return _key(text)


def _key(text: str) -> str:
    compiled = _compiled()
    if compiled is not None:
        key = compiled.key(text)
        if key is not None:
            return key
    return _key_python(text)


def _key_python(text: str) -> str:
    return _drop_stopwords(_join(_clean(text), None))


STOPWORDS = frozenset(
    {
        "و", "در", "به", "از", "که", "این", "آن", "را", "با", "برای", "است", "بود", "شد",
        "شده", "تا", "بر", "یا", "نیز", "یک", "خود", "هر", "اما", "اگر", "پس", "چه", "چون",
        "کرد", "کند", "شود", "باشد", "دارد", "گفت", "ای", "ها", "های",
    }
)  # fmt: skip


def _drop_stopwords(key: str) -> str:
    # filterfalse over a set's __contains__: the loop stays in C (a third of the time).
    return " ".join(filterfalse(STOPWORDS.__contains__, key.split(" ")))


# Inflectional suffixes stripped for stems, longest first; a stem keeps at least 3 letters.
STEM_SUFFIXES = (
    "هایشان", "هایتان", "هایمان", "هایی", "هایم", "هایت", "هایش", "های", "ها",
    "ترین", "تر", "یان", "ان", "ات", "ای", "ی",
)  # fmt: skip
_MIN_STEM = 3


_STEM_SUFFIX_SET = frozenset(STEM_SUFFIXES)
_ENDS_INFLECTED = methodcaller("endswith", STEM_SUFFIXES)
_STEM_LENGTHS = sorted({len(suffix) for suffix in STEM_SUFFIXES}, reverse=True)


def _inflection_stems(key: str) -> list[str]:
    """Each distinct word less its longest inflectional suffix (a set lookup per suffix
    length: looping over the suffixes was most of the keying time)."""
    stems = []
    for word in filter(_ENDS_INFLECTED, set(key.split())):  # the test in C, not a loop
        for length in _STEM_LENGTHS:
            if word[-length:] in _STEM_SUFFIX_SET:
                if len(word) - length >= _MIN_STEM:
                    stems.append(word[:-length])
                break
    return stems


def index_parts(text: str) -> tuple[str, str]:
    """For a document: (its search key, the stems of its inflected words; see above)."""
    if not text:
        return "", ""
    compiled = _compiled()
    if compiled is not None:
        parts = compiled.index_parts(text)
        if parts is not None:
            return parts
    return _index_parts_python(text)


def _index_parts_python(text: str) -> tuple[str, str]:
    stems: list[str] = []
    key = _drop_stopwords(_join(_clean(text), stems))
    stems += _inflection_stems(key)
    return key, " ".join([s for s in dict.fromkeys(stems) if s not in STOPWORDS])


@cache
def _compiled() -> ModuleType | None:
    """The C pipeline (``_key.c``) set up with this module's tables, or None when it was not
    built (or ``HAMAFZA_PURE_PYTHON_KEY`` is set). Setting it up maps the whole BMP through
    ``_replacement`` once per process (~0.1 s)."""
    if os.environ.get("HAMAFZA_PURE_PYTHON_KEY"):
        return None
    try:
        from hamafza.search import _key as compiled
    except ImportError:
        return None
    if compiled.is_ready():
        return compiled
    bmp = "".join(map(chr, range(0x10000)))
    table: list[str | None] = [None] * 0x10000
    for match in _changing_class().finditer(bmp):
        table[match.start()] = _replacement(match.group())
    compiled.setup(
        table,
        sorted(STOPWORDS),
        PREFIXES,
        SUFFIXES,
        STEM_SUFFIXES,
        _MIN_STEM,
        MAX_WORD,
        partial(unicodedata.is_normalized, "NFKC"),
    )
    return compiled
