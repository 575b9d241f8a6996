"""Index documents and find them again, best first.

Callers (the newsroom) describe each object as a ``Document``: its original text, the time
it sorts by, and facet tokens for filtering (``facet("unit", 12)``). Writes happen in the
caller's transaction, so the index never disagrees with what was committed.

Ranking is relevance times recency: ``score = (FLOOR + relevance) * decay(age)`` with
relevance in (0, 1] from where the words stand (``backends.relevance``: headline, lead,
body) and ``decay = 1 / (1 + age / HALF_LIFE_DAYS)``. The index hands out matches newest
first. Matches in the body alone differ by age only, so the newest ``k`` of all matches hold
every one of them that can enter the top ``k``; the others have their words in the headline
or lead and are walked newest first until, since no older one can score more than
``(FLOOR + 1) * decay(its age)``, that bound falls below the k-th best score so far. The
walk also stops after ``MAX_SCAN`` of them, so the worst case is bounded (``_walk``).
Counting stops at ``COUNT_CAP`` (``count_exact`` is then
False: "more than 1,000"), as Elasticsearch's ``track_total_hits`` does (at 10,000).
"""

import heapq
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from hamafza.search import vocabulary
from hamafza.search import workers as workers_
from hamafza.search.backends import Backend, Facets, backend
from hamafza.search.documents import (
    ID_MASK,
    OBJECT_ID_BITS,
    Document,
    Row,
    facet,
    seconds,
    sort_key,
    time_of,
    to_rows_and_terms,
)
from hamafza.search.models import SearchDocument
from hamafza.search.query import Query, parse
from hamafza.search.workers import Loader

__all__ = [
    "Document",
    "Hit",
    "Results",
    "facet",
    "parse",
    "put",
    "rebuild",
    "remove",
    "search",
    "sort_key",
]

FLOOR = 0.25
HALF_LIFE_DAYS = 30.0
MAX_SCAN = 3000
COUNT_CAP = 1000  # as deep as paging goes (MAX_RESULTS)
MAX_RESULTS = 1000  # deepest result reachable by paging
# Rebuilding more documents than this reads and keys them in worker processes.
PARALLEL_FROM = 5000


@dataclass(frozen=True)
class Hit:
    object_id: int
    when: datetime
    score: float


@dataclass(frozen=True)
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    count_exact: bool = True


def put(documents: Iterable[Document]) -> int:
    """Index ``documents``, replacing what was indexed for the same objects. Returns how many."""
    index = backend()
    rows, terms = to_rows_and_terms(list(documents), index.vectors)
    index.put(rows)
    vocabulary.record(terms)
    return len(rows)


def remove(object_ids: Iterable[int]) -> None:
    backend().remove(list(object_ids))


def rebuild(
    batches: Iterable[Sequence[Document]] | Iterable[Sequence[int]],
    *,
    load: Loader | None = None,
    total: int = 0,
    progress: Callable[[int], None] | None = None,
    empty_first: bool = False,
) -> int:
    """Make the index hold exactly the documents of ``batches``. Returns how many.
    Batches in sort-key order (oldest first) write fastest.

    ``batches`` are documents, or with ``load`` object ids that ``load`` turns into
    documents (a module-level function or a ``partial`` of one, so worker processes can run it).

    On PostgreSQL: one transaction that empties the table, fills it and builds the GIN index
    once at the end; searches see the old index until it commits. On SQLite: in place, one
    transaction per batch (each document replaced), then the documents not seen removed;
    searches keep working throughout. One transaction for everything made SQLite's WAL grow
    to the size of the whole index (7 GB at 1M stories), and every page read then searched a
    WAL index hundreds of segments long.

    With ``total`` past ``PARALLEL_FROM``, worker processes (one per CPU but this one's) read
    the documents with ``load`` and key them while this process only writes the index: the
    writes are the one part that cannot be shared, so this process does nothing else. When
    another process could not read what the caller sees (the caller's transaction has not
    committed, or the database lives in this process's memory) this process reads and the
    workers only key.
    """
    index = backend()
    cpus = os.cpu_count() or 1
    parallel = total > PARALLEL_FROM and cpus > 1
    if load is not None and not (parallel and _readable_by_workers()):
        batches = map(load, cast(Iterable[Sequence[int]], batches))
        load = None
    counted = (
        _rows_in_workers(batches, max(1, cpus - 1) if load else cpus, index.vectors, load)
        if parallel
        else (
            to_rows_and_terms(cast(Sequence[Document], batch), index.vectors) for batch in batches
        )
    )
    terms: Counter[str] = Counter()

    def rows() -> Iterator[list[Row]]:
        for batch_rows, batch_terms in counted:
            terms.update(batch_terms)
            yield batch_rows

    done = 0
    if not index.in_place:
        with transaction.atomic():
            index.clear()
            for batch_rows in rows():
                index.put(batch_rows, fresh=True)
                done += len(batch_rows)
                if progress:
                    progress(done)
            index.finish_bulk()
            vocabulary.replace(terms)
        return done
    seen: set[int] = set()
    if empty_first:
        with transaction.atomic():
            index.clear()
    fresh = not SearchDocument.objects.exists()  # a first build has nothing to replace
    index.start_bulk()
    try:
        for batch_rows in rows():
            try:
                with transaction.atomic():
                    index.put(batch_rows, fresh=fresh)
            except IntegrityError:  # a story saved meanwhile is already in: replace it
                with transaction.atomic():
                    index.put(batch_rows)
            seen.update(row.object_id for row in batch_rows)
            done += len(batch_rows)
            if progress:
                progress(done)
        stale = set(SearchDocument.objects.values_list("object_id", flat=True)) - seen
        with transaction.atomic():
            index.remove(sorted(stale))
            vocabulary.replace(terms)
    finally:
        index.finish_bulk()
    return done


def _readable_by_workers() -> bool:
    """Whether another process reading the database sees what this one sees."""
    if connection.in_atomic_block:
        return False
    return connection.vendor != "sqlite" or not connection.is_in_memory_db()  # type: ignore[attr-defined]


def _rows_in_workers(
    batches: Iterable[Sequence[Any]], workers: int, vector: bool, load: Loader | None
) -> Iterator[tuple[list[Row], Counter[str]]]:
    """``to_rows_and_terms`` of each batch, in order, computed ahead by ``workers`` processes
    (which first ``load`` the batch's documents when given a loader).

    At most a few batches per worker are in flight, so memory stays bounded however many
    documents there are (``Executor.map`` would submit them all at once). "spawn": without a
    loader the workers import only ``documents`` and ``normalize``, never Django; with one they
    set Django up and connect to this process's database (by name: a test database too).
    """
    context = multiprocessing.get_context("spawn")
    database = str(connection.settings_dict["NAME"]) if load else None
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=workers_.setup, initargs=(database,)
    ) as pool:
        pending: deque[Future[tuple[list[Row], Counter[str]]]] = deque()
        for batch in batches:
            if load is None:
                pending.append(pool.submit(to_rows_and_terms, list(batch), vector))
            else:
                pending.append(pool.submit(workers_.load_rows_and_terms, load, list(batch), vector))
            if len(pending) >= max(workers * 2, 4):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def tidy() -> None:
    """Call after a rebuild's transaction has committed (database housekeeping)."""
    backend().tidy()


def decay(age_days: float) -> float:
    return 1.0 / (1.0 + max(age_days, 0.0) / HALF_LIFE_DAYS)


class _TopK:
    """The best ``wanted`` documents seen so far, as a min-heap of (score, sort key)."""

    def __init__(self, wanted: int, now: datetime) -> None:
        self.wanted = wanted
        self.now_seconds = now.timestamp()
        self.heap: list[tuple[float, int]] = []
        self.seen: set[int] = set()

    def score(self, key: int, relevance: float) -> float:
        age_days = (self.now_seconds - (key >> OBJECT_ID_BITS)) / 86400
        return (FLOOR + relevance) * decay(age_days)

    def consider(self, key: int, relevance: float) -> None:
        if key in self.seen:
            return
        self.seen.add(key)
        item = (self.score(key, relevance), key)
        if len(self.heap) < self.wanted:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)

    def closed_below(self, key: int) -> bool:
        """Whether no document older than ``key`` can enter, however relevant."""
        if len(self.heap) < self.wanted:
            return False
        return self.score(key, 1.0) <= self.heap[0][0]

    def ranked(self) -> list[tuple[float, int]]:
        return sorted(self.heap, reverse=True)


def search(
    text: str,
    *,
    facets: Facets = (),
    since: datetime | None = None,
    until: datetime | None = None,
    offset: int = 0,
    limit: int = 20,
    now: datetime | None = None,
) -> Results:
    """The best ``limit`` matches after ``offset`` for what was typed, within the facets.

    ``since``/``until`` bound the documents' times (inclusive, exclusive). With no words,
    facets alone list documents newest first; with neither, nothing is found.
    """
    query = parse(text)
    if query.is_empty and not facets:
        return Results(query=query)
    expanded = vocabulary.expand(query)
    if expanded is None:  # a prefix no indexed word begins with
        return Results(query=query)
    offset = max(0, min(offset, MAX_RESULTS))
    wanted = min(offset + max(limit, 0), MAX_RESULTS)
    low = seconds(since) << OBJECT_ID_BITS if since else 0
    high = (seconds(until) << OBJECT_ID_BITS) if until else (1 << 63) - 1
    if wanted <= offset or low >= high:
        return Results(query=query)
    index = backend()
    top = _TopK(wanted, now or timezone.now())
    scanned, exhausted = _walk(index, expanded, facets, low, high, top)
    if exhausted:
        count, exact = scanned, True
    else:
        count = index.count(expanded, facets, low, high, COUNT_CAP + 1)
        count, exact = min(count, COUNT_CAP), count <= COUNT_CAP
    hits = [
        Hit(object_id=key & ID_MASK, when=time_of(key), score=s)
        for s, key in top.ranked()[offset:wanted]
    ]
    return Results(query=query, hits=hits, count=count, count_exact=exact)


def _walk(
    index: Backend,
    query: Query,
    facets: Facets,
    low: int,
    high: int,
    top: _TopK,
) -> tuple[int, bool]:
    """Fill ``top`` from two walks, newest first.

    A match in the body alone scores by its age only, so the only ones that can enter are
    among the newest ``wanted`` matches: one read. Better matches have all their words in the
    headline or lead: the second walk reads those until no older one can enter. Walking every
    match instead read thousands of them for a word in a few percent of the stories, whose
    headlines seldom hold it.

    Returns (matches read by the first walk, whether that was every match).
    """
    rows = index.candidates(query, facets, low, high, top.wanted)
    for key, relevance in rows:
        top.consider(key, relevance)
    if len(rows) < top.wanted:
        return len(rows), True
    if query.is_empty:  # facets alone: newest first is the ranking
        return len(rows), False
    scanned = 0
    batch = max(top.wanted * 2, 50)
    cursor = high
    while scanned < MAX_SCAN:
        size = min(batch, MAX_SCAN - scanned)
        heads = index.candidates(query, facets, low, cursor, size, head=True)
        for key, relevance in heads:
            top.consider(key, relevance)
        scanned += len(heads)
        if len(heads) < size:
            break
        cursor = heads[-1][0]
        if top.closed_below(cursor):
            break
        batch = min(batch * 4, 2000)
    return len(rows), False
