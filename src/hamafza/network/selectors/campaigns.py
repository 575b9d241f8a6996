"""Reading campaigns: the list a person may see, a campaign's participation board, and the
network view's edges (campaign co-participation) and domain activity."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from hamafza.common.jalali import format_date_numeric
from hamafza.network.models.campaigns import (
    Campaign,
    CampaignLocalActivity,
    CampaignOutput,
    CampaignParticipation,
)
from hamafza.network.permissions.campaigns import visible_campaigns
from hamafza.org.models import Unit

S = Campaign.Status
K = CampaignOutput.Kind

STATES = ("active", "upcoming", "past", "draft")


def campaign_list(*, viewer: Any, state: str = "", q: str = "") -> QuerySet[Campaign]:
    """Campaigns ``viewer`` may see. ``state``: active (launched and within its dates),
    upcoming (launched, not yet started), past (closed, cancelled, or past its end), draft."""
    today = timezone.localdate()
    campaigns = visible_campaigns(viewer)
    if state == "active":
        campaigns = campaigns.filter(status=S.LAUNCHED, starts_on__lte=today, ends_on__gte=today)
    elif state == "upcoming":
        campaigns = campaigns.filter(status=S.LAUNCHED, starts_on__gt=today)
    elif state == "past":
        campaigns = campaigns.filter(
            Q(status__in=[S.CLOSED, S.CANCELLED]) | Q(status=S.LAUNCHED, ends_on__lt=today)
        )
    elif state == "draft":
        campaigns = campaigns.filter(status=S.DRAFT)
    q = " ".join(q.split())
    if q:
        campaigns = campaigns.filter(Q(title__icontains=q) | Q(hashtag__icontains=q.lstrip("#")))
    return (
        campaigns.select_related("owner_unit")
        .annotate(
            invited_count=Count("participations", distinct=True),
            joined_count=Count(
                "participations", filter=Q(participations__joined_at__isnull=False), distinct=True
            ),
            output_count=Count("outputs", distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


@dataclass
class BoardRow:
    participation: CampaignParticipation
    counts: dict[str, int]
    last_output: datetime | None
    activities: int

    @property
    def unit(self) -> Unit:
        return self.participation.unit

    @property
    def joined(self) -> bool:
        return self.participation.joined_at is not None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def state(self) -> str:
        """active (has outputs), joined (joined, nothing yet) or silent (not joined, nothing)."""
        if self.total:
            return "active"
        return "joined" if self.joined else "silent"

    @property
    def silent(self) -> bool:
        return self.total == 0


@dataclass
class Board:
    campaign: Campaign
    rows: list[BoardRow]
    totals: dict[str, int]
    series_labels: list[str] = field(default_factory=list)
    series_values: list[int] = field(default_factory=list)
    weekly: bool = False

    @property
    def invited(self) -> int:
        return len(self.rows)

    @property
    def joined(self) -> int:
        return sum(1 for row in self.rows if row.joined)

    @property
    def active(self) -> int:
        return sum(1 for row in self.rows if row.total)

    @property
    def silent(self) -> list[BoardRow]:
        return [row for row in self.rows if row.silent]

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def series(self) -> list[tuple[str, int]]:
        return list(zip(self.series_labels, self.series_values, strict=True))

    def chart(self, label: str) -> dict[str, Any]:
        return {"label": label, "labels": self.series_labels, "values": self.series_values}


def campaign_board(campaign: Campaign) -> Board:
    """Every invited unit with its outputs by kind (active first, then joined, then silent),
    the campaign's totals, and outputs over time: per day for a campaign up to five weeks,
    per week (from its first day) for a longer one. Four queries."""
    participations = list(
        CampaignParticipation.objects.filter(campaign=campaign).select_related("unit")
    )
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    last: dict[int, datetime] = {}
    for row in (
        CampaignOutput.objects.filter(campaign=campaign)
        .values("unit_id", "kind")
        .annotate(n=Count("id"), latest=Max("occurred_at"))
    ):
        counts[row["unit_id"]][row["kind"]] = row["n"]
        if row["unit_id"] not in last or row["latest"] > last[row["unit_id"]]:
            last[row["unit_id"]] = row["latest"]
    activities = Counter(
        dict(
            CampaignLocalActivity.objects.filter(participation__campaign=campaign)
            .values_list("participation__unit_id")
            .annotate(n=Count("id"))
            .values_list("participation__unit_id", "n")
        )
    )
    rows = [
        BoardRow(
            participation=p,
            counts={kind: counts[p.unit_id].get(kind, 0) for kind in K.values},
            last_output=last.get(p.unit_id),
            activities=activities.get(p.unit_id, 0),
        )
        for p in participations
    ]
    order = {"active": 0, "joined": 1, "silent": 2}
    rows.sort(key=lambda r: (order[r.state], -r.total, r.unit.name))
    totals = {kind: sum(r.counts[kind] for r in rows) for kind in K.values}
    board = Board(campaign=campaign, rows=rows, totals=totals)
    _series(board)
    return board


def _series(board: Board) -> None:
    campaign = board.campaign
    last_day = min(campaign.ends_on, max(timezone.localdate(), campaign.starts_on))
    days = (last_day - campaign.starts_on).days + 1
    board.weekly = (campaign.ends_on - campaign.starts_on).days + 1 > 35
    step = 7 if board.weekly else 1
    buckets = (days + step - 1) // step
    values = [0] * buckets
    for occurred in CampaignOutput.objects.filter(campaign=campaign).values_list(
        "occurred_at", flat=True
    ):
        index = (timezone.localdate(occurred) - campaign.starts_on).days // step
        if 0 <= index < buckets:
            values[index] += 1
    board.series_labels = [
        format_date_numeric(campaign.starts_on + timedelta(days=i * step)) for i in range(buckets)
    ]
    board.series_values = values


def unit_outputs(campaign: Campaign, unit_ids: set[int] | None = None) -> QuerySet[CampaignOutput]:
    outputs = CampaignOutput.objects.filter(campaign=campaign).select_related("unit", "story")
    if unit_ids is not None:
        outputs = outputs.filter(unit_id__in=unit_ids)
    return outputs


# --- The network view's contract ------------------------------------------------------------


def network_edges(*, since: datetime, until: datetime) -> list[tuple[int, int, str, int]]:
    """Campaign co-participation: (unit_a, unit_b, "campaign", weight) for every pair of units
    (a < b) that both had outputs for the same campaign in [since, until); weight = how many
    such campaigns they shared."""
    units_by_campaign: dict[int, set[int]] = defaultdict(set)
    for campaign_id, unit_id in (
        CampaignOutput.objects.filter(occurred_at__gte=since, occurred_at__lt=until)
        .values_list("campaign_id", "unit_id")
        .distinct()
    ):
        units_by_campaign[campaign_id].add(unit_id)
    weights: Counter[tuple[int, int]] = Counter()
    for units in units_by_campaign.values():
        for a, b in combinations(sorted(units), 2):
            weights[(a, b)] += 1
    return [(a, b, "campaign", n) for (a, b), n in sorted(weights.items())]


def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    """Campaign outputs per Gregorian month in [since, until): stories and republications
    count in "pr_network" (the units acting together), external posts in "extra_agency"."""
    counts: Counter[tuple[str, date]] = Counter()
    for occurred, kind in CampaignOutput.objects.filter(
        occurred_at__gte=since, occurred_at__lt=until
    ).values_list("occurred_at", "kind"):
        month = timezone.localdate(occurred).replace(day=1)
        counts[("extra_agency" if kind == K.EXTERNAL else "pr_network", month)] += 1
    return [(code, month, n) for (code, month), n in sorted(counts.items())]
