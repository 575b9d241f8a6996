"""Queries over directives: the issuer's list with per-directive counts, the recipients'
inbox, the overdue list, and the figures the network view reads."""

from collections import Counter
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.network.permissions.directives import issuer_line_directives
from hamafza.network.services.directives import pending_recipients
from hamafza.org.models import Domain
from hamafza.org.permissions import access_for

D = Directive
_DONE = Q(recipients__reported_at__isnull=False) | Q(
    required_action=D.RequiredAction.ACKNOWLEDGE, recipients__acknowledged_at__isnull=False
)


def issued_list(*, viewer: Any, q: str = "", status: str = "") -> QuerySet[Directive]:
    """Directives the viewer sees from the issuer's side, newest first, with ``n_recipients``,
    ``n_read`` and ``n_done``."""
    found = issuer_line_directives(viewer).select_related("issuer_unit")
    if status in D.Status.values:
        found = found.filter(status=status)
    if q:
        found = found.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return found.annotate(
        n_recipients=Count("recipients"),
        n_read=Count("recipients", filter=Q(recipients__read_at__isnull=False)),
        n_done=Count("recipients", filter=_DONE),
    ).order_by(F("sent_at").desc(nulls_first=True), "-updated_at", "-id")


def inbox(*, viewer: Any, unread_only: bool = False) -> QuerySet[DirectiveRecipient]:
    """Sent directives addressed to the units the viewer is a member of, newest first."""
    access = access_for(viewer)
    rows = DirectiveRecipient.objects.filter(
        directive__status=D.Status.SENT, unit_id__in=list(access.roles_by_unit)
    )
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("directive__issuer_unit", "unit").order_by(
        "-directive__sent_at", "-id"
    )


def inbox_unread_count(viewer: Any) -> int:
    return inbox(viewer=viewer, unread_only=True).count()


def overdue_list(*, viewer: Any, now: datetime | None = None) -> QuerySet[DirectiveRecipient]:
    """Recipient units past the due date without the required action, across the directives
    the viewer sees from the issuer's side; the longest overdue first."""
    now = now or timezone.now()
    return (
        pending_recipients()
        .filter(directive__in=issuer_line_directives(viewer), directive__due_at__lt=now)
        .select_related("directive__issuer_unit", "unit")
        .order_by("directive__due_at", "unit__name")
    )


def recipient_rows(directive: Directive, rows: QuerySet[DirectiveRecipient]) -> list[Any]:
    """The rows with what the status table shows, in one query for the thread counts."""
    found = list(
        rows.select_related("unit", "read_by", "acknowledged_by", "reported_by")
        .annotate(n_replies=Count("replies", distinct=True))
        .order_by("unit__name")
    )
    for row in found:
        row.directive = directive
    return found


def state_counts(rows: list[DirectiveRecipient], now: datetime | None = None) -> dict[str, int]:
    """How many recipient rows are unread, read but not done, done, overdue, in all."""
    now = now or timezone.now()
    return {
        "total": len(rows),
        "unread": sum(1 for row in rows if row.read_at is None),
        "read_pending": sum(1 for row in rows if row.read_at is not None and not row.is_done),
        "done": sum(1 for row in rows if row.is_done),
        "overdue": sum(1 for row in rows if row.is_overdue(now)),
    }


def _month(moment: datetime) -> date:
    local = timezone.localtime(moment)
    return date(local.year, local.month, 1)


def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    """Directives sent plus directives answered (acknowledged or reported) per month, all in
    the intra-agency domain."""
    counts: Counter[date] = Counter()
    for sent_at in Directive.objects.filter(
        status=D.Status.SENT, sent_at__gte=since, sent_at__lt=until
    ).values_list("sent_at", flat=True):
        if sent_at is not None:
            counts[_month(sent_at)] += 1
    answered = DirectiveRecipient.objects.filter(
        Q(reported_at__gte=since, reported_at__lt=until)
        | Q(reported_at__isnull=True, acknowledged_at__gte=since, acknowledged_at__lt=until)
    ).values_list("reported_at", "acknowledged_at")
    for reported_at, acknowledged_at in answered:
        answered_at = reported_at or acknowledged_at
        if answered_at is not None:
            counts[_month(answered_at)] += 1
    code = Domain.Code.INTRA_AGENCY.value
    return [(code, month, n) for month, n in sorted(counts.items())]


def network_edges(*, since: datetime, until: datetime) -> list[tuple[int, int, str, int]]:
    """Issuer unit → recipient unit, weighted by the directives the recipient answered
    (acknowledged or reported) in the period."""
    rows = DirectiveRecipient.objects.filter(
        Q(reported_at__gte=since, reported_at__lt=until)
        | Q(reported_at__isnull=True, acknowledged_at__gte=since, acknowledged_at__lt=until)
    ).values_list("directive__issuer_unit_id", "unit_id")
    weights: Counter[tuple[int, int]] = Counter(rows)
    return [(a, b, "directive", n) for (a, b), n in sorted(weights.items())]


__all__ = [
    "domain_activity",
    "inbox",
    "inbox_unread_count",
    "issued_list",
    "network_edges",
    "overdue_list",
    "recipient_rows",
    "state_counts",
]
