"""Queries of media relations: the desk's lists (scoped by ``permissions.media`` before any
other filter), a contact's history, and the network view's figures."""

from datetime import date, datetime
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from hamafza.network.models.media import (
    ENQUIRY_OPEN,
    MediaContact,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.network.permissions.media import (
    scope_unit_ids,
    visible_contacts,
    visible_enquiries,
    visible_interactions,
    visible_outlets,
)
from hamafza.org.models import Domain
from hamafza.org.permissions import access_for
from hamafza.search.normalize import search_key


def _words(q: str) -> list[str]:
    return search_key(q).split()[:8]


def contact_list(
    *,
    viewer: Any,
    q: str = "",
    beat: str = "",
    region_ids: set[int] | None = None,
    outlet_id: int | None = None,
    unit_ids: set[int] | None = None,
) -> QuerySet[MediaContact]:
    """Contacts the viewer may see; ``q`` matches name, role, outlet, channels and beats
    however the Persian is typed (``search_key``)."""
    contacts = visible_contacts(viewer)
    for word in _words(q):
        contacts = contacts.filter(search_text__contains=word)
    if beat:
        contacts = contacts.filter(beat_rows__beat=beat)
    if region_ids is not None:
        contacts = contacts.filter(region_id__in=region_ids)
    if outlet_id is not None:
        contacts = contacts.filter(outlet_id=outlet_id)
    if unit_ids is not None:
        contacts = contacts.filter(owner_unit_id__in=unit_ids)
    return (
        contacts.select_related("owner_unit", "outlet", "region")
        .prefetch_related("beat_rows")
        .order_by("name", "id")
    )


def outlet_list(
    *, viewer: Any, q: str = "", kind: str = "", region_ids: set[int] | None = None
) -> QuerySet[MediaOutlet]:
    outlets = visible_outlets(viewer)
    for word in _words(q):
        outlets = outlets.filter(search_text__contains=word)
    if kind:
        outlets = outlets.filter(kind=kind)
    if region_ids is not None:
        outlets = outlets.filter(region_id__in=region_ids)
    scope = scope_unit_ids(access_for(viewer))
    return (
        outlets.select_related("region", "owner_unit")
        .annotate(contact_count=Count("contacts", filter=Q(contacts__owner_unit_id__in=scope)))
        .order_by("name", "id")
    )


def enquiry_list(
    *,
    viewer: Any,
    mine: bool = False,
    status: str = "",
    overdue: bool = False,
    unit_ids: set[int] | None = None,
    q: str = "",
    now: datetime | None = None,
) -> QuerySet[PressEnquiry]:
    """Enquiries the viewer may see: ``mine`` — owned by the viewer; ``overdue`` — open with
    the deadline passed. Open ones first, the nearest deadline first."""
    enquiries = visible_enquiries(viewer)
    if mine:
        enquiries = enquiries.filter(owner=viewer)
    if status:
        enquiries = enquiries.filter(status=status)
    if overdue:
        enquiries = enquiries.filter(status__in=ENQUIRY_OPEN, deadline__lt=now or timezone.now())
    if unit_ids is not None:
        enquiries = enquiries.filter(unit_id__in=unit_ids)
    for word in q.split()[:8]:
        enquiries = enquiries.filter(subject__icontains=word)
    waiting = Case(When(status__in=ENQUIRY_OPEN, then=Value(0)), default=Value(1))
    return (
        enquiries.select_related("unit", "contact", "outlet", "owner")
        .annotate(waiting=waiting)
        .order_by("waiting", "deadline", "id")
    )


def overdue_count(viewer: Any, *, mine: bool = False, now: datetime | None = None) -> int:
    return enquiry_list(viewer=viewer, mine=mine, overdue=True, now=now).count()


def contact_interactions(viewer: Any, contact: MediaContact) -> list[MediaInteraction]:
    return list(
        visible_interactions(viewer)
        .filter(contact=contact)
        .select_related("unit", "outlet", "story", "created_by")
        .order_by("-occurred_at", "-id")
    )


def contact_enquiries(viewer: Any, contact: MediaContact) -> list[PressEnquiry]:
    return list(
        visible_enquiries(viewer)
        .filter(contact=contact)
        .select_related("unit", "owner")
        .order_by("-received_at", "-id")
    )


def outlet_interactions(
    viewer: Any, outlet: MediaOutlet, limit: int = 30
) -> list[MediaInteraction]:
    return list(
        visible_interactions(viewer)
        .filter(Q(outlet=outlet) | Q(contact__outlet=outlet))
        .select_related("unit", "contact", "story")
        .order_by("-occurred_at", "-id")[:limit]
    )


# --- The network view's contract -----------------------------------------------------------


def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    """Extra-agency work per month: interactions logged (by when they happened) plus
    enquiries answered (by when they were answered), in ``[since, until)``."""
    per_month: dict[date, int] = {}
    interactions = (
        MediaInteraction.objects.filter(occurred_at__gte=since, occurred_at__lt=until)
        .annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    answered = (
        PressEnquiry.objects.filter(answered_at__gte=since, answered_at__lt=until)
        .annotate(month=TruncMonth("answered_at"))
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in [*interactions, *answered]:
        month = row["month"]
        day = month.date() if isinstance(month, datetime) else month
        per_month[day] = per_month.get(day, 0) + row["n"]
    code = Domain.Code.EXTRA_AGENCY.value
    return [(code, month, count) for month, count in sorted(per_month.items())]


def network_edges(*, since: datetime, until: datetime) -> list[tuple[int, int, str, int]]:
    """Media relations connect units with journalists, not units with each other: no edges."""
    return []
