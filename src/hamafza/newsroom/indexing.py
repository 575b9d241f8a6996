"""Stories in the search index: what is indexed, and keeping it in step.

Every service that changes what a story says, where it stands or who may see it calls
``index_story`` (or ``unindex_story``) inside its own transaction, so a rolled-back change
leaves the index as it was. Bulk writers (the demo, ``hamafza generate``) call
``index_all_stories`` afterwards; ``hamafza reindex`` does the same by hand, e.g. after
units were moved in the tree (a story is filed under its unit and every unit above it).

Facet tokens of a story (see ``engine.facet``): ``_pub_1`` when it is public, ``_unit_<id>``
for its unit and each unit above, ``_kind_``, ``_status_``, ``_subject_``, ``_domain_`` and
``_lang_`` with the story's values.
It sorts by its publication time when public, else by when it was created.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from functools import partial

from django.db import connection
from django.utils import timezone

from hamafza.common.progress import Progress, Writer
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.org.permissions import UnitTree
from hamafza.search import engine

PUBLIC = engine.facet("pub", 1)
_PUBLIC_STATUSES = tuple(PUBLIC_STATUSES)
# Read with a plain cursor: building model dicts was most of a rebuild's time (measured 1,900
# stories/s); a large rebuild reads and keys in worker processes (``engine.rebuild``).
_COLUMNS = (
    "id, unit_id, status, kind, language, kicker, headline, lead, body, published_at, created_at"
)


def unit_facet(unit_id: int) -> str:
    return engine.facet("unit", unit_id)


def _aware(value: datetime | str | None) -> datetime | None:
    """A datetime column from a plain cursor: SQLite returns naive UTC or text."""
    if value is None or (isinstance(value, datetime) and timezone.is_aware(value)):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _documents(story_ids: list[int], tree: UnitTree) -> list[engine.Document]:
    subjects: dict[int, list[str]] = defaultdict(list)
    domains: dict[int, list[str]] = defaultdict(list)
    for story_id, code in Story.subjects.through.objects.filter(story_id__in=story_ids).values_list(
        "story_id", "subject_id"
    ):
        subjects[story_id].append(code)
    for story_id, domain in Story.domains.through.objects.filter(
        story_id__in=story_ids
    ).values_list("story_id", "domain_id"):
        domains[story_id].append(domain)
    marks = ", ".join(["%s"] * len(story_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_COLUMNS} FROM {Story._meta.db_table} WHERE id IN ({marks})",  # noqa: S608
            story_ids,
        )
        rows = cursor.fetchall()
    documents = []
    for (
        pk,
        unit_id,
        status,
        kind,
        language,
        kicker,
        headline,
        lead,
        body,
        published,
        created,
    ) in rows:
        public = status in _PUBLIC_STATUSES
        facets = [
            *([PUBLIC] if public else []),
            *(unit_facet(u) for u in [unit_id, *tree.ancestors(unit_id)]),
            engine.facet("kind", kind),
            engine.facet("lang", language),
            engine.facet("status", status),
            *(engine.facet("subject", code) for code in subjects[pk]),
            *(engine.facet("domain", code) for code in domains[pk]),
        ]
        when = _aware(published) if public and published else _aware(created)
        documents.append(
            engine.Document(
                object_id=pk,
                when=when or timezone.now(),
                headline=f"{kicker} {headline}" if kicker else headline,
                lead=lead,
                body=body,
                body_is_html=True,
                facets=facets,
            )
        )
    return documents


def index_story(story: Story) -> None:
    """Put ``story`` as it is now into the index. Call inside the transaction that changed it."""
    engine.put(_documents([story.pk], UnitTree.load()))


def unindex_story(story_id: int) -> None:
    engine.remove([story_id])


def _in_index_order() -> list[int]:
    """Every story id, in the order of the index's sort keys (oldest first).

    Writing in that order appends to the index instead of inserting all over it: read in id
    order, a 1M-story rebuild slowed from 2,300 to 800 stories/s as the index outgrew the
    page cache. Sorted by the database: through the ORM (a datetime object per row, sorted
    here) it took a second per 100,000 stories before the worker processes could start.
    """
    marks = ", ".join(["%s"] * len(_PUBLIC_STATUSES))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Story._meta.db_table} ORDER BY CASE "  # noqa: S608
            f"WHEN status IN ({marks}) AND published_at IS NOT NULL THEN published_at "
            "ELSE created_at END, id",
            _PUBLIC_STATUSES,
        )
        return [pk for (pk,) in cursor.fetchall()]


def load_documents(story_ids: Sequence[int], *, tree: UnitTree) -> list[engine.Document]:
    """The documents of these stories (``engine.rebuild``'s loader: it may run in a worker
    process, with the unit tree read once by the process that started the rebuild)."""
    return _documents(list(story_ids), tree)


def _batches(size: int) -> Iterator[list[int]]:
    ids = _in_index_order()
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def index_all_stories(
    *,
    progress: bool | None = None,
    stdout: Writer | None = None,
    batch: int = 2000,
    empty_first: bool = False,
) -> int:
    """Rebuild the search index of all stories (see ``engine.rebuild`` for how searches fare
    meanwhile on each database). Returns the number of stories.

    With ``stdout``, reports progress there (a live bar when ``progress`` is true, or by
    default when it is a terminal) and a summary line. ``empty_first``: start from an empty
    index (faster; on SQLite, searches find less until it is done)."""
    total = Story.objects.count()
    bar = Progress(total, label="reindex", out=stdout, tty=progress) if stdout else None
    done = engine.rebuild(
        _batches(batch),
        load=partial(load_documents, tree=UnitTree.load()),
        total=total,
        progress=bar.update if bar else None,
        empty_first=empty_first,
    )
    engine.tidy()
    if bar:
        bar.finish(done)
    return done
