"""The public listings: the national home, a unit's section, tag and subject pages and the
English and Arabic sections. Each list is a few indexed queries (``selectors``); archives are
paginated like the desk's lists (``?page=``, htmx swapping only the list when it is there)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hamafza.newsroom.forms import text_direction
from hamafza.newsroom.models import Story, Subject, Tag
from hamafza.org.views._common import paginate, render_page
from hamafza.portal import selectors
from hamafza.portal.pagecache import NETWORK, cached_page, depends_on, unit_key

FEATURED_COUNT = 5
LATEST_COUNT = 12
PER_SUBJECT = 3
MOST_READ_COUNT = 5
STORIES_PER_PAGE = 20

# The international sections, titled in their own language (they are not translated: an
# English reader looks for "News in English" whatever the interface's language).
SECTIONS = {
    Story.Language.EN: "News in English",
    Story.Language.AR: "الأخبار باللغة العربية",
}


@cached_page(NETWORK)
def home(request: HttpRequest) -> HttpResponse:
    """The national home: HQ's featured stories, the latest from the network (in Persian),
    the newest under each subject, the most read, the e-services block, and the ways to the
    international sections and the units' sections."""
    stories = selectors.home_stories(
        featured=FEATURED_COUNT,
        latest=LATEST_COUNT,
        per_subject=PER_SUBJECT,
        most_read=MOST_READ_COUNT,
        language=Story.Language.FA,
    )
    context = {
        "featured": stories.featured,
        "latest": stories.latest,
        "shelves": stories.shelves,
        "most_read": stories.most_read,
        "eservices": selectors.eservice_links(),
        "units": selectors.top_units(),
    }
    return render(request, "portal/home.html", context)


@cached_page()
def unit(request: HttpRequest, slug: str) -> HttpResponse:
    """A unit's section: its way up to HQ, its sub-units, and the stories of the unit and
    every unit below it."""
    section = selectors.unit_section(slug)
    if section is None:
        raise Http404
    depends_on(request, unit_key(section.unit.pk))
    pagination = paginate(request, selectors.unit_stories(section.subtree_ids), STORIES_PER_PAGE)
    context = {"section": section, "pagination": pagination}
    return render_page(request, "portal/unit.html", context, fragment="archive")


@cached_page(NETWORK)
def tag(request: HttpRequest, pk: int) -> HttpResponse:
    """The public stories under a tag; 404 when there is none (a tag used only by unpublished
    work is not shown, nor its name)."""
    found = get_object_or_404(Tag, pk=pk)
    pagination = paginate(request, selectors.tag_stories(found.pk), STORIES_PER_PAGE)
    if not pagination.page.paginator.count:
        raise Http404
    context = {"tag": found, "pagination": pagination}
    return render_page(request, "portal/tag.html", context, fragment="archive")


@cached_page(NETWORK)
def subject(request: HttpRequest, code: str) -> HttpResponse:
    if code not in Subject.Code.values:
        raise Http404
    pagination = paginate(request, selectors.subject_stories(code), STORIES_PER_PAGE)
    context = {"subject": Subject.Code(code), "pagination": pagination}
    return render_page(request, "portal/subject.html", context, fragment="archive")


@cached_page(NETWORK)
def language_section(request: HttpRequest, language: str) -> HttpResponse:
    """The English or Arabic section: the international stories in that language, the
    section marked with its language and direction."""
    if language not in SECTIONS:
        raise Http404
    pagination = paginate(request, selectors.language_stories(language), STORIES_PER_PAGE)
    context = {
        "language": language,
        "direction": text_direction(language),
        "title": SECTIONS[Story.Language(language)],
        "pagination": pagination,
    }
    return render_page(request, "portal/section.html", context, fragment="archive")
