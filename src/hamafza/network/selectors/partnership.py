"""Queries of partnership work: the joint activity list and its filters, a partner's joint
activities, stories offered for linking, bulletins, and the network view's figures."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hamafza.network.models.partnership import (
    Bulletin,
    BulletinDelivery,
    BulletinItem,
    JointActivity,
)
from hamafza.network.permissions.partnership import visible_bulletins, visible_joint_activities
from hamafza.newsroom.models import PUBLIC_STATUSES, Story
from hamafza.newsroom.permissions import visible_stories
from hamafza.org.models import Domain, Partner, Unit
from hamafza.org.permissions import access_for

STORY_CHOICES_LIMIT = 80


def joint_activity_list(
    *,
    viewer: Any,
    domain: str = "",
    partner: Partner | None = None,
    unit: Unit | None = None,
    include_subunits: bool = True,
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
) -> QuerySet[JointActivity]:
    """Joint activities matching every filter, newest first. ``unit``: activities it recorded
    or took part in (with the units below it unless ``include_subunits`` is off)."""
    found = visible_joint_activities(viewer)
    if domain:
        found = found.filter(domain_id=domain)
    if partner is not None:
        found = found.filter(partners=partner)
    if unit is not None:
        ids = access_for(viewer).tree.subtree(unit.pk) if include_subunits else {unit.pk}
        joined = JointActivity.other_units.through.objects.filter(unit_id__in=ids)
        found = found.filter(Q(unit_id__in=ids) | Q(pk__in=joined.values("jointactivity_id")))
    if date_from is not None:
        found = found.filter(occurred_on__gte=date_from)
    if date_to is not None:
        found = found.filter(occurred_on__lte=date_to)
    for word in q.split()[:8]:
        found = found.filter(
            Q(title__icontains=word) | Q(place__icontains=word) | Q(description__icontains=word)
        )
    return (
        found.select_related("unit", "domain")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.order_by("name")),
            Prefetch("other_units", queryset=Unit.objects.order_by("name")),
        )
        .order_by("-occurred_on", "-id")
    )


def partner_joint_activities(*, viewer: Any, partner: Partner) -> QuerySet[JointActivity]:
    """The joint activities carried out with ``partner`` (for the partner's page)."""
    return joint_activity_list(viewer=viewer, partner=partner)


def joint_activity_stories(*, viewer: Any, activity: JointActivity) -> list[Story]:
    """The activity's linked stories the viewer may see (a linked draft stays hidden from the
    rest of the network until it is published)."""
    return list(
        visible_stories(viewer)
        .filter(joint_activities=activity)
        .select_related("unit")
        .order_by("-published_at", "-id")
    )


def linkable_stories(
    *, viewer: Any, unit_ids: set[int], keep: list[int] | None = None
) -> list[Story]:
    """Stories offered for linking to an activity: the participating units' recent stories the
    viewer may see, plus those already linked. Others are linked by their news code."""
    since = timezone.now() - timedelta(days=365)
    recent = (
        visible_stories(viewer)
        .filter(unit_id__in=unit_ids, created_at__gte=since)
        .exclude(status=Story.Status.SPIKED)
        .select_related("unit")
        .order_by("-created_at", "-id")[:STORY_CHOICES_LIMIT]
    )
    found = {story.pk: story for story in recent}
    if keep:
        for story in Story.objects.filter(pk__in=keep).select_related("unit"):
            found.setdefault(story.pk, story)
    return sorted(found.values(), key=lambda s: s.created_at, reverse=True)


def stories_by_codes(codes: list[int]) -> dict[int, Story]:
    """Published stories by news code (what a person may link from any unit)."""
    return {
        story.code: story
        for story in Story.objects.filter(code__in=codes, status__in=PUBLIC_STATUSES)
        if story.code is not None
    }


def bulletin_candidate_stories(*, unit_ids: set[int] | None, days: int = 45) -> list[Story]:
    """Recent published stories for a bulletin: of ``unit_ids`` (None: the whole network)."""
    since = timezone.now() - timedelta(days=days)
    stories = Story.objects.filter(status__in=PUBLIC_STATUSES, published_at__gte=since)
    if unit_ids is not None:
        stories = stories.filter(unit_id__in=unit_ids)
    return list(
        stories.select_related("unit").order_by("-published_at", "-id")[:STORY_CHOICES_LIMIT]
    )


def bulletin_list(*, viewer: Any, status: str = "") -> QuerySet[Bulletin]:
    found = visible_bulletins(viewer)
    if status:
        found = found.filter(status=status)
    return found.select_related("unit").order_by("-issued_at", "-created_at", "-id")


def bulletin_items(bulletin: Bulletin) -> list[BulletinItem]:
    return list(bulletin.items.select_related("story__unit").order_by("position", "id"))


def bulletin_deliveries_due() -> bool:
    """Whether an issued bulletin still has e-mails to send (for the worker's sweep, which then
    enqueues ``network.tasks.bulletin_deliveries_send_task`` if none is waiting)."""
    return BulletinDelivery.objects.filter(
        bulletin__status=Bulletin.Status.ISSUED, sent_at__isnull=True, failed_at__isnull=True
    ).exists()


def bulletin_delivery_counts(bulletin: Bulletin) -> dict[str, int]:
    rows = bulletin.deliveries.all()
    return {
        "total": rows.count(),
        "sent": rows.filter(sent_at__isnull=False).count(),
        "failed": rows.filter(failed_at__isnull=False).count(),
    }


# --- The network view ---------------------------------------------------------------------


def _day_range(since: datetime, until: datetime) -> tuple[date, date]:
    """Days whose local start lies in [since, until): (first day, day after the last)."""

    def start(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))

    first = timezone.localdate(since)
    if start(first) < since:
        first += timedelta(days=1)
    end = timezone.localdate(until)
    if start(end) < until:
        end += timedelta(days=1)
    return first, end


def network_edges(*, since: datetime, until: datetime) -> list[tuple[int, int, str, int]]:
    """(unit_a_id, unit_b_id, "joint", weight) with unit_a_id < unit_b_id: two units took part
    (recording it or named as participants) in ``weight`` joint activities of the period."""
    first, end = _day_range(since, until)
    activities = JointActivity.objects.filter(occurred_on__gte=first, occurred_on__lt=end)
    participants: dict[int, set[int]] = {
        pk: {unit_id} for pk, unit_id in activities.values_list("pk", "unit_id")
    }
    for activity_id, unit_id in JointActivity.other_units.through.objects.filter(
        jointactivity__in=activities
    ).values_list("jointactivity_id", "unit_id"):
        participants[activity_id].add(unit_id)
    weights: Counter[tuple[int, int]] = Counter()
    for units in participants.values():
        for pair in combinations(sorted(units), 2):
            weights[pair] += 1
    return [(a, b, "joint", weight) for (a, b), weight in sorted(weights.items())]


def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    """(domain code, first day of the month, count): joint activities by their domain and
    month, plus bulletins issued, counted in ``intra_agency``."""
    first, end = _day_range(since, until)
    counts: Counter[tuple[str, date]] = Counter()
    for code, day in JointActivity.objects.filter(
        occurred_on__gte=first, occurred_on__lt=end
    ).values_list("domain_id", "occurred_on"):
        counts[(code, day.replace(day=1))] += 1
    for issued_at in Bulletin.objects.filter(
        status=Bulletin.Status.ISSUED, issued_at__gte=since, issued_at__lt=until
    ).values_list("issued_at", flat=True):
        if issued_at is not None:
            counts[
                (Domain.Code.INTRA_AGENCY.value, timezone.localdate(issued_at).replace(day=1))
            ] += 1
    return [(code, month, n) for (code, month), n in sorted(counts.items())]
