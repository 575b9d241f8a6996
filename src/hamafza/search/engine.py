"""Index documents and find them again, best first.

Callers (the newsroom) describe each object as a ``Document``: its original text, the time
it sorts by, and facet tokens for filtering (``facet("unit", 12)``). Writes happen in the
caller's transaction, so the index never disagrees with what was committed.

Ranking is relevance times recency: ``score = (FLOOR + relevance) * decay(age)`` with
relevance in [0, 1) from the database and ``decay = 1 / (1 + age / HALF_LIFE)``. The index
hands out matches newest first; since no later (older) match can score more than
``(FLOOR + 1) * decay(its age)``, the walk stops as soon as that bound falls below the k-th
best score so far. The walk also stops after ``MAX_SCAN`` matches: a query matching most of
a million stories ranks its newest ``MAX_SCAN`` matches, never all of them. That is where
relevance says least anyway: a word in most documents carries almost no weight in bm25
(its IDF is near zero), so recency decides such queries. Counting stops at ``COUNT_CAP``
(``count_exact`` is then False: "more than 10,000").
"""

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone

from hamafza.search.backends import Backend, Facets, Row, backend
from hamafza.search.models import OBJECT_ID_BITS
from hamafza.search.normalize import index_parts
from hamafza.search.query import Query, parse

FLOOR = 0.25
HALF_LIFE_DAYS = 30.0
MAX_SCAN = 3000
COUNT_CAP = 10_000
MAX_RESULTS = 1000  # deepest result reachable by paging
_ID_MASK = (1 << OBJECT_ID_BITS) - 1
_MAX_SECONDS = (1 << (63 - OBJECT_ID_BITS)) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Document:
    object_id: int
    when: datetime
    headline: str
    lead: str = ""
    body: str = ""
    facets: Sequence[str] = ()


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


def facet(name: str, value: object) -> str:
    """A facet token: ``facet("unit", 12)`` → ``_unit_12``. ASCII letters, digits and ``_``.

    A search key's words never contain ``_``, and the leading one keeps a searcher's prefix
    («unit»*) from reaching the token.
    """
    text = f"_{name}_{value}".lower()
    return "".join(c for c in text if c.isascii() and (c.isalnum() or c == "_"))


def _seconds(when: datetime) -> int:
    return min(max(int((when - _EPOCH).total_seconds()), 0), _MAX_SECONDS)


def sort_key(when: datetime, object_id: int) -> int:
    if not 0 < object_id <= _ID_MASK:
        raise ValueError(f"object id {object_id} does not fit the sort key")
    return (_seconds(when) << OBJECT_ID_BITS) | object_id


def _time_of(key: int) -> datetime:
    return datetime.fromtimestamp(key >> OBJECT_ID_BITS, tz=UTC)


def _row(document: Document) -> Row:
    body, body_stems = index_parts(document.body)
    lead, lead_stems = index_parts(document.lead)
    headline, headline_stems = index_parts(document.headline)
    return Row(
        id=sort_key(document.when, document.object_id),
        object_id=document.object_id,
        headline=headline,
        lead=lead,
        body=body,
        stems=" ".join(s for s in (headline_stems, lead_stems, body_stems) if s),
        facets=" ".join(document.facets),
    )


def put(documents: Iterable[Document]) -> int:
    """Index ``documents``, replacing what was indexed for the same objects. Returns how many."""
    rows = [_row(document) for document in documents]
    backend().put(rows)
    return len(rows)


def remove(object_ids: Iterable[int]) -> None:
    backend().remove(list(object_ids))


def rebuild(
    batches: Iterable[Sequence[Document]], *, progress: Callable[[int], None] | None = None
) -> int:
    """Empty the index and fill it from ``batches``. The caller decides the transaction(s)."""
    index = backend()
    index.clear()
    done = 0
    for batch in batches:
        index.put([_row(document) for document in batch])
        done += len(batch)
        if progress:
            progress(done)
    index.finish_bulk()
    return done


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
    offset = max(0, min(offset, MAX_RESULTS))
    wanted = min(offset + max(limit, 0), MAX_RESULTS)
    low = _seconds(since) << OBJECT_ID_BITS if since else 0
    high = (_seconds(until) << OBJECT_ID_BITS) if until else (1 << 63) - 1
    if wanted <= offset or low >= high:
        return Results(query=query)
    index = backend()
    top = _TopK(wanted, now or timezone.now())
    scanned, exhausted = _walk(index, query, facets, low, high, top)
    if exhausted:
        count, exact = scanned, True
    else:
        count = index.count(query, facets, low, high, COUNT_CAP + 1)
        count, exact = min(count, COUNT_CAP), count <= COUNT_CAP
    hits = [
        Hit(object_id=key & _ID_MASK, when=_time_of(key), score=s)
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
    """Read matches newest first until no older one can enter ``top``.

    Returns (matches read, whether every match was read).
    """
    scanned = 0
    batch = max(top.wanted * 2, 50)
    cursor = high
    while scanned < MAX_SCAN:
        size = min(batch, MAX_SCAN - scanned)
        rows = index.candidates(query, facets, low, cursor, size)
        for key, relevance in rows:
            top.consider(key, relevance)
        scanned += len(rows)
        if len(rows) < size:
            return scanned, True
        cursor = rows[-1][0]
        if top.closed_below(cursor):
            return scanned, False
        batch = min(batch * 4, 2000)
    return scanned, False
