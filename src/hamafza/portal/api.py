"""`/api/v1/public/search`: the public search for journalists, news agencies and apps.

No authentication: it finds published stories only, exactly what ``/search/`` finds (both go
through ``newsroom.selectors.story_search`` with no viewer, which scopes inside the index
query). Filters are checked against the models' choices (422 otherwise); an unknown unit is
400, as everywhere in the API.
"""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Self

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, model_validator

from hamafza.newsroom import selectors
from hamafza.newsroom.api.schemas import DomainCode, KindCode, LanguageCode, SubjectCode
from hamafza.newsroom.models import Story, StoryPhoto
from hamafza.org.api._common import ErrorOut, InvalidOut, PageFilters, page_slice, unit_named
from hamafza.org.permissions import UnitTree
from hamafza.portal import canonical
from hamafza.portal.ninjs import NinjsOut, story_ninjs
from hamafza.portal.permissions import StoryGoneError, access_public_story, public_stories

router = Router(tags=["public"])

# An ISO date before this year is almost surely a Jalali date typed as ISO (1405-09-06):
# refused, rather than searching the fifteenth century.
_FIRST_YEAR = 1900


def _gregorian(day: date | None) -> date | None:
    if day is not None and day.year < _FIRST_YEAR:
        raise ValueError("expected a Gregorian date (YYYY-MM-DD); this looks like a Jalali one")
    return day


GregorianDate = Annotated[date | None, AfterValidator(_gregorian)]


class PublishedBetween(PageFilters):
    """The publication date range both public lists take (``from``/``to``)."""

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


class PublicSearchFilters(PublishedBetween):
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


# --- /public/news: published stories for news agencies and apps ----------------------------
# No authentication. Only public stories (``permissions.public_stories``,
# ``access_public_story``): anything else is 404 by its code, as if it never existed. Every
# `url` is the story's canonical address (``canonical``), absolute.


class PublicNewsFilters(PublishedBetween):
    unit: str = Field(default="", description="A unit's slug; includes the units below it")
    subject: SubjectCode | None = None
    tag: str = Field(default="", max_length=100, description="A tag's name, exactly")
    kind: KindCode | None = None
    language: LanguageCode | None = None


class PublicPhotoOut(Schema):
    url: str = Field(description="The original image, absolute")
    medium: str | None = Field(description="A smaller rendition, absolute")
    thumb: str | None = Field(description="A thumbnail, absolute")
    width: int
    height: int
    alt: str = Field(description="Text for readers who cannot see the photo")
    caption: str
    credit: str


class PublicNewsItem(Schema):
    code: int = Field(description="The news code")
    url: str = Field(description="The story's canonical public address, absolute")
    kicker: str = Field(description="Plain text")
    headline: str = Field(description="Plain text")
    lead: str = Field(description="Plain text")
    kind: KindCode
    language: LanguageCode
    subjects: list[SubjectCode] = Field(description="Subject codes")
    tags: list[str]
    unit: PublicUnitOut = Field(description="The unit that published it")
    published_at: datetime = Field(description="The latest publication")
    first_published_at: datetime = Field(description="The first publication")
    updated_at: datetime = Field(description="The latest change, corrections included")
    image: PublicPhotoOut | None = Field(description="The lead photo")


class PublicNewsPage(Schema):
    items: list[PublicNewsItem] = Field(description="Newest publication first")
    count: int = Field(description="How many published stories match the filters")
    next: str | None = Field(description="The next page's address; null on the last page")
    previous: str | None = Field(description="The previous page's address; null on the first")
    page: int
    page_size: int


class PublicChangeNoteOut(Schema):
    note: str
    created_at: datetime


class PublicStoryRef(Schema):
    code: int
    url: str
    unit: PublicUnitOut


class PublicNewsDetail(PublicNewsItem):
    body: str = Field(description="Sanitized HTML")
    version: int = Field(description="Grows with every change")
    corrected: bool = Field(description="Corrected after publication (see change_notes)")
    photos: list[PublicPhotoOut] = Field(description="In the story's order; the first leads")
    change_notes: list[PublicChangeNoteOut] = Field(description="Public notes on corrections")
    origin: PublicStoryRef | None = Field(
        description="The story this one republishes, when that one is public"
    )
    ninjs: str = Field(description="The same story as IPTC ninjs 3.1")


def _day_start(day: date, *, days_after: int = 0) -> datetime | None:
    """The start of ``day`` (plus ``days_after``) in Tehran time; None past the calendar's end,
    which leaves that end of the range open."""
    try:
        return timezone.make_aware(datetime.combine(day + timedelta(days=days_after), time.min))
    except OverflowError:
        return None


def _photo(request: HttpRequest, photo: StoryPhoto) -> dict[str, Any]:
    return {
        "url": canonical.media_url(request, photo.image),
        "medium": canonical.media_url(request, photo.medium) if photo.medium else None,
        "thumb": canonical.media_url(request, photo.thumb) if photo.thumb else None,
        "width": photo.width,
        "height": photo.height,
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
    }


def _news_item(request: HttpRequest, story: Story) -> dict[str, Any]:
    """What ``PublicNewsItem`` shows; reads the prefetched subjects, tags and photos."""
    lead_photo = canonical.lead_photo(story)
    return {
        "code": story.code,
        "url": canonical.story_url(request, story),
        "kicker": story.kicker,
        "headline": story.headline,
        "lead": story.lead,
        "kind": story.kind,
        "language": story.language,
        "subjects": [subject.code for subject in story.subjects.all()],
        "tags": [tag.name for tag in story.tags.all()],
        "unit": story.unit,
        "published_at": story.published_at,
        "first_published_at": story.first_published_at or story.published_at,
        "updated_at": story.updated_at,
        "image": _photo(request, lead_photo) if lead_photo is not None else None,
    }


def _page_address(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return canonical.absolute(request, f"{request.path}?{query.urlencode()}")


@router.get(
    "/news",
    auth=None,
    response={200: PublicNewsPage, 400: ErrorOut, 422: InvalidOut},
    summary="Published stories, newest first (no authentication)",
)
def public_news_list(request: HttpRequest, filters: Query[PublicNewsFilters]) -> dict[str, Any]:
    stories = public_stories()
    unit = unit_named(filters.unit)
    if unit is not None:
        stories = stories.filter(unit_id__in=UnitTree.load().subtree(unit.pk))
    if filters.subject:
        stories = stories.filter(subjects__code=filters.subject)
    if filters.tag.strip():
        stories = stories.filter(tags__name=filters.tag.strip())
    if filters.kind:
        stories = stories.filter(kind=filters.kind)
    if filters.language:
        stories = stories.filter(language=filters.language)
    since = _day_start(filters.since) if filters.since else None
    until = _day_start(filters.until, days_after=1) if filters.until else None
    if since is not None:
        stories = stories.filter(published_at__gte=since)
    if until is not None:
        stories = stories.filter(published_at__lt=until)
    count = stories.count()
    window = page_slice(filters.page, filters.page_size)
    page = list(stories.prefetch_related("subjects", "tags", "photos")[window]) if count else []
    return {
        "items": [_news_item(request, story) for story in page],
        "count": count,
        "next": _page_address(request, filters.page + 1) if window.stop < count else None,
        "previous": _page_address(request, filters.page - 1) if filters.page > 1 else None,
        "page": filters.page,
        "page_size": filters.page_size,
    }


def _public_story(code: int) -> Story:
    """The public story with this code; 404 for any other, withdrawn ones included."""
    try:
        return access_public_story(code)
    except (Http404, StoryGoneError):
        raise HttpError(404, _("خبر منتشرشده‌ای با این کد پیدا نشد.")) from None


@router.get(
    "/news/{code}",
    auth=None,
    response={200: PublicNewsDetail, 404: ErrorOut, 422: InvalidOut},
    summary="A published story by its news code (no authentication)",
)
def public_news_detail(request: HttpRequest, code: int) -> dict[str, Any]:
    story = _public_story(code)
    prefetch_related_objects([story], "subjects", "tags", "photos", "change_notes")
    origin = story.origin if story.origin is not None and story.origin.is_public else None
    return {
        **_news_item(request, story),
        "body": story.body,
        "version": story.version,
        "corrected": story.status == Story.Status.CORRECTED,
        "photos": [_photo(request, photo) for photo in story.photos.all()],
        "change_notes": list(story.change_notes.all()),
        "origin": None
        if origin is None
        else {
            "code": origin.code,
            "url": canonical.story_url(request, origin),
            "unit": origin.unit,
        },
        "ninjs": canonical.absolute(
            request, reverse("api:public_news_ninjs", kwargs={"code": story.code})
        ),
    }


@router.get(
    "/news/{code}/ninjs",
    auth=None,
    response={200: NinjsOut, 404: ErrorOut, 422: InvalidOut},
    by_alias=True,
    exclude_none=True,
    url_name="public_news_ninjs",
    summary="A published story as IPTC ninjs 3.1 (no authentication)",
    description="Validates against http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
)
def public_news_ninjs(request: HttpRequest, code: int) -> NinjsOut:
    story = _public_story(code)
    prefetch_related_objects([story], "subjects", "tags", "photos", "change_notes")
    return story_ninjs(request, story)
