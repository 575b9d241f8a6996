"""The desk's story lists: my stories, my units' review queue, the network feed, oversight
and search. Every list starts from ``permissions.visible_stories`` or from units the person
edits, so nothing another unit has not published ever shows up."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse

from hamafza.newsroom.forms import (
    FeedFilterForm,
    MyStoriesFilterForm,
    SearchForm,
)
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import can_republish, visible_stories, writable_unit_ids
from hamafza.newsroom.workflow import EDITOR_ROLES, WRITER_ROLES
from hamafza.org import selectors
from hamafza.org.models import Role
from hamafza.org.permissions import Access, access_staff
from hamafza.org.views._common import DeskRequest, paginate, render_page

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
    form = FeedFilterForm(request.GET, units=selectors.unit_tree())
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


@login_required
def story_search(request: DeskRequest) -> HttpResponse:
    access_staff(request.user)
    form = SearchForm(request.GET)
    pagination = None
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        found = visible_stories(request.user)
        for word in query.split()[:8]:
            found = found.filter(Q(headline__icontains=word) | Q(lead__icontains=word))
        pagination = paginate(
            request, found.select_related("unit").order_by("-updated_at", "-id"), STORIES_PER_PAGE
        )
    context = {"form": form, "pagination": pagination, "query": query}
    return render_page(request, "newsroom/story_search.html", context, fragment="results")
