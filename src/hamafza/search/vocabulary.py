"""The index's vocabulary, and prefix queries answered from it.

A prefix query («توانمند*») becomes an OR of the ``MAX_EXPANSIONS`` commonest words in the
index that begin with it, as Elasticsearch's ``max_expansions`` (50 there too). Both indexes
answer an OR of words newest first as they go, by merging the words' lists; asked for a
prefix itself, each first gathers the documents of every word with that prefix: measured at
1M stories on SQLite, 250–870 ms for «آموز*» and the like, where the OR of words takes
milliseconds. A story whose only match is a rare spelling past the commonest fifty is not
found by the prefix; it still is by the word itself.

Document counts only choose which words a prefix stands for, so they may be approximate:
``record`` adds a document's words as it is indexed (an edited story counts again, a removed
one is not taken off) and a rebuild recounts them exactly (``replace``).
"""

from collections.abc import Mapping
from dataclasses import replace as with_fields

from django.db import connection

from hamafza.search.documents import MAX_TERM
from hamafza.search.models import SearchTerm
from hamafza.search.query import Query

MAX_EXPANSIONS = 50
_TABLE = SearchTerm._meta.db_table
_LAST = chr(0x10FFFF)  # sorts after any character a word can continue with


def record(counts: Mapping[str, int]) -> None:
    """Add ``counts`` (documents per word) to the vocabulary, in the caller's transaction."""
    rows = sorted(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                f"INSERT INTO {_TABLE} (term, documents) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (term) DO UPDATE SET documents = "
                f"{_TABLE}.documents + excluded.documents",
                rows[start : start + 5000],
            )


def replace(counts: Mapping[str, int]) -> None:
    """Make the vocabulary exactly ``counts`` (after a rebuild), in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE}")  # noqa: S608
    record(counts)


def expand(query: Query) -> Query | None:
    """``query`` with each prefix term's words filled in (``Term.alternatives``), or None when
    some prefix begins no word in the index (then nothing can match)."""
    if not any(term.prefix for term in query.terms):
        return query
    terms = []
    for term in query.terms:
        if term.prefix:
            words = tuple(
                SearchTerm.objects.filter(term__gte=term.word, term__lt=term.word + _LAST)
                .order_by("-documents", "term")
                .values_list("term", flat=True)[:MAX_EXPANSIONS]
            )
            if not words:
                return None
            term = with_fields(term, alternatives=words)
        terms.append(term)
    return with_fields(query, terms=tuple(terms))


__all__ = ["MAX_EXPANSIONS", "MAX_TERM", "expand", "record", "replace"]
