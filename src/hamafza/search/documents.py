"""Documents as callers describe them and rows as the index stores them (no Django here, so
worker processes can turn documents into rows without setting Django up).

A row's ``id`` is its *sort key*: ``(epoch seconds << 31) | object_id``. The index walks
rows newest first by it and a date range is a range of it; ``object_id`` must be below 2**31.
"""

import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from hamafza.search.normalize import MAX_WORD, index_parts

OBJECT_ID_BITS = 31
ID_MASK = (1 << OBJECT_ID_BITS) - 1
_MAX_SECONDS = (1 << (63 - OBJECT_ID_BITS)) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_TERM = MAX_WORD  # the longest word of a search key
_NOT_TOKEN = re.compile(r"[^a-z0-9_]")
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Document:
    """An object to index: its original text, the time it sorts by, its facet tokens."""

    object_id: int
    when: datetime
    headline: str
    lead: str = ""
    body: str = ""
    facets: Sequence[str] = ()
    body_is_html: bool = False  # sanitized HTML: its text is indexed (see ``plain_text``)


@dataclass(frozen=True)
class Row:
    """A document as the index stores it: search keys, not the original text."""

    id: int
    object_id: int
    headline: str
    lead: str
    body: str
    stems: str
    facets: str
    vector: str = ""  # PostgreSQL's tsvector, as text (see ``tsvector``)
    head_vector: str = ""  # the headline, lead and facets alone, the same way


def plain_text(markup: str) -> str:
    """Text of sanitized HTML (story bodies): tags become spaces, entities characters."""
    return html.unescape(_TAG.sub(" ", markup or ""))


def facet(name: str, value: object) -> str:
    """A facet token: ``facet("unit", 12)`` → ``_unit_12``. ASCII letters, digits and ``_``.

    A search key's words never contain ``_``, and the leading one keeps a searcher's prefix
    («unit»*) from reaching the token.
    """
    return _NOT_TOKEN.sub("", f"_{name}_{value}".lower())


def seconds(when: datetime) -> int:
    return min(max(int((when - _EPOCH).total_seconds()), 0), _MAX_SECONDS)


def sort_key(when: datetime, object_id: int) -> int:
    if not 0 < object_id <= ID_MASK:
        raise ValueError(f"object id {object_id} does not fit the sort key")
    return (seconds(when) << OBJECT_ID_BITS) | object_id


def time_of(key: int) -> datetime:
    return datetime.fromtimestamp(key >> OBJECT_ID_BITS, tz=UTC)


def tsvector(headline: str, lead: str, body: str, stems: str, facets: str) -> str:
    """The keys as a PostgreSQL tsvector literal: headline weight A, lead B, body and stems C,
    facets D; positions run on across the fields, so a phrase never spans two.

    Built here from the keys' words rather than by ``to_tsvector``: PostgreSQL's parser would
    split some keys differently from ours («ماده5»), and parsing moved out of the database
    server runs in the rebuild's worker processes. Queries are built the same way (no parser).

    Each word is written with its own position (``'a':1A 'b':2A 'a':3C``): PostgreSQL merges
    a word's positions as it reads the literal, keeps the first 256 and caps them at 16,383,
    in C; grouping them here cost most of a rebuild worker's time.
    """
    parts = []
    position = 1
    for text, form in (
        (headline, _AT_A),
        (lead, _AT_B),
        (body, _AT_C),
        (stems, _AT_C),
        (facets, _AT),
    ):
        words = text.split()
        if words:
            # Words are letters, digits and "_" only (search keys, facet tokens): quoting suffices.
            parts.append(" ".join(map(form, words, range(position, position + len(words)))))
            position += len(words)
    return " ".join(parts)


_AT = "'{}':{}".format
_AT_A = "'{}':{}A".format
_AT_B = "'{}':{}B".format
_AT_C = "'{}':{}C".format


def to_row(document: Document, *, vector: bool = False) -> Row:
    body, body_stems = index_parts(
        plain_text(document.body) if document.body_is_html else document.body
    )
    lead, lead_stems = index_parts(document.lead)
    headline, headline_stems = index_parts(document.headline)
    stems = " ".join(s for s in (headline_stems, lead_stems, body_stems) if s)
    facets = " ".join(document.facets)
    return Row(
        id=sort_key(document.when, document.object_id),
        object_id=document.object_id,
        headline=headline,
        lead=lead,
        body=body,
        stems=stems,
        facets=facets,
        vector=tsvector(headline, lead, body, stems, facets) if vector else "",
        head_vector=tsvector(headline, lead, "", "", facets) if vector else "",
    )


def to_rows(documents: Sequence[Document], vector: bool = False) -> list[Row]:
    return [to_row(document, vector=vector) for document in documents]


def terms_of(rows: Sequence[Row]) -> Counter[str]:
    """How many of ``rows`` hold each word or stem (the vocabulary's counts). Keys' words are
    at most ``MAX_TERM`` letters long (``normalize``), so no word is left out."""
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(
            {*row.headline.split(), *row.lead.split(), *row.body.split(), *row.stems.split()}
        )
    return counts


def to_rows_and_terms(
    documents: Sequence[Document], vector: bool = False
) -> tuple[list[Row], Counter[str]]:
    rows = to_rows(documents, vector)
    return rows, terms_of(rows)
