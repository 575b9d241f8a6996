"""The portal's queries: what the public pages list, each in one or two indexed queries.

Every list is of public stories only (``PUBLIC_STATUSES``), newest first, with the unit, so
nothing unpublished reaches a page by any path and a page never reads a relation per row.

Lists are read in two steps (a "deferred join"): the ids in order first — from the
``(status, published_at)`` index alone when the list is not narrowed further, so ordering ten
thousand stories sorts small index entries, not whole rows with their bodies — then the few
rows shown, by primary key. ``StoryArchive`` does the same page by page for the paginated
archives.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone

from hamafza.common.prepared import Prepared
from hamafza.newsroom.models import (
    PUBLIC_STATUSES,
    ChangeNote,
    Story,
    StoryAttachment,
    StoryPhoto,
    Subject,
    Tag,
)
from hamafza.org.models import Unit
from hamafza.portal.models import EServiceLink, StoryDailyViews

MOST_READ_DAYS = 7
NEWEST = ("-published_at", "-id")
# The home's subject shelves are filled from this many of the newest public stories: the home
# shows what is new under each subject, and a subject with nothing that recent is left out
# (its own page lists all of it).
SHELF_WINDOW = 300


def public_ids() -> QuerySet[Story, Any]:
    """The ids of every public story, newest first (narrow it with more filters)."""
    return Story.objects.filter(status__in=PUBLIC_STATUSES).order_by(*NEWEST).values("pk")


# What a list shows of a story (``portal/includes/story_cards.html``, the home's shelves, the
# related stories): not the body, the workflow's fields or the unit's other columns, which a
# list never shows but would read, convert (every datetime is parsed) and keep per row.
LIST_FIELDS = (
    "kicker",
    "headline",
    "lead",
    "language",
    "kind",
    "status",
    "code",
    "published_at",
    "unit__name",
    "unit__slug",
)


def list_stories() -> QuerySet[Story, Story]:
    """Stories with what a list shows of them and their unit (``LIST_FIELDS``)."""
    return Story.objects.select_related("unit").only(*LIST_FIELDS)


def stories_by_ids(ids: Any) -> list[Story]:
    """The stories whose ids ``ids`` gives (a sliced ``public_ids()`` or a list), newest
    first, with their units (``LIST_FIELDS``)."""
    return list(list_stories().filter(pk__in=ids).order_by(*NEWEST))


class StoryArchive:
    """A paginated list of public stories for ``Paginator``: ``count()`` counts the ids, and a
    slice reads that page's ids and then their rows (see the module's docstring)."""

    def __init__(self, ids: QuerySet[Story, Any]) -> None:
        self.ids = ids

    def count(self) -> int:
        return self.ids.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Story]:
        return stories_by_ids(self.ids[index])


_ESERVICES = Prepared(
    lambda: (
        EServiceLink.objects.filter(is_active=True)
        .only("title", "url", "description")
        .order_by("position", "id")
    )
)


def eservice_links() -> list[EServiceLink]:
    """The active links of the e-services block, in HQ's order, with what the block shows."""
    return _ESERVICES()


# A story page's own small lists: the same SQL for every story (``common.prepared``).
_PHOTOS = Prepared(lambda story_id: StoryPhoto.objects.filter(story_id=story_id))
_ATTACHMENTS = Prepared(lambda story_id: StoryAttachment.objects.filter(story_id=story_id))
_CHANGE_NOTES = Prepared(lambda story_id: ChangeNote.objects.filter(story_id=story_id))
_SUBJECTS = Prepared(lambda story_id: Subject.objects.filter(story=story_id))
_TAGS = Prepared(lambda story_id: Tag.objects.filter(story=story_id))


def story_subjects(story: Story) -> list[Subject]:
    return _SUBJECTS(story.pk)


def story_tags(story: Story) -> list[Tag]:
    return _TAGS(story.pk)


def story_photos(story: Story) -> list[StoryPhoto]:
    return _PHOTOS(story.pk)


def story_attachments(story: Story) -> list[StoryAttachment]:
    return _ATTACHMENTS(story.pk)


def story_change_notes(story: Story) -> list[ChangeNote]:
    return _CHANGE_NOTES(story.pk)


def _rows(ids: Any) -> dict[int, Story]:
    """The stories ``ids`` names (``LIST_FIELDS``) by id, in no order: one query."""
    ids = list(ids)
    return {story.pk: story for story in list_stories().filter(pk__in=ids)} if ids else {}


def _featured_ids(limit: int) -> list[int]:
    return list(
        public_ids().filter(feature=Story.Feature.FEATURED).values_list("pk", flat=True)[:limit]
    )


def featured_stories(*, limit: int) -> list[Story]:
    """HQ's picks for the national front page (``Story.Feature.FEATURED``), newest first."""
    return stories_by_ids(public_ids().filter(feature=Story.Feature.FEATURED)[:limit])


def _latest_ids(*, limit: int, language: str, exclude: list[int]) -> list[int]:
    window = public_ids()[: limit * 4 + len(exclude)]
    found = list(
        Story.objects.filter(pk__in=window, language=language)
        .exclude(pk__in=exclude)
        .order_by(*NEWEST)
        .values_list("pk", flat=True)[:limit]
    )
    if len(found) < limit:
        found = list(
            public_ids()
            .filter(language=language)
            .exclude(pk__in=exclude)
            .values_list("pk", flat=True)[:limit]
        )
    return found


def latest_stories(*, limit: int, language: str, exclude: list[int]) -> list[Story]:
    """The newest public stories in ``language``, leaving out ``exclude``.

    Read from the newest few public stories (index only); only when those do not hold enough
    in the language is the whole list searched."""
    ids = _latest_ids(limit=limit, language=language, exclude=exclude)
    rows = _rows(ids)
    return [rows[pk] for pk in ids if pk in rows]


@dataclass
class SubjectShelf:
    subject: Subject.Code
    stories: list[Story] = field(default_factory=list)


def _shelf_ids(*, per_subject: int, language: str) -> dict[str, list[int]]:
    through = Story.subjects.through
    pairs = (
        through.objects.filter(story_id__in=public_ids()[:SHELF_WINDOW], story__language=language)
        .order_by("-story__published_at", "-story_id")
        .values_list("story_id", "subject_id")
    )
    picked: dict[str, list[int]] = {value: [] for value in Subject.Code.values}
    wanted = per_subject * len(picked)
    # Newest first: once every shelf is full, the older pairs change nothing.
    for story_id, subject_id in pairs:
        shelf = picked.get(subject_id)
        if shelf is not None and len(shelf) < per_subject:
            shelf.append(story_id)
            wanted -= 1
            if not wanted:
                break
    return picked


def _shelves(picked: dict[str, list[int]], rows: dict[int, Story]) -> list[SubjectShelf]:
    return [
        SubjectShelf(subject=Subject.Code(code), stories=[rows[pk] for pk in ids if pk in rows])
        for code, ids in picked.items()
        if ids
    ]


def stories_by_subject(*, per_subject: int, language: str) -> list[SubjectShelf]:
    """The newest ``per_subject`` stories in ``language`` of each subject, among the newest
    ``SHELF_WINDOW`` public stories; subjects in the models' order, those without any left out.
    A story under two subjects shows under both. Two queries: the (story, subject) pairs of
    the window, then the stories picked."""
    picked = _shelf_ids(per_subject=per_subject, language=language)
    return _shelves(picked, _rows(pk for ids in picked.values() for pk in ids))


def _reads(*, limit: int, days: int, today: date | None) -> dict[int, int]:
    """Story id → reads over the last ``days`` days, most read first (then the later story,
    by id, on a tie)."""
    today = today or timezone.localdate()
    since = today - timedelta(days=days - 1)
    # EXISTS, not a join: the database then walks the days' rows by the (day, story) index
    # and checks each story by its key, instead of walking every public story and probing its
    # days (1.8 ms → 0.01 ms at 10,000 stories on SQLite, whose planner picks that for a join).
    public = Story.objects.filter(pk=OuterRef("story_id"), status__in=PUBLIC_STATUSES)
    return dict(
        StoryDailyViews.objects.filter(Exists(public), day__gte=since, day__lte=today)
        .values("story_id")
        .annotate(reads=Sum("views"))
        .order_by("-reads", "-story_id")
        .values_list("story_id", "reads")[:limit]
    )


def _ranked(reads: dict[int, int], rows: dict[int, Story]) -> list[Story]:
    ranked = [rows[pk] for pk in reads if pk in rows]
    for story in ranked:
        story.reads = reads[story.pk]  # type: ignore[attr-defined]
    return ranked


def most_read(*, limit: int, days: int = MOST_READ_DAYS, today: date | None = None) -> list[Story]:
    """The public stories read most over the last ``days`` days (today included), each with
    its ``reads``. Two queries: the day rows summed per story, then the stories."""
    reads = _reads(limit=limit, days=days, today=today)
    return _ranked(reads, _rows(reads))


@dataclass
class HomeStories:
    featured: list[Story]
    latest: list[Story]
    shelves: list[SubjectShelf]
    most_read: list[Story]


def home_stories(
    *, featured: int, latest: int, per_subject: int, most_read: int, language: str
) -> HomeStories:
    """The national home's lists, as ``featured_stories``, ``latest_stories`` (leaving out
    the featured ones), ``stories_by_subject`` and ``most_read`` give them: the ids of each
    first, then every story they name in one query (instead of one per list)."""
    featured_ids = _featured_ids(featured)
    latest_ids = _latest_ids(limit=latest, language=language, exclude=featured_ids)
    picked = _shelf_ids(per_subject=per_subject, language=language)
    reads = _reads(limit=most_read, days=MOST_READ_DAYS, today=None)
    rows = _rows(
        {*featured_ids, *latest_ids, *(pk for ids in picked.values() for pk in ids), *reads}
    )
    return HomeStories(
        featured=[rows[pk] for pk in featured_ids if pk in rows],
        latest=[rows[pk] for pk in latest_ids if pk in rows],
        shelves=_shelves(picked, rows),
        most_read=_ranked(reads, rows),
    )


# The story page's related list: what it shows of each (no unit, no lead).
RELATED_FIELDS = ("headline", "language", "code", "published_at")
RELATED_COUNT = 5
_KIN_BY_TAG = Prepared(
    lambda story_id: (
        Story.objects.filter(
            status__in=PUBLIC_STATUSES,
            pk__in=public_ids()[:SHELF_WINDOW],
            tags__in=Tag.objects.filter(story=story_id),
        )
        .exclude(pk=story_id)
        .distinct()
        .only(*RELATED_FIELDS)
        .order_by(*NEWEST)[:RELATED_COUNT]
    )
)


def related_stories(story: Story, *, tag_ids: list[int], subject_codes: list[str]) -> list[Story]:
    """Up to ``RELATED_COUNT`` other public stories sharing a tag with ``story`` (the closest
    kin), then, to fill the list, sharing a subject (in its language, among the newest
    ``SHELF_WINDOW``); newest first within each. One query when the newest stories hold
    enough kin, at most three.

    Stories sharing a tag are looked for among the newest ``SHELF_WINDOW`` first (SQL
    compiled once, ``common.prepared``: the story's own tags are ``tag_ids``), and only when
    those hold too few among all the others: the same stories in the same order (the window
    is exactly the newest ones), without sorting every story of a common tag (a quarter of
    the time at 10,000 stories). Each query reads the rows shown (``RELATED_FIELDS``,
    ``LIST_FIELDS``) rather than ids and then rows: building a query costs more than running
    it here."""
    limit = RELATED_COUNT
    found: list[Story] = _KIN_BY_TAG(story.pk) if tag_ids else []
    if len(found) == limit:
        return found
    window = public_ids()[:SHELF_WINDOW]
    public = list_stories().filter(status__in=PUBLIC_STATUSES).order_by(*NEWEST)
    if tag_ids:
        sharing = public.filter(tags__in=tag_ids).exclude(pk=story.pk).distinct()
        found += sharing.exclude(pk__in=[kin.pk for kin in found])[: limit - len(found)]
    if len(found) < limit and subject_codes:
        found += (
            public.filter(pk__in=window, subjects__in=subject_codes, language=story.language)
            .exclude(pk__in=[story.pk, *(kin.pk for kin in found)])
            .distinct()[: limit - len(found)]
        )
    return found
    window = public_ids()[:SHELF_WINDOW]
    public = list_stories().filter(status__in=PUBLIC_STATUSES).order_by(*NEWEST)
    if tag_ids:
        sharing = public.filter(tags__in=tag_ids).exclude(pk=story.pk).distinct()
        if limit != RELATED_COUNT:
            found = list(sharing.filter(pk__in=window)[:limit])
        if len(found) < limit:
            found += sharing.exclude(pk__in=[kin.pk for kin in found])[: limit - len(found)]
    if len(found) < limit and subject_codes:
        found += (
            public.filter(pk__in=window, subjects__in=subject_codes, language=story.language)
            .exclude(pk__in=[story.pk, *(kin.pk for kin in found)])
            .distinct()[: limit - len(found)]
        )
    return found


def unit_stories(unit_ids: set[int] | None) -> StoryArchive:
    """The public stories of these units; of every unit for None."""
    ids = public_ids()
    return StoryArchive(ids if unit_ids is None else ids.filter(unit_id__in=unit_ids))


def tag_stories(tag_id: int) -> StoryArchive:
    return StoryArchive(public_ids().filter(tags=tag_id))


def subject_stories(code: str) -> StoryArchive:
    return StoryArchive(public_ids().filter(subjects=code))


def language_stories(language: str) -> StoryArchive:
    return StoryArchive(public_ids().filter(language=language))


# --- Units ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitNode:
    pk: int
    parent_id: int | None
    name: str
    slug: str
    kind: str
    name_en: str = ""


@dataclass
class UnitSection:
    """A unit's public section: the way up to HQ, the active units right below it, and the
    ids of every unit under it (whose stories the section lists), or None when that is every
    unit (HQ's section: the whole network, read without a filter on units)."""

    unit: UnitNode
    ancestors: list[UnitNode]
    children: list[UnitNode]
    subtree_ids: set[int] | None


def unit_section(slug: str) -> UnitSection | None:
    """The section of the active unit ``slug``; None when there is none.

    The unit tree is small (hundreds of rows): it is read once, as tuples, and walked in
    memory, instead of a recursive query per relation. A unit that was closed keeps its
    published stories in the sections above it; it is only no longer offered as a section.
    """
    nodes: dict[int, UnitNode] = {}
    active: set[int] = set()
    children_of: dict[int, list[UnitNode]] = defaultdict(list)
    rows = Unit.objects.values_list(
        "pk", "parent_id", "name", "slug", "kind", "is_active", "name_en"
    )
    for pk, parent_id, name, unit_slug, kind, is_active, name_en in rows:
        node = UnitNode(
            pk=pk, parent_id=parent_id, name=name, slug=unit_slug, kind=kind, name_en=name_en
        )
        nodes[pk] = node
        if is_active:
            active.add(pk)
        if parent_id is not None:
            children_of[parent_id].append(node)
    found = next((n for n in nodes.values() if n.slug == slug and n.pk in active), None)
    if found is None:
        return None
    ancestors: list[UnitNode] = []
    current = found.parent_id
    while current is not None and current in nodes and nodes[current] not in ancestors:
        ancestors.insert(0, nodes[current])
        current = nodes[current].parent_id
    subtree, stack = set(), [found.pk]
    while stack:
        pk = stack.pop()
        if pk not in subtree:
            subtree.add(pk)
            stack.extend(child.pk for child in children_of.get(pk, ()))
    children = [node for node in children_of.get(found.pk, ()) if node.pk in active]
    return UnitSection(
        unit=found,
        ancestors=ancestors,
        children=sorted(children, key=lambda node: node.name),
        subtree_ids=None if len(subtree) == len(nodes) else subtree,
    )


def top_units() -> list[UnitNode]:
    """HQ, then its offices and the provinces (the units right below it) by name: the
    home's index of sections."""
    rows = (
        Unit.objects.filter(is_active=True, parent__parent__isnull=True)
        .order_by("name")
        .values_list("pk", "parent_id", "name", "slug", "kind")
    )
    nodes = [
        UnitNode(pk=pk, parent_id=parent_id, name=name, slug=slug, kind=kind)
        for pk, parent_id, name, slug, kind in rows
    ]
    return sorted(nodes, key=lambda node: node.parent_id is not None)


_UNITS = Prepared(
    lambda: Unit.objects.only("pk", "parent_id", "name", "slug").order_by("name", "pk")
)


def unit_tree() -> list[Unit]:
    """Every unit depth-first, siblings by name, each with ``tree_depth``: what
    ``org.selectors.unit_tree`` gives, read as one plain query (sorted by the database, as
    that one's siblings are) and walked in memory instead of through a recursive query, with
    only what a unit picker shows (``unit_choices``) and the search needs (pk, slug)."""
    units = _UNITS()
    children_of: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children_of[unit.parent_id].append(unit)
    ordered: list[Unit] = []
    stack = [(unit, 0) for unit in reversed(children_of.get(None, []))]
    seen: set[int] = set()
    while stack:
        unit, depth = stack.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        unit.tree_depth = depth
        ordered.append(unit)
        stack.extend((child, depth + 1) for child in reversed(children_of.get(unit.pk, [])))
    return ordered
