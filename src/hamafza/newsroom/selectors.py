"""Searching stories: the one place both the public search and the staff search go through.

Scoping happens in the index query itself, before ranking and counting: the public sees
published stories only; a member of the network sees published stories and the unpublished
work of their own units and the units below them (as ``permissions.visible_stories``), so
another unit's drafts never reach a result list, a snippet or a count. The stories found are
then read back through the same rules, in case anything changed in between.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from hamafza.newsroom.indexing import PUBLIC, unit_facet
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.permissions import access_for
from hamafza.search import engine
from hamafza.search.query import Query
from hamafza.search.snippets import highlight, plain_text, snippet

MAX_PER_PAGE = 100


@dataclass(frozen=True)
class StoryFilters:
    """Narrowing a search: a unit (with the units below it), kind, subject code, domain code,
    status (staff only), and a range of days, both ends included."""

    unit_id: int | None = None
    kind: str = ""
    subject: str = ""
    domain: str = ""
    status: str = ""
    since: date | None = None
    until: date | None = None

    def facets(self) -> list[list[str]]:
        groups = []
        if self.unit_id is not None:
            groups.append([unit_facet(self.unit_id)])
        if self.kind:
            groups.append([engine.facet("kind", self.kind)])
        if self.subject:
            groups.append([engine.facet("subject", self.subject)])
        if self.domain:
            groups.append([engine.facet("domain", self.domain)])
        if self.status:
            groups.append([engine.facet("status", self.status)])
        return groups


@dataclass(frozen=True)
class FoundStory:
    story: Story
    headline: SafeString  # escaped, with the matching words marked
    snippet: SafeString
    score: float


@dataclass(frozen=True)
class StorySearch:
    query: Query
    items: list[FoundStory] = field(default_factory=list)
    count: int = 0
    count_exact: bool = True
    page: int = 1
    per_page: int = 20

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.count, engine.MAX_RESULTS) // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _day_start(day: date | None, *, days_after: int = 0) -> datetime | None:
    """The start of ``day`` (plus ``days_after``) in Tehran time; None past the calendar's end
    or for no day, which leaves that end of the range open."""
    if day is None:
        return None
    try:
        return timezone.make_aware(datetime.combine(day + timedelta(days=days_after), time.min))
    except OverflowError:
        return None


def story_search(
    *,
    text: str,
    viewer: Any = None,
    filters: StoryFilters | None = None,
    page: int = 1,
    per_page: int = 20,
    now: datetime | None = None,
) -> StorySearch:
    """Stories matching ``text``, best first. ``viewer`` None means the public."""
    filters = filters or StoryFilters()
    page = max(1, page)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    query = engine.parse(text)
    if query.is_empty:  # nothing to look for (only punctuation or stop words): nothing found
        return StorySearch(query=query, page=page, per_page=per_page)
    facets = filters.facets()
    if viewer is None:
        facets.append([PUBLIC])
        readable = Story.objects.filter(status__in=PUBLIC_STATUSES)
    else:
        access = access_for(viewer)
        if not access.is_staff_member:
            return StorySearch(query=query, page=page, per_page=per_page)
        if not access.is_superuser:
            facets.append([PUBLIC, *(unit_facet(u) for u in sorted(access.roles_by_unit))])
        readable = visible_stories(viewer)
    results = engine.search(
        text,
        facets=facets,
        since=_day_start(filters.since),
        until=_day_start(filters.until, days_after=1),
        offset=(page - 1) * per_page,
        limit=per_page,
        now=now,
    )
    ids = [hit.object_id for hit in results.hits]
    stories = readable.filter(pk__in=ids).select_related("unit").in_bulk()
    items = []
    for hit in results.hits:
        story = stories.get(hit.object_id)
        if story is None:
            continue
        items.append(
            FoundStory(
                story=story,
                headline=highlight(story.headline, results.query),
                snippet=snippet(f"{story.lead}\n{plain_text(story.body)}", results.query),
                score=hit.score,
            )
        )
    return StorySearch(
        query=results.query,
        items=items,
        count=results.count,
        count_exact=results.count_exact,
        page=page,
        per_page=per_page,
    )
