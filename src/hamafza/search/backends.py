"""The inverted index on each database: SQLite FTS5 or PostgreSQL tsvector + GIN.

Both answer the same three questions, always newest first within a sort-key range, so the
ranking in ``engine`` can stop early:

* ``candidates``: matching documents in ``[low, high)`` newest first, with a relevance in
  [0, 1) computed by the database (FTS5's bm25, PostgreSQL's ts_rank), at most ``limit``;
* ``count``: how many match, counting at most ``cap``;
* ``put`` / ``remove`` / ``clear``: keep the index in step, inside the caller's transaction.

Facet tokens (``_pub_1``, ``_unit_12`` …) are indexed beside the words. They begin with
``_``, which a search key's words never contain, so a searcher's words and prefixes can never
match them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from hamafza.search.query import Query

TABLE = "search_searchdocument"
# Field weights: a word in the headline counts most, then the lead, then the body.
SQLITE_WEIGHTS = "8.0, 3.0, 1.0, 1.0, 0.0"
BM25_HALF = 4.0  # the bm25 score that maps to relevance 0.5
POSTGRES_WEIGHTS = "{0, 0.2, 0.5, 1.0}"  # D (facets), C (body), B (lead), A (headline)


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


Facets = Sequence[Sequence[str]]  # AND of groups, each an OR of facet tokens


class Backend(Protocol):
    def put(self, rows: Sequence[Row]) -> None: ...
    def remove(self, object_ids: Sequence[int]) -> None: ...
    def clear(self) -> None: ...
    def finish_bulk(self) -> None: ...
    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
    ) -> list[tuple[int, float]]: ...
    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int: ...


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()


def _chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class SQLiteBackend:
    def put(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        self.remove([row.object_id for row in rows])
        values = [(r.id, r.object_id, r.headline, r.lead, r.body, r.stems, r.facets) for r in rows]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (id, object_id, headline, lead, body, stems, facets) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                values,
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, headline, lead, body, stems, facets) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [v[:1] + v[2:] for v in values],
            )

    def remove(self, object_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for chunk in _chunks(list(object_ids)):
                marks = ", ".join(["%s"] * len(chunk))
                # FTS5 removes a document by being told its indexed text once more.
                cursor.execute(
                    "INSERT INTO search_fts (search_fts, rowid, headline, lead, body, stems, "
                    f"facets) SELECT 'delete', id, headline, lead, body, stems, facets "
                    f"FROM {TABLE} WHERE object_id IN ({marks})",
                    list(chunk),
                )
                cursor.execute(f"DELETE FROM {TABLE} WHERE object_id IN ({marks})", list(chunk))

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cursor.execute(f"DELETE FROM {TABLE}")

    def finish_bulk(self) -> None:
        # Merge the segments a bulk load leaves behind, so queries read one b-tree per term.
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")

    @staticmethod
    def _match(query: Query, facets: Facets) -> str:
        parts = [f'"{t.word}"*' if t.prefix else f'"{t.word}"' for t in query.terms]
        parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
        words = " AND ".join(parts)
        clauses = [f"({words})"] if words else []
        clauses += ["(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in facets]
        return " AND ".join(clauses)

    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
    ) -> list[tuple[int, float]]:
        match = self._match(query, facets)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, bm25(search_fts, {SQLITE_WEIGHTS}) FROM search_fts "
                "WHERE search_fts MATCH %s AND rowid >= %s AND rowid < %s "
                "ORDER BY rowid DESC LIMIT %s",
                [match, low, high, limit],
            )
            rows = cursor.fetchall()
        # bm25 is negative, lower is better; map it into [0, 1).
        return [(rowid, -score / (-score + BM25_HALF)) for rowid, score in rows]

    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "AND rowid >= %s AND rowid < %s LIMIT %s)",
                [self._match(query, facets), low, high, cap],
            )
            return int(cursor.fetchone()[0])


class PostgresBackend:
    _VECTOR = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
        " || setweight(to_tsvector('simple', %s), 'C') || %s::tsvector"
    )

    def put(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        self.remove([row.object_id for row in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {TABLE} (id, object_id, headline, lead, body, stems, facets, tsv) "
                f"VALUES (%s, %s, '', '', '', '', '', {self._VECTOR})",
                [
                    (r.id, r.object_id, r.headline, r.lead, f"{r.body} {r.stems}", r.facets)
                    for r in rows
                ],
            )

    def remove(self, object_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE object_id = ANY(%s)", [list(object_ids)])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")

    def finish_bulk(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")

    @staticmethod
    def _words(query: Query) -> str:
        # Words are letters and digits only (search keys), so quoting them is enough.
        parts = [f"'{t.word}':*" if t.prefix else f"'{t.word}'" for t in query.terms]
        parts += ["(" + " <-> ".join(f"'{w}'" for w in phrase) + ")" for phrase in query.phrases]
        return " & ".join(parts)

    @staticmethod
    def _facets(facets: Facets) -> str:
        return " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in facets)

    def _where(self, query: Query, facets: Facets) -> tuple[str, list[Any]]:
        words, tokens = self._words(query), self._facets(facets)
        if words and tokens:
            return "tsv @@ (to_tsquery('simple', %s) && %s::tsquery)", [words, tokens]
        if words:
            return "tsv @@ to_tsquery('simple', %s)", [words]
        return "tsv @@ %s::tsquery", [tokens]

    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
    ) -> list[tuple[int, float]]:
        where, params = self._where(query, facets)
        words = self._words(query)
        rank = f"ts_rank('{POSTGRES_WEIGHTS}', tsv, to_tsquery('simple', %s), 32)" if words else "0"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {rank} FROM {TABLE} WHERE {where} AND id >= %s AND id < %s "
                "ORDER BY id DESC LIMIT %s",
                ([words] if words else []) + params + [low, high, limit],
            )
            return [(rowid, float(rank)) for rowid, rank in cursor.fetchall()]

    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int:
        where, params = self._where(query, facets)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} "
                "AND id >= %s AND id < %s LIMIT %s) AS hits",
                [*params, low, high, cap],
            )
            return int(cursor.fetchone()[0])
