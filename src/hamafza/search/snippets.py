"""Highlighted snippets on the original text.

The index only knows search keys; what a reader sees is the text as written (tatweel, Arabic
letters, harakat and all). So each query word becomes a regular expression over the original
text that accepts every spelling the key folds together: each letter's variants (ی ي ى ئ,
ک ك, …), the three digit systems, tatweel, harakat and invisible marks between letters, and
a space or ZWNJ inside the word («می خواهد»). A word matches whole, with an inflectional
suffix («کتاب» marks «کتاب‌ها»), or as a prefix when it was typed with ``*``.

One compiled expression searched in C: a results page makes twenty snippets, and keying the
text word by word in Python measured 5 ms for a story without a match.
Everything outside ``<mark>`` is escaped: the result is safe to put in a page as it is.
"""

import html
import re
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

from hamafza.search.documents import plain_text
from hamafza.search.normalize import STEM_SUFFIXES
from hamafza.search.query import Query, Term

__all__ = ["highlight", "plain_text", "snippet"]

_VARIANTS = {
    "ی": "یيىئ",
    "ک": "کك",
    "ه": "هةۀۂە",
    "ا": "اآأإٱ",
    "و": "وؤ",
} | {str(d): f"{d}{chr(0x06F0 + d)}{chr(0x0660 + d)}" for d in range(10)}
# Tatweel, harakat and other marks, hamza, zero-width and bidi characters: skipped anywhere.
_NOISE = (
    "[\u0621\u0640\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u200b\u200d-\u200f\u202a-\u202e\u2066-\u2069\ufeff]*"
)
_JOINT = f"(?:[ \u200c\u00a0]{_NOISE})?"
_WORD_CHAR = r"[^\W_]"


def _letters(word: str) -> str:
    parts = []
    for char in word:
        variants = _VARIANTS.get(char)
        parts.append(f"[{re.escape(variants)}]" if variants else re.escape(char))
    return (_NOISE + _JOINT).join(parts) + _NOISE


def _term(term: Term) -> str:
    if term.prefix:
        ending = rf"{_WORD_CHAR}*"
    else:
        suffixes = "|".join(_letters(s) for s in STEM_SUFFIXES)
        ending = rf"(?:{_JOINT}(?:{suffixes}))?(?!{_WORD_CHAR})"
    return rf"(?<!{_WORD_CHAR}){_letters(term.word)}{ending}"


@lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str] | None:
    if not terms:
        return None
    longest_first = sorted(terms, key=lambda t: -len(t.word))
    return re.compile("|".join(_term(t) for t in longest_first), re.IGNORECASE)


def _render(text: str, pattern: re.Pattern[str] | None, start: int, end: int) -> str:
    out, position = [], start
    if pattern is not None:
        for match in pattern.finditer(text, start, end):
            if match.end() == match.start():
                continue
            out.append(html.escape(text[position : match.start()]))
            out.append(f"<mark>{html.escape(match.group())}</mark>")
            position = match.end()
    out.append(html.escape(text[position:end]))
    return "".join(out)


def highlight(text: str, query: Query) -> SafeString:
    """All of ``text``, escaped, with the words that match ``query`` marked."""
    return mark_safe(_render(text, _pattern(tuple(query.words())), 0, len(text)))  # noqa: S308


def snippet(text: str, query: Query, *, words: int = 32) -> SafeString:
    """About ``words`` words of ``text`` from just before its first match, marked and escaped.

    Without a match, the beginning of the text. An ellipsis shows where the text was cut.
    """
    text = " ".join(text.split())
    pattern = _pattern(tuple(query.words()))
    first = pattern.search(text) if pattern is not None else None
    start = 0
    if first is not None:
        # Back up four words, so the match reads in context.
        start = first.start()
        for _ in range(4):
            space = text.rfind(" ", 0, max(start - 1, 0))
            if space < 0:
                start = 0
                break
            start = space + 1
    end = start
    for _ in range(words):
        space = text.find(" ", end + 1)
        if space < 0:
            end = len(text)
            break
        end = space
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(before + _render(text, pattern, start, end) + after)  # noqa: S308
