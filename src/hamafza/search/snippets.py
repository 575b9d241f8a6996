"""Highlighted snippets on the original text.

The index only knows search keys; what a reader sees is the text as written (tatweel, Arabic
letters and all). Each whitespace-separated piece of the original is keyed on its own, a
piece that is a detached prefix or suffix is keyed together with its neighbour («می خواهد»),
and pieces whose key matches a query word are wrapped in ``<mark>``. Everything else is
escaped: the result is safe to put in a page as it is.
"""

import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from hamafza.search.normalize import PREFIXES, SUFFIXES, search_key
from hamafza.search.query import Query, Term

_PIECE = re.compile(r"\S+")
_PREFIX_SET = frozenset(PREFIXES)
_SUFFIX_SET = frozenset(SUFFIXES)
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    key: str


def plain_text(markup: str) -> str:
    """Text of sanitized HTML (story bodies): tags become spaces, entities characters."""
    return html.unescape(_TAG.sub(" ", markup or ""))


def _pieces(text: str) -> list[_Piece]:
    return [_Piece(m.start(), m.end(), search_key(m.group())) for m in _PIECE.finditer(text)]


def _matches(key: str, words: list[Term]) -> bool:
    for word in key.split():
        for term in words:
            if word == term.word or (term.prefix and word.startswith(term.word)):
                return True
    return False


def _marked(pieces: list[_Piece], words: list[Term]) -> list[bool]:
    marked = [False] * len(pieces)
    for i, piece in enumerate(pieces):
        if not piece.key:
            continue
        if _matches(piece.key, words):
            marked[i] = True
        if i + 1 < len(pieces):
            following = pieces[i + 1].key
            if (piece.key in _PREFIX_SET or following in _SUFFIX_SET) and _matches(
                piece.key + following, words
            ):
                marked[i] = marked[i + 1] = True
    return marked


def _render(text: str, pieces: list[_Piece], marked: list[bool], first: int, last: int) -> str:
    out: list[str] = []
    position = pieces[first].start
    for i in range(first, last + 1):
        piece = pieces[i]
        out.append(html.escape(text[position : piece.start]))
        word = html.escape(text[piece.start : piece.end])
        out.append(f"<mark>{word}</mark>" if marked[i] else word)
        position = piece.end
    return "".join(out)


def highlight(text: str, query: Query) -> SafeString:
    """All of ``text``, escaped, with the words that match ``query`` marked."""
    pieces = _pieces(text)
    if not pieces:
        return mark_safe(html.escape(text))  # noqa: S308 - escaped just now
    marked = _marked(pieces, query.words())
    return mark_safe(_render(text, pieces, marked, 0, len(pieces) - 1))  # noqa: S308


def snippet(text: str, query: Query, *, words: int = 32) -> SafeString:
    """A window of about ``words`` words of ``text`` with the most matches, marked and escaped.

    Without a match, the beginning of the text. An ellipsis shows where the text was cut.
    """
    pieces = _pieces(text)
    if not pieces:
        return mark_safe("")
    marked = _marked(pieces, query.words())
    size = min(words, len(pieces))
    best_start, best_count, count = 0, -1, sum(marked[:size])
    for start in range(len(pieces) - size + 1):
        if start:
            count += marked[start + size - 1] - marked[start - 1]
        if count > best_count:
            best_start, best_count = start, count
    # Begin a few words before the first match in the window, so it reads in context.
    first_match = next((i for i in range(best_start, best_start + size) if marked[i]), best_start)
    start = max(0, min(best_start, first_match - 4))
    end = min(len(pieces), start + size) - 1
    body = _render(text, pieces, marked, start, end)
    before = "… " if start > 0 else ""
    after = " …" if end < len(pieces) - 1 else ""
    return mark_safe(before + body + after)  # noqa: S308
