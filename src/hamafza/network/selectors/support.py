"""Queries of support requests: lists, the offers inbox, the ranked candidates, a person's
contributions, the credits on a story, and the network view's figures.

"Nearest" (``proximity``) is measured in the unit tree. A unit's *region* is its province (the
province itself or the province above it); HQ and its offices form one region of their own.
From the requesting unit, a candidate unit falls in one of five tiers, nearest first:

0. the requesting unit itself;
1. a neighbour in the same region, at most two steps away in the tree: its parent, its children,
   its siblings (the other counties of the province), its grandparent or grandchildren;
2. the rest of the region (the province's other units, further away);
3. other provinces (and everything below them);
4. HQ and its offices (the last resort of a provincial request; for a request made at HQ they
   are its own region, tiers 0–2, and the provinces come after them as tier 3).

Within a tier candidates are ordered by tree distance (the number of edges between the two
units), then by name. A practitioner with memberships in several units is ranked by the
nearest one, and that unit is the helper's unit on the offer.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.network.models.support import SupportOffer, SupportRequest
from hamafza.network.permissions.support import can_view, visible_requests
from hamafza.newsroom.models import Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.models import Domain, Membership, Unit
from hamafza.org.permissions import UnitTree, access_for

SAME_UNIT, NEIGHBOUR, REGION, OTHER_PROVINCE, HQ = range(5)
TIER_LABELS = {
    SAME_UNIT: _("همین واحد"),
    NEIGHBOUR: _("واحدهای هم‌جوار"),
    REGION: _("دیگر واحدهای استان"),
    OTHER_PROVINCE: _("استان‌های دیگر"),
    HQ: _("ستاد"),
}


def region_of(tree: UnitTree, unit_id: int) -> int | None:
    """The province the unit belongs to (itself if it is one); None on the HQ side."""
    for candidate in [unit_id, *tree.ancestors(unit_id)]:
        if tree.kind.get(candidate) == Unit.Kind.PROVINCE:
            return candidate
    return None


def tree_distance(tree: UnitTree, a: int, b: int) -> int:
    """Edges on the path between two units of the tree."""
    path_a = [a, *tree.ancestors(a)]
    depth_in_a = {unit: depth for depth, unit in enumerate(path_a)}
    for depth_b, unit in enumerate([b, *tree.ancestors(b)]):
        if unit in depth_in_a:
            return depth_in_a[unit] + depth_b
    return len(path_a) + len(tree.ancestors(b)) + 1  # different trees: far apart


def proximity(tree: UnitTree, origin: int, target: int) -> tuple[int, int]:
    """(tier, tree distance) of ``target`` seen from the requesting unit ``origin``."""
    distance = tree_distance(tree, origin, target)
    if target == origin:
        return SAME_UNIT, 0
    same_region = region_of(tree, origin) == region_of(tree, target)
    if same_region and distance <= 2:
        return NEIGHBOUR, distance
    if same_region:
        return REGION, distance
    if tree.is_hq_side(target):
        return HQ, distance
    return OTHER_PROVINCE, distance


@dataclass
class Candidate:
    user: Any
    unit: Unit
    tier: int
    distance: int

    @property
    def tier_label(self) -> str:
        return str(TIER_LABELS[self.tier])


def support_candidates(
    request: SupportRequest, *, include_offered: bool = False
) -> list[Candidate]:
    """Active practitioners with the request's skill on their profile, nearest first.

    Everyone with a membership in an active unit counts; the person who asked is left out,
    and so (unless ``include_offered``) is everyone the request was already offered to.
    """
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__skills=request.skill)
        .exclude(pk=request.created_by_id or 0)
    )
    if not include_offered:
        users = users.exclude(support_offers__request=request)
    by_pk = {user.pk: user for user in users.distinct()}
    if not by_pk:
        return []
    tree = UnitTree.load()
    best: dict[int, tuple[int, int, int]] = {}
    for user_id, unit_id in Membership.objects.filter(
        user_id__in=by_pk, unit__is_active=True
    ).values_list("user_id", "unit_id"):
        tier, distance = proximity(tree, request.unit_id, unit_id)
        ranked = (tier, distance, unit_id)
        if user_id not in best or ranked < best[user_id]:
            best[user_id] = ranked
    units = Unit.objects.in_bulk({unit_id for _t, _d, unit_id in best.values()})
    candidates = [
        Candidate(user=by_pk[user_id], unit=units[unit_id], tier=tier, distance=distance)
        for user_id, (tier, distance, unit_id) in best.items()
    ]
    candidates.sort(key=lambda c: (c.tier, c.distance, c.unit.name, c.user.get_full_name()))
    return candidates


# --- Lists ---------------------------------------------------------------------------------


def support_request_list(
    *, viewer: Any, status: str = "", unit_ids: Iterable[int] | None = None
) -> QuerySet[SupportRequest]:
    requests = visible_requests(viewer).select_related("unit", "skill")
    if status:
        requests = requests.filter(status=status)
    if unit_ids is not None:
        requests = requests.filter(unit_id__in=list(unit_ids))
    return requests.order_by("-created_at", "-id")


def support_offers_for(user: Any, *, status: str = "") -> QuerySet[SupportOffer]:
    """The user's own offers (the "offers" inbox), newest first."""
    offers = SupportOffer.objects.filter(user_id=user.pk).select_related(
        "request__unit", "request__skill", "unit", "user"
    )
    if status:
        offers = offers.filter(status=status)
    return offers.order_by("-offered_at", "-id")


def pending_offer_count(user: Any) -> int:
    """Offers waiting for the user's answer on requests still looking for people."""
    return SupportOffer.objects.filter(
        user_id=user.pk,
        status=SupportOffer.Status.OFFERED,
        request__status__in=[SupportRequest.Status.OPEN, SupportRequest.Status.IN_PROGRESS],
    ).count()


def request_offers(request: SupportRequest) -> list[SupportOffer]:
    return list(request.offers.select_related("user__profile", "unit"))


def request_stories(request: SupportRequest, *, viewer: Any) -> list[Story]:
    """The request's credited stories the viewer may see."""
    return list(
        visible_stories(viewer).filter(support_requests=request).order_by("-published_at", "-id")
    )


def creditable_stories(request: SupportRequest) -> QuerySet[Story]:
    """Stories of the requesting unit that may be credited: not set aside, newest first."""
    return (
        Story.objects.filter(unit_id=request.unit_id)
        .exclude(status=Story.Status.SPIKED)
        .order_by("-updated_at", "-id")
    )


# --- Contributions and credits -------------------------------------------------------------


@dataclass
class Contribution:
    offer: SupportOffer
    request: SupportRequest
    visible: bool  # the viewer may open the request (else only its skill, unit and date show)
    stories: list[Story]


def support_contributions(person: Any, *, viewer: Any) -> list[Contribution]:
    """What ``person`` helped with (their ``done`` offers), newest first, as ``viewer`` may
    see it: stories only when the viewer may see them, the request's title only when the
    viewer may see the request."""
    access = access_for(viewer)
    seen_stories = visible_stories(viewer)
    offers = (
        SupportOffer.objects.filter(user_id=person.pk, status=SupportOffer.Status.DONE)
        .select_related("request__unit", "request__skill", "unit")
        .prefetch_related(
            Prefetch(
                "request__stories",
                queryset=seen_stories.order_by("-published_at", "-id"),
                to_attr="visible_stories",
            )
        )
        .order_by("-request__completed_at", "-id")
    )
    return [
        Contribution(
            offer=offer,
            request=offer.request,
            visible=can_view(access, offer.request),
            stories=list(getattr(offer.request, "visible_stories", [])),
        )
        for offer in offers
    ]


@dataclass
class SupportCredit:
    user: Any
    unit: Unit
    request: SupportRequest
    skill_name: str


def support_credits_for_story(story: Story) -> list[SupportCredit]:
    """The practitioners credited on ``story``: the helpers (``done`` offers) of every
    completed request that names it. For the story page: "with the help of …"."""
    offers = (
        SupportOffer.objects.filter(
            status=SupportOffer.Status.DONE,
            request__stories=story,
            request__status=SupportRequest.Status.COMPLETED,
        )
        .select_related("user", "unit", "request__skill")
        .order_by("request_id", "tier", "distance", "id")
    )
    return [
        SupportCredit(
            user=offer.user,
            unit=offer.unit,
            request=offer.request,
            skill_name=offer.request.skill.name,
        )
        for offer in offers
    ]


# --- The network view ----------------------------------------------------------------------


def _completed_between(since: datetime, until: datetime) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(
        status=SupportRequest.Status.COMPLETED, completed_at__gte=since, completed_at__lt=until
    )


def network_edges(*, since: datetime, until: datetime) -> list[tuple[int, int, str, int]]:
    """("support") edges from each helper's unit to the requesting unit, weighted by the
    completed requests (completed in [since, until)) the helpers of that unit took part in.
    Help within one unit is no edge."""
    pairs: dict[tuple[int, int], set[int]] = defaultdict(set)
    for helper_unit, requesting_unit, request_id in SupportOffer.objects.filter(
        status=SupportOffer.Status.DONE, request__in=_completed_between(since, until)
    ).values_list("unit_id", "request__unit_id", "request_id"):
        if helper_unit != requesting_unit:
            pairs[(helper_unit, requesting_unit)].add(request_id)
    return sorted((a, b, "support", len(ids)) for (a, b), ids in pairs.items())


def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    """Completed support requests per month (local time), all in the PR-network domain."""
    months: dict[date, int] = defaultdict(int)
    for completed_at in _completed_between(since, until).values_list("completed_at", flat=True):
        local = timezone.localtime(completed_at)
        months[date(local.year, local.month, 1)] += 1
    return [(Domain.Code.PR_NETWORK.value, month, count) for month, count in sorted(months.items())]
