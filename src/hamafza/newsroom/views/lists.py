"""The desk's story lists: my stories, my units' review queue, the network feed, oversight
and search. Every list starts from ``permissions.visible_stories`` or from units the person
edits, and search goes through ``selectors.story_search``, which scopes the same way: nothing
another unit has not published ever shows up, not even in a count."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse

from hamafza.common.persian import to_ascii_digits
from hamafza.newsroom import selectors
from hamafza.newsroom.forms import (
    FeedFilterForm,
    MyStoriesFilterForm,
    SearchForm,
)
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import can_republish, visible_stories, writable_unit_ids
from hamafza.newsroom.workflow import EDITOR_ROLES, WRITER_ROLES
from hamafza.org import selectors as org_selectors
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_staff
from hamafza.org.views._common import DeskRequest, Pagination, paginate, render_page
from hamafza.search.engine import MAX_RESULTS

S = Story.Status
STORIES_PER_PAGE = 30
QUEUE_LIMIT = 100


def _editor_unit_ids(access: Access) -> set[int]:
    """Units whose stories the person reviews: where they edit, and every unit below."""
    if access.is_superuser:
        return set(access.tree.parent)
    return access.tree.subtrees(access.units_with(EDITOR_ROLES))


def _is_hq_editor(access: Access) -> bool:
    return access.is_superuser or any(
        access.tree.is_hq_side(unit_id) for unit_id in access.units_with({Role.HQ_EDITOR})
    )


@login_required
def my_stories(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    user = request.user
    form = MyStoriesFilterForm(request.GET)
    authored = Story.authors.through.objects.filter(user_id=user.pk).values("story_id")
    mine = visible_stories(user).filter(Q(created_by=user) | Q(pk__in=authored))
    counts = {
        row["status"]: row["n"] for row in mine.order_by().values("status").annotate(n=Count("pk"))
    }
    pagination = None
    if form.is_valid():
        status = form.cleaned_data["status"]
        shown = mine.filter(status=status) if status else mine
        pagination = paginate(
            request, shown.select_related("unit").order_by("-updated_at", "-id"), STORIES_PER_PAGE
        )
    context = {
        "form": form,
        "pagination": pagination,
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in S.choices if counts.get(value)
        ],
        "total": sum(counts.values()),
        "can_create": bool(writable_unit_ids(access)),
    }
    return render_page(request, "newsroom/my_stories.html", context, fragment="rows")


@login_required
def review_queue(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    unit_ids = _editor_unit_ids(access)
    in_units = Story.objects.filter(unit_id__in=unit_ids).select_related("unit", "created_by")
    submitted = in_units.filter(status=S.SUBMITTED).order_by("updated_at", "id")
    awaiting = in_units.filter(status__in=[S.APPROVED, S.SCHEDULED]).order_by(
        "scheduled_for", "updated_at", "id"
    )
    context = {
        "is_editor": bool(unit_ids),
        "submitted": list(submitted[:QUEUE_LIMIT]),
        "submitted_count": submitted.count(),
        "awaiting": list(awaiting[:QUEUE_LIMIT]),
        "awaiting_count": awaiting.count(),
        "limit": QUEUE_LIMIT,
    }
    return render_page(request, "newsroom/review_queue.html", context)


def _feed(form: FeedFilterForm, access: Access, user: Any) -> QuerySet[Story]:
    stories = visible_stories(user).filter(status__in=PUBLIC_STATUSES)
    data = form.cleaned_data
    unit = form.selected_unit
    if unit is not None:
        stories = stories.filter(unit_id__in=access.tree.subtree(unit.pk))
    if data["kind"]:
        stories = stories.filter(kind=data["kind"])
    if data["subject"]:
        stories = stories.filter(subjects__code=data["subject"])
    return stories.select_related("unit").order_by("-published_at", "-id")


@login_required
def network_feed(request: DeskRequest) -> HttpResponse:
    access = access_staff(request.user)
    form = FeedFilterForm(request.GET, units=org_selectors.unit_tree())
    pagination = None
    if form.is_valid():
        pagination = paginate(request, _feed(form, access, request.user), STORIES_PER_PAGE)
    # A story can be adopted into a unit other than its own where the person writes.
    own_units = access.units_with(WRITER_ROLES)
    republishable = set()
    if pagination is not None:
        republishable = {
            story.pk
            for story in pagination.items
            if can_republish(access, story) and own_units - {story.unit_id}
        }
    context = {"form": form, "pagination": pagination, "republishable": republishable}
    return render_page(request, "newsroom/network_feed.html", context, fragment="results")


@login_required
def oversight(request: DeskRequest) -> HttpResponse:
    """Force-published stories awaiting retrospective approval (for editors of their units),
    and the stories units asked to feature on the national front page (for HQ editors)."""
    access = access_staff(request.user)
    unit_ids = _editor_unit_ids(access)
    hq = _is_hq_editor(access)
    if not unit_ids and not hq:
        raise PermissionDenied
    retro = (
        Story.objects.filter(unit_id__in=unit_ids, needs_retro_approval=True)
        .select_related("unit")
        .order_by("published_at", "id")
    )
    requested = (
        Story.objects.filter(status__in=PUBLIC_STATUSES, feature=Story.Feature.REQUESTED)
        .select_related("unit")
        .order_by("published_at", "id")
        if hq
        else Story.objects.none()
    )
    context = {
        "is_editor": bool(unit_ids),
        "is_hq": hq,
        "retro": list(retro[:QUEUE_LIMIT]),
        "requested": list(requested[:QUEUE_LIMIT]),
    }
    return render_page(request, "newsroom/oversight.html", context)


def _page_number(request: HttpRequest) -> int:
    """``?page=`` (Persian digits accepted); 1 when missing or not a number."""
    text = to_ascii_digits(request.GET.get("page", "")).strip()
    if text.isascii() and text.isdigit() and len(text) <= 6:
        return max(1, int(text))
    return 1


def search_page(
    request: HttpRequest,
    *,
    text: str,
    viewer: Any,
    filters: selectors.StoryFilters,
    per_page: int,
) -> tuple[selectors.StorySearch, Pagination]:
    """The requested page (``?page=``) of ``selectors.story_search``, with its page links;
    past the last page, the last one. Text without a word to look for (only punctuation,
    say) finds nothing. The public search page (``viewer`` None) uses it too."""
    # No page lies deeper than MAX_RESULTS; the search neither ranks nor counts there.
    deepest = -(-MAX_RESULTS // per_page)
    found = selectors.story_search(
        text=text,
        viewer=viewer,
        filters=filters,
        page=min(_page_number(request), deepest),
        per_page=per_page,
    )
    if found.page > found.pages:
        found = selectors.story_search(
            text=text, viewer=viewer, filters=filters, page=found.pages, per_page=per_page
        )
    # The search counts and ranks; a paginator over as many places as it has pages draws
    # the same page links as every other list.
    paginator = Paginator(range(found.pages * found.per_page), found.per_page)
    page = paginator.page(found.page)
    numbers = [
        number if isinstance(number, int) else None
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return found, Pagination(page=page, numbers=numbers)


@login_required
def story_search(request: DeskRequest) -> HttpResponse:
    """Every story the person may see (``selectors.story_search`` scopes it: another unit's
    unpublished work is neither found nor counted), best match first."""
    access_staff(request.user)
    form = SearchForm(request.GET, units=org_selectors.unit_tree())
    found = pagination = None
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            found, pagination = search_page(
                request,
                text=query,
                viewer=request.user,
                filters=form.search_filters(),
                per_page=STORIES_PER_PAGE,
            )
    context = {"form": form, "found": found, "pagination": pagination, "query": query}
    return render_page(request, "newsroom/story_search.html", context, fragment="results")
