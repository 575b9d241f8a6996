"""The network view's figures from the database, on the conftest network with stories whose
publication times are known, and fake providers standing for the other areas:

    HQ stories of Azar 1405 (the period): H1 (HQ), H2 (the HQ office), H3 (HQ); H0 was published
    in Aban (before the period) and a draft of HQ is not offered.
    Tehran localized H1 after 2 h (and again after 30 h) and H2 after 10 h; Isfahan localized H1
    after 72 h and holds a draft of H3; Shemiranat republished Tehran's T1; Kashan republished
    H0 this month; HQ republished T1.
    Providers: Neyshabur helped Isfahan twice (support); Tehran and Isfahan share a campaign
    (given as 1 + 2, one each way).

Worked out by hand: republishing edges Tehran→HQ 2, Tehran→HQ office 1, Isfahan→HQ 1,
Shemiranat→Tehran 1, Kashan→HQ 1, HQ→Tehran 1 (7 in all); adoption Tehran 2/3 with a median
of 6 h, Isfahan 1/3 with 72 h, the others 0/3; Khorasan Razavi has no link and no story:
silent; Neyshabur is linked only by support.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hamafza.network import graph
from hamafza.network.selectors.overview import (
    network_overview,
    overview_as_dict,
    period_window,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

TODAY = date(2026, 11, 27)  # 6 Azar 1405
AZAR_START = timezone.make_aware(datetime.combine(date(2026, 11, 22), time.min))
T0 = AZAR_START + timedelta(days=1, hours=8)
H = timedelta(hours=1)


def story(unit: Any, at: datetime | None, *, origin: Story | None = None, **extra: Any) -> Story:
    status = Story.Status.PUBLISHED if at is not None else Story.Status.DRAFT
    return StoryFactory.create(
        unit=unit,
        status=status,
        published_at=at,
        first_published_at=at,
        origin=origin,
        indexed=False,
        **extra,
    )


@pytest.fixture
def stories(net: Any) -> dict[str, Story]:
    h0 = story(net.hq, AZAR_START - timedelta(days=3))
    h1 = story(net.hq, T0)
    h2 = story(net.hq_pr, T0 + H)
    h3 = story(net.hq, T0 + 2 * H)
    story(net.hq, None)  # a draft: not offered
    t1 = story(net.tehran, T0)
    return {
        "h0": h0,
        "h1": h1,
        "h2": h2,
        "h3": h3,
        "t1": t1,
        "tehran_h1": story(net.tehran, T0 + 2 * H, origin=h1),
        "tehran_h1_again": story(net.tehran, T0 + 30 * H, origin=h1),
        "tehran_h2": story(net.tehran, T0 + 11 * H, origin=h2),
        "isfahan_h1": story(net.isfahan, T0 + 72 * H, origin=h1),
        "isfahan_h3_draft": story(net.isfahan, None, origin=h3),
        "shemiranat_t1": story(net.shemiranat, T0 + 5 * H, origin=t1),
        "kashan_h0": story(net.kashan, T0 + 5 * H, origin=h0),
        "hq_t1": story(net.hq, T0 + 6 * H, origin=t1),
    }


def fake_edges(net: Any) -> graph.EdgeProvider:
    def network_edges(*, since: datetime, until: datetime) -> list[graph.Edge]:
        assert since <= T0 < until
        return [
            (net.neyshabur.pk, net.isfahan.pk, graph.SUPPORT, 2),
            (net.tehran.pk, net.isfahan.pk, graph.CAMPAIGN, 1),
            (net.isfahan.pk, net.tehran.pk, graph.CAMPAIGN, 2),
        ]

    return network_edges


def fake_domains(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
    return [("inter_agency", date(2026, 12, 1), 4), ("extra_agency", date(2026, 11, 25), 1)]


def overview(user: Any, net: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("edge_sources", [fake_edges(net)])
    kwargs.setdefault("domain_sources", [fake_domains])
    return network_overview(user, today=TODAY, **kwargs)


def by_name(found: Any) -> dict[str, Any]:
    return {row.unit.slug: row for row in found.units}


def edge_set(found: Any) -> set[tuple[str, str, str, int]]:
    return {(e.source.slug, e.target.slug, e.kind, e.weight) for e in found.edges}


def test_the_whole_network_for_hq(net, stories):
    found = overview(net.hq_editor, net)
    assert found.scope.network
    assert edge_set(found) == {
        ("tehran", "hq", "republish", 2),
        ("tehran", "hq-pr", "republish", 1),
        ("isfahan", "hq", "republish", 1),
        ("shemiranat", "tehran", "republish", 1),
        ("kashan", "hq", "republish", 1),
        ("hq", "tehran", "republish", 1),
        ("neyshabur", "isfahan", "support", 2),
        ("tehran", "isfahan", "campaign", 3),
    }
    assert found.kind_totals == {"republish": 7, "support": 2, "campaign": 3}
    assert found.hq_stories == 3
    rows = by_name(found)
    # The tree's order: HQ, its office, then the provinces by name with their counties.
    assert [r.unit.slug for r in found.units] == [
        "hq",
        "hq-pr",
        "isfahan",
        "kashan",
        "tehran",
        "shemiranat",
        "khorasan-razavi",
        "neyshabur",
    ]
    tehran = rows["tehran"]
    assert (tehran.degree, tehran.weight) == (4, 8)
    assert tehran.adoption is not None
    assert (tehran.adoption.adopted, tehran.adoption.offered) == (2, 3)
    assert tehran.adoption_percent == 67
    assert tehran.median_delay == timedelta(hours=6)
    assert rows["isfahan"].median_delay == timedelta(hours=72)
    assert rows["isfahan"].adoption_percent == 33
    assert rows["kashan"].adoption_percent == 0  # H0 is not of this period
    assert rows["kashan"].median_delay is None
    assert rows["hq"].adoption is None  # HQ does not adopt its own stories
    assert rows["hq"].stories == 3  # H1, H3 and its republication of T1 (H0 is of Aban)
    assert [r.unit.slug for r in found.silent] == ["khorasan-razavi"]
    assert [r.unit.slug for r in found.isolated] == ["khorasan-razavi"]
    assert found.counterparts == []
    azar = found.domains[-1]
    # Seven republications this month, the providers' four (December's count goes to
    # Azar, which holds most of it) and one.
    assert azar.counts == {
        "inter_agency": 4,
        "intra_agency": 0,
        "extra_agency": 1,
        "pr_network": 7,
    }
    assert not found.domains_partial


def test_the_kind_filter_hides_edges_and_makes_units_isolated(net, stories):
    found = overview(net.hq_editor, net, kinds=["support", "nonsense"])
    assert edge_set(found) == {("neyshabur", "isfahan", "support", 2)}
    assert found.kinds == ["support"]
    isolated = {r.unit.slug for r in found.isolated}
    assert "tehran" in isolated
    assert "neyshabur" not in isolated
    # Silence does not depend on the filter: Tehran published and has links of other kinds.
    assert [r.unit.slug for r in found.silent] == ["khorasan-razavi"]
    # The totals still count every kind, for the figures above the graph.
    assert found.kind_totals["republish"] == 7


def test_a_province_head_sees_its_subtree_and_names_its_counterparts(net, stories):
    found = overview(net.tehran_head, net)
    assert not found.scope.network
    assert [r.unit.slug for r in found.units] == ["tehran", "shemiranat"]
    assert edge_set(found) == {
        ("tehran", "hq", "republish", 2),
        ("tehran", "hq-pr", "republish", 1),
        ("shemiranat", "tehran", "republish", 1),
        ("hq", "tehran", "republish", 1),
        ("tehran", "isfahan", "campaign", 3),
    }
    assert [u.slug for u in found.counterparts] == ["hq", "hq-pr", "isfahan"]
    assert found.kind_totals == {"republish": 5, "campaign": 3}
    # Adoption is of all of HQ's stories, the same denominator as HQ's view.
    assert by_name(found)["tehran"].adoption_percent == 67
    # The support edge between Neyshabur and Isfahan is none of Tehran's business.
    data = overview_as_dict(found)
    assert {n["name"] for n in data["nodes"]} == {
        net.tehran.name,
        net.shemiranat.name,
        net.hq.name,
        net.hq_pr.name,
        net.isfahan.name,
    }
    outside = [n for n in data["nodes"] if not n["in_scope"]]
    assert all("adoption_rate" not in n and "stories" not in n for n in outside)
    # A provider that cannot narrow its counts to Tehran's units is left out, and said so;
    # republishing is counted for Tehran's units only (its three and Shemiranat's one).
    assert found.domains_partial
    assert found.domains[-1].counts == {
        "inter_agency": 0,
        "intra_agency": 0,
        "extra_agency": 0,
        "pr_network": 4,
    }


def test_a_scoped_domain_provider_is_asked_for_the_heads_units(net, stories):
    asked: list[Any] = []

    def domain_activity(*, since: datetime, until: datetime, unit_ids: Any = None) -> list:
        asked.append(unit_ids)
        return [("intra_agency", date(2026, 11, 30), 2)]

    found = overview(net.isfahan_head, net, domain_sources=[domain_activity])
    assert asked == [frozenset({net.isfahan.pk, net.kashan.pk})]
    assert not found.domains_partial
    assert found.domains[-1].counts["intra_agency"] == 2
    assert found.domains[-1].counts["pr_network"] == 2  # Isfahan's H1 and Kashan's H0


def test_a_county_head_sees_only_its_county(net, stories):
    found = overview(net.shemiranat_head, net)
    assert [r.unit.slug for r in found.units] == ["shemiranat"]
    assert edge_set(found) == {("shemiranat", "tehran", "republish", 1)}
    assert [u.slug for u in found.counterparts] == ["tehran"]


def test_periods_are_jalali_months(net):
    month = period_window("month", today=TODAY)
    assert [m.slug for m in month.months] == ["1405-09"]
    assert month.since == AZAR_START
    assert month.until == timezone.make_aware(datetime(2026, 12, 22))
    quarter = period_window("quarter", today=TODAY)
    assert [m.slug for m in quarter.months] == ["1405-07", "1405-08", "1405-09"]
    year = period_window("year", today=TODAY)
    assert year.months[0].slug == "1405-01"
    assert len(year.months) == 9
    assert period_window("nonsense", today=TODAY).period == "month"


def test_a_longer_period_counts_the_earlier_story_and_spreads_domains_by_month(net, stories):
    found = overview(net.hq_editor, net, period="quarter")
    assert found.hq_stories == 4  # H0 of Aban is in the last three months
    assert by_name(found)["kashan"].adoption_percent == 25
    assert [m.month.slug for m in found.domains] == ["1405-07", "1405-08", "1405-09"]
    assert [m.counts["pr_network"] for m in found.domains] == [0, 0, 7]


def test_the_dict_carries_the_same_figures(net, stories):
    data = overview_as_dict(overview(net.hq_editor, net))
    assert data["period"]["code"] == "month"
    assert data["hq_stories"] == 3
    tehran = next(n for n in data["nodes"] if n["slug"] == "tehran")
    assert tehran["median_delay_seconds"] == 6 * 3600
    assert tehran["adoption_rate"] == pytest.approx(2 / 3)
    hq = next(n for n in data["nodes"] if n["slug"] == "hq")
    assert (hq["x"], hq["y"]) == (0.0, 0.0)
    assert {e["kind"] for e in data["edges"]} == {"republish", "support", "campaign"}
    campaign = next(e for e in data["edges"] if e["kind"] == "campaign")
    assert campaign["weight"] == 3
    assert not campaign["directed"]
    assert [k["code"] for k in data["kinds"]] == ["republish", "support", "joint", "campaign"]
    assert data["domains"]["months"][0]["counts"]["pr_network"] == 7
