"""Public pages: the search (``/search/``) and a story (``/news/<code>/``).

Nothing here needs signing in, and nothing here shows a story that is not public: the search
runs with ``viewer=None`` (published stories only, scoped inside the index query) and the
story page reads only stories in ``PUBLIC_STATUSES``.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hamafza.newsroom.forms import text_direction
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.views.lists import search_page
from hamafza.org.selectors import unit_tree
from hamafza.org.views._common import render_page
from hamafza.portal.forms import PublicSearchForm

RESULTS_PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    form = PublicSearchForm(request.GET, units=unit_tree())
    found = pagination = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            found, pagination = search_page(
                request,
                text=query,
                viewer=None,
                filters=form.search_filters(),
                per_page=RESULTS_PER_PAGE,
            )
    context = {"form": form, "found": found, "pagination": pagination, "query": query}
    return render_page(request, "portal/search.html", context, fragment="results")


def story(request: HttpRequest, code: int, slug: str = "") -> HttpResponse:
    """A published story by its news code; 404 for any other (a draft, an unpublished one,
    a code never given) alike."""
    public = Story.objects.filter(status__in=PUBLIC_STATUSES).select_related("unit", "origin__unit")
    found = get_object_or_404(public, code=code)
    context = {
        "story": found,
        "direction": text_direction(found.language),
        "photos": list(found.photos.all()),
        "attachments": list(found.attachments.all()),
        "subjects": list(found.subjects.all()),
        "tags": list(found.tags.all()),
        "change_notes": list(found.change_notes.all()),
    }
    return render(request, "portal/story.html", context)
