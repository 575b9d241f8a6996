"""`/api/v1/public/search`: the public search for journalists, news agencies and apps.

No authentication: it finds published stories only, exactly what ``/search/`` finds (both go
through ``newsroom.selectors.story_search`` with no viewer, which scopes inside the index
query). Filters are checked against the models' choices (422 otherwise); an unknown unit is
400, as everywhere in the API.
"""

from datetime import date, datetime
from typing import Annotated, Any, Self

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator, model_validator

from hamafza.newsroom import selectors
from hamafza.newsroom.api.schemas import DomainCode, KindCode, SubjectCode
from hamafza.newsroom.models import Story
from hamafza.org.api._common import ErrorOut, InvalidOut, PageFilters, unit_named

router = Router(tags=["public"])

# An ISO date before this year is almost surely a Jalali date typed as ISO (1405-09-06):
# refused, rather than searching the fifteenth century.
_FIRST_YEAR = 1900


def _gregorian(day: date | None) -> date | None:
    if day is not None and day.year < _FIRST_YEAR:
        raise ValueError("expected a Gregorian date (YYYY-MM-DD); this looks like a Jalali one")
    return day


GregorianDate = Annotated[date | None, AfterValidator(_gregorian)]


class PublicSearchFilters(PageFilters):
    q: str = Field(
        default="",
        description=(
            "What to look for, in the headline, lead and body. Every word must match, and "
            "finds its inflected forms too (کتاب finds کتاب‌ها); a word ending in * (three "
            "letters or more) matches as a prefix. Text in quotes "
            '("…", «…») is a phrase. Persian spelling variants (Arabic ي/ك, ZWNJ or space, '
            "tatweel, diacritics, Persian or Arabic digits) find each other. The commonest "
            "function words (و، در، از …) are skipped. Nothing else is syntax: any text is "
            "accepted. Without a word to look for, nothing is found."
        ),
    )
    unit: str = Field(default="", description="A unit's slug; includes the units below it")
    kind: KindCode | None = None
    subject: SubjectCode | None = None
    domain: DomainCode | None = None
    since: GregorianDate = Field(
        default=None,
        alias="from",
        description="Published on or after this day: a Gregorian ISO date (YYYY-MM-DD), "
        "Tehran time",
    )
    until: GregorianDate = Field(
        default=None,
        alias="to",
        description="Published on or before this day (included): a Gregorian ISO date "
        "(YYYY-MM-DD), Tehran time",
    )

    @model_validator(mode="after")
    def _range(self) -> Self:
        if self.since and self.until and self.since > self.until:
            raise ValueError("'to' is before 'from'")
        return self


class PublicUnitOut(Schema):
    slug: str
    name: str


class PublicSearchItem(Schema):
    code: int = Field(description="The news code")
    headline: str = Field(description="Plain text")
    lead: str = Field(description="Plain text")
    snippet: str = Field(
        description="HTML: a passage of the lead and body around the matches, escaped, with "
        "<mark>…</mark> around the matching words and … where it was cut"
    )
    url: str = Field(description="Path of the story's public page: /news/<code>/")
    published_at: datetime
    unit: PublicUnitOut = Field(description="The unit that published it")


class PublicSearchPage(Schema):
    items: list[PublicSearchItem] = Field(description="Best match first")
    count: int = Field(description="How many published stories match; at most 1,000")
    count_exact: bool = Field(description="False when there are more than `count` matches")
    page: int
    page_size: int


def _item(found: selectors.FoundStory) -> dict[str, Any]:
    story: Story = found.story
    return {
        "code": story.code,
        "headline": story.headline,
        "lead": story.lead,
        "snippet": str(found.snippet),
        "url": reverse("portal:story", args=[story.code]),
        "published_at": story.published_at,
        "unit": story.unit,
    }


@router.get(
    "/search",
    auth=None,
    response={200: PublicSearchPage, 400: ErrorOut, 422: InvalidOut},
    summary="Search published stories, best match first (no authentication)",
)
def public_search(request: HttpRequest, filters: Query[PublicSearchFilters]) -> dict[str, Any]:
    unit = unit_named(filters.unit)
    page = {"page": filters.page, "page_size": filters.page_size}
    found = selectors.story_search(
        text=filters.q,
        viewer=None,
        filters=selectors.StoryFilters(
            unit_id=unit.pk if unit is not None else None,
            kind=filters.kind or "",
            subject=filters.subject or "",
            domain=filters.domain or "",
            since=filters.since,
            until=filters.until,
        ),
        page=filters.page,
        per_page=filters.page_size,
    )
    return {
        "items": [_item(item) for item in found.items if item.story.code is not None],
        "count": found.count,
        "count_exact": found.count_exact,
        **page,
    }
