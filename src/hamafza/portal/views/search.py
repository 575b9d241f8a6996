"""``/search/``: the public search.

It runs with ``viewer=None`` (published stories only, scoped inside the index query).
"""

from django.http import HttpRequest, HttpResponse

from hamafza.newsroom.views.lists import search_page
from hamafza.org.views._common import render_page
from hamafza.portal.forms import PublicSearchForm
from hamafza.portal.pagecache import NETWORK, cached_page
from hamafza.portal.selectors import unit_tree

RESULTS_PER_PAGE = 20


@cached_page(NETWORK)
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
