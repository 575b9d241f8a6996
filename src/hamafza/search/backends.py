"""The inverted index on each database: SQLite FTS5 or PostgreSQL tsvector + GIN.

Both answer the same three questions, always newest first within a sort-key range, so the
ranking in ``engine`` can stop early:

* ``candidates``: matching documents in ``[low, high)`` newest first, at most ``limit``, each
  with its relevance (``relevance``: where the words stand, headline and lead over body);
  with ``head``, only those whose words all stand in the headline and lead (a superset of
  the documents scoring more than a match in the body: each word in one or the other);
* ``count``: how many match, counting at most ``cap``;
* ``put`` / ``remove`` / ``clear``: keep the index in step, inside the caller's transaction.

Facet tokens (``_pub_1``, ``_unit_12`` …) are indexed beside the words. They begin with
``_``, which a search key's words never contain, so a searcher's words and prefixes can never
match them.
"""

import json
from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection

from hamafza.search.documents import Row
from hamafza.search.query import Query

TABLE = "search_searchdocument"


def relevance(in_headline: bool, in_lead: bool) -> float:
    """How well a document matches, in (0, 1]: all the words in its headline count most, then
    in its lead; a match in the body alone is the base.

    Not bm25 or ts_rank: FTS5's bm25 computes IDF by reading every match of every word (tens
    of milliseconds per query on a common word at 100k stories), and with all words required
    IDF cannot reorder the matches much anyway. Fields are what readers of news judge by.
    """
    return 0.1 + 0.6 * in_headline + 0.3 * in_lead


Facets = Sequence[Sequence[str]]  # AND of groups, each an OR of facet tokens


class Backend(Protocol):
    vectors: bool  # whether rows must carry ``Row.vector``
    in_place: bool  # whether ``engine.rebuild`` replaces documents in place (see there)

    def put(self, rows: Sequence[Row], *, fresh: bool = False) -> None: ...
    def remove(self, object_ids: Sequence[int]) -> None: ...
    def clear(self) -> None: ...
    def start_bulk(self) -> None: ...
    def finish_bulk(self) -> None: ...
    def tidy(self) -> None: ...
    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
        *,
        head: bool = False,
    ) -> list[tuple[int, float]]: ...
    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int: ...


def backend() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()


def _chunks(items: Sequence[Any], size: int = 500) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


class SQLiteBackend:
    vectors = False
    in_place = True

    def put(self, rows: Sequence[Row], *, fresh: bool = False) -> None:
        """Index ``rows``, replacing earlier versions unless ``fresh`` (known to be new)."""
        if not rows:
            return
        if not fresh:
            self.remove([row.object_id for row in rows])
        # Ascending rowids: FTS5 flushes its in-memory index whenever a rowid is lower than the
        # one before, so unsorted input writes a tiny segment per document.
        values = sorted(
            (r.id, r.object_id, r.headline, r.lead, r.body, r.stems, r.facets) for r in rows
        )
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

    # Page cache during a rebuild, in KiB (SQLite's default is 2 MB): FTS5 merges its
    # segments as it goes, and each merge rereads what the last one wrote.
    BULK_CACHE_KIB = 512 * 1024

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
            cursor.execute(f"DELETE FROM {TABLE}")

    def start_bulk(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            self._cache_size = int(cursor.fetchone()[0])
            cursor.execute(f"PRAGMA cache_size = -{self.BULK_CACHE_KIB}")

    def finish_bulk(self) -> None:
        # No 'optimize' (merging every segment into one): at 1M stories it rewrites the whole
        # index in one transaction; FTS5's automerge keeps the segments few enough.
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {getattr(self, '_cache_size', -2000)}")

    def tidy(self) -> None:
        pass

    @staticmethod
    def _match(query: Query, facets: Facets, column: str = "") -> str:
        parts = [
            "(" + " OR ".join(f'"{w}"' for w in t.alternatives) + ")" if t.prefix else f'"{t.word}"'
            for t in query.terms
        ]
        parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
        words = " AND ".join(parts)
        if words and column:
            words = f"{{{column}}}: ({words})"
        clauses = [f"({words})"] if words else []
        clauses += ["(" + " OR ".join(f'"{token}"' for token in group) + ")" for group in facets]
        return " AND ".join(clauses)

    def _keys(self, match: str, low: int, high: int, limit: int | None = None) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s AND rowid >= %s "
                "AND rowid < %s ORDER BY rowid DESC LIMIT %s",
                [match, low, high, -1 if limit is None else limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
        *,
        head: bool = False,
    ) -> list[tuple[int, float]]:
        keys = self._keys(
            self._match(query, facets, "headline lead" if head else ""), low, high, limit
        )
        if not keys or query.is_empty:
            return [(key, relevance(False, False)) for key in keys]
        # Which of them match in the headline, in the lead: two more walks over the same window.
        window = (keys[-1], keys[0] + 1)
        headline = set(self._keys(self._match(query, facets, "headline"), *window))
        lead = set(self._keys(self._match(query, facets, "lead"), *window))
        return [(key, relevance(key in headline, key in lead)) for key in keys]

    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "AND rowid >= %s AND rowid < %s LIMIT %s)",
                [self._match(query, facets), low, high, cap],
            )
            return int(cursor.fetchone()[0])


class PostgresBackend:
    vectors = True
    in_place = False

    def put(self, rows: Sequence[Row], *, fresh: bool = False) -> None:
        if not rows:
            return
        if not fresh:
            self.remove([row.object_id for row in rows])
        # COPY on the driver's own cursor: psycopg formats the rows in C, where binding each
        # INSERT's parameters took most of the rebuild's time in this process.
        connection.ensure_connection()
        assert connection.connection is not None  # noqa: S101 (just ensured)
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(
                f"COPY {TABLE} (id, object_id, headline, lead, body, stems, facets, tsv, tsv_head)"
                " FROM STDIN"
            ) as copy,
        ):
            for r in rows:
                copy.write_row((r.id, r.object_id, "", "", "", "", "", r.vector, r.head_vector))

    def remove(self, object_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE object_id = ANY(%s)", [list(object_ids)])

    def start_bulk(self) -> None:
        pass

    def clear(self) -> None:
        """Empty the table for a rebuild. The GIN index goes too: building it once at the end
        is many times faster than updating it row by row (``finish_bulk``)."""
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_document_tsv")
            cursor.execute("DROP INDEX IF EXISTS search_document_tsv_head")
            cursor.execute(f"TRUNCATE {TABLE}")

    def finish_bulk(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(f"CREATE INDEX search_document_tsv ON {TABLE} USING gin (tsv)")
            cursor.execute(f"CREATE INDEX search_document_tsv_head ON {TABLE} USING gin (tsv_head)")
            cursor.execute(f"ANALYZE {TABLE}")

    def tidy(self) -> None:
        """After a rebuild has committed: set the visibility map, so counting from the GIN
        index need not read the table's pages. VACUUM cannot run inside a transaction."""
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {TABLE}")

    @staticmethod
    def _words(query: Query, weight: str = "") -> str:
        # Words are letters and digits only (search keys), so quoting them is enough.
        # ``weight`` restricts them to a field: A headline, B lead.
        mark = f":{weight}" if weight else ""
        parts = [
            "(" + " | ".join(f"'{w}'{mark}" for w in t.alternatives) + ")"
            if t.prefix
            else f"'{t.word}'{mark}"
            for t in query.terms
        ]
        parts += [
            "(" + " <-> ".join(f"'{w}'{mark}" for w in phrase) + ")" for phrase in query.phrases
        ]
        return " & ".join(parts)

    @staticmethod
    def _facets(facets: Facets) -> str:
        return " & ".join("(" + " | ".join(f"'{t}'" for t in group) + ")" for group in facets)

    def _where(self, query: Query, facets: Facets, *, head: bool = False) -> tuple[str, list[Any]]:
        """The condition on the story's tsvector, or with ``head`` on the small inline one of
        its headline, lead and facets (GIN-indexed too), which never needs detoasting."""
        words, tokens = self._words(query), self._facets(facets)
        column = "tsv_head" if head else "tsv"
        # Built as tsquery text, like the documents' tsvectors: no parser in between.
        if words and tokens:
            return f"{column} @@ (%s::tsquery && %s::tsquery)", [words, tokens]
        if words:
            return f"{column} @@ %s::tsquery", [words]
        return f"{column} @@ %s::tsquery", [tokens]

    def candidates(
        self,
        query: Query,
        facets: Facets,
        low: int,
        high: int,
        limit: int,
        *,
        head: bool = False,
    ) -> list[tuple[int, float]]:
        where, params = self._where(query, facets, head=head)
        if query.is_empty:
            fields, field_params = "false, false", []
        else:
            # From the small inline headline vector, not the story's large TOASTed one.
            fields = "tsv_head @@ %s::tsquery, tsv_head @@ %s::tsquery"
            field_params = [self._words(query, "A"), self._words(query, "B")]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, {fields} FROM {TABLE} WHERE {where} AND id >= %s AND id < %s "
                "ORDER BY id DESC LIMIT %s",
                [*field_params, *params, low, high, limit],
            )
            return [(key, relevance(h, lead)) for key, h, lead in cursor.fetchall()]

    def count(self, query: Query, facets: Facets, low: int, high: int, cap: int) -> int:
        """At most ``cap``. When the planner expects ten times more, that is the answer:
        counting reads each match's tsvector (about 10 µs each), and a word in most of a
        million stories would take seconds to count even to a thousand by the GIN index.
        Its estimate assumes words independent, which undercounts words that go together,
        so it errs towards counting."""
        where, params = self._where(query, facets)
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE {where} "
                "AND id >= %s AND id < %s",
                [*params, low, high],
            )
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if plan[0]["Plan"]["Plan Rows"] >= 10 * cap:
                return cap
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} "
                "AND id >= %s AND id < %s LIMIT %s) AS hits",
                [*params, low, high, cap],
            )
            return int(cursor.fetchone()[0])
