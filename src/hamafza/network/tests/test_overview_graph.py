"""The network view's figures as pure functions (no database): merging, degrees, isolated
units, per-kind totals, adoption and its median, months and the layout — on a small network
whose figures are worked out by hand in the comments."""

import math
import sys
import types
from datetime import UTC, date, datetime, timedelta

import pytest

from hamafza.network import graph
from hamafza.network.graph import (
    CAMPAIGN,
    JOINT,
    REPUBLISH,
    SUPPORT,
    Adoption,
    JalaliMonth,
)

# Units: 1 HQ; 2 an HQ office; 3, 5, 7 provinces; 4 under 3, 6 under 5, 8 under 7.
PARENT = {1: None, 2: 1, 3: 1, 4: 3, 5: 1, 6: 5, 7: 1, 8: 7}

EDGES = [
    (3, 1, REPUBLISH, 2),  # province 3 localized two HQ stories
    (3, 2, REPUBLISH, 1),
    (5, 1, REPUBLISH, 1),
    (4, 3, REPUBLISH, 1),
    (6, 1, REPUBLISH, 1),
    (1, 3, REPUBLISH, 1),  # HQ republished a story of province 3: the other direction
    (8, 5, SUPPORT, 2),  # a county of 7 helped province 5 twice
    (3, 5, CAMPAIGN, 1),  # co-participation, given once each way by the provider:
    (5, 3, CAMPAIGN, 2),  # merged into one undirected edge (3, 5) of weight 3
    (4, 4, JOINT, 5),  # a loop: dropped
    (6, 5, SUPPORT, 0),  # no weight: dropped
]


def merged() -> list[graph.Edge]:
    return graph.merge_edges(EDGES)


def test_merge_adds_weights_orders_undirected_pairs_and_drops_loops():
    edges = merged()
    assert edges == [
        (3, 5, CAMPAIGN, 3),
        (3, 1, REPUBLISH, 2),
        (8, 5, SUPPORT, 2),
        (1, 3, REPUBLISH, 1),
        (3, 2, REPUBLISH, 1),
        (4, 3, REPUBLISH, 1),
        (5, 1, REPUBLISH, 1),
        (6, 1, REPUBLISH, 1),
    ]
    # Directed kinds keep both directions apart; the same tuple twice adds up.
    assert graph.merge_edges([(3, 1, REPUBLISH, 1), (3, 1, REPUBLISH, 1)]) == [(3, 1, REPUBLISH, 2)]


def test_degrees_and_weighted_degrees():
    edges = merged()
    # 1 works with 3, 5, 6 (3 both ways counts once); 3 with 1, 2, 4, 5; 5 with 1, 3, 8.
    assert graph.degrees(edges) == {1: 3, 2: 1, 3: 4, 4: 1, 5: 3, 6: 1, 8: 1}
    # 1: 2 + 1 + 1 + 1 = 5; 3: 3 + 2 + 1 + 1 + 1 = 8; 5: 3 + 2 + 1 = 6.
    assert graph.weighted_degrees(edges) == {1: 5, 2: 1, 3: 8, 4: 1, 5: 6, 6: 1, 8: 2}


def test_isolated_units_and_kind_totals():
    edges = merged()
    assert graph.isolated(PARENT, edges) == [7]
    assert graph.isolated([7, 4, 99], []) == [7, 4, 99]
    assert graph.kind_totals(edges) == {REPUBLISH: 7, SUPPORT: 2, CAMPAIGN: 3}
    assert graph.kind_weights_by_unit(edges)[3] == {CAMPAIGN: 3, REPUBLISH: 5}


def test_filter_by_kind_and_by_the_units_touched():
    edges = merged()
    assert graph.filter_edges(edges, kinds=[SUPPORT], touching=None) == [(8, 5, SUPPORT, 2)]
    # Province 7's subtree (7, 8) touches only the support edge; 3's subtree (3, 4) five.
    assert graph.filter_edges(edges, touching={7, 8}) == [(8, 5, SUPPORT, 2)]
    assert len(graph.filter_edges(edges, touching={3, 4})) == 5
    # With the support kind hidden, 8 is isolated though the unfiltered network is not.
    shown = graph.filter_edges(edges, kinds=[REPUBLISH, CAMPAIGN], touching=None)
    assert graph.isolated(PARENT, shown) == [7, 8]


T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_adoption_counts_each_story_once_at_its_first_localization():
    hours = timedelta(hours=1)
    rows = [
        # unit 3 localized story 10 after 2 h and again after 30 h, story 11 after 10 h
        (3, 10, T0, T0 + 2 * hours),
        (3, 10, T0, T0 + 30 * hours),
        (3, 11, T0 + hours, T0 + 11 * hours),
        # unit 5 localized story 10 after three days
        (5, 10, T0, T0 + 72 * hours),
    ]
    found = graph.adoption(3, rows)
    # 3: two of the three stories; median of 2 h and 10 h is 6 h.
    assert found[3] == Adoption(adopted=2, offered=3, median_delay=timedelta(hours=6))
    assert found[3].rate == pytest.approx(2 / 3)
    assert found[5] == Adoption(adopted=1, offered=3, median_delay=timedelta(hours=72))
    assert Adoption(adopted=0, offered=0, median_delay=None).rate is None


def test_median_of_an_odd_and_an_even_count_and_no_negative_delay():
    assert graph.median([]) is None
    assert graph.median([timedelta(hours=h) for h in (5, 1, 3)]) == timedelta(hours=3)
    assert graph.median([timedelta(hours=h) for h in (1, 2, 4, 10)]) == timedelta(hours=3)
    # A localization stamped before its original (clock skew, imported data) counts as 0.
    found = graph.adoption(1, [(3, 10, T0, T0 - timedelta(minutes=5))])
    assert found[3].median_delay == timedelta(0)


def test_jalali_months_and_the_domain_table():
    azar = JalaliMonth(1405, 9)
    assert azar.first == date(2026, 11, 22)
    assert azar.end == date(2026, 12, 22)
    assert JalaliMonth(1405, 12).next == JalaliMonth(1406, 1)
    assert JalaliMonth(1405, 1).previous == JalaliMonth(1404, 12)
    assert graph.months_between(JalaliMonth(1404, 11), JalaliMonth(1405, 2)) == [
        JalaliMonth(1404, 11),
        JalaliMonth(1404, 12),
        JalaliMonth(1405, 1),
        JalaliMonth(1405, 2),
    ]
    aban = JalaliMonth(1405, 8)
    rows = [
        ("inter_agency", date(2026, 11, 1), 4),  # Gregorian November: mostly Aban
        ("pr_network", date(2026, 11, 25), 2),  # a day of Azar
        ("pr_network", date(2026, 11, 30), 1),
        ("unknown", date(2026, 11, 25), 9),  # not one of the four: dropped
        ("extra_agency", date(2026, 1, 1), 9),  # outside the months asked: dropped
    ]
    table = graph.domain_table([aban, azar], rows)
    assert table[aban] == {"inter_agency": 4, "intra_agency": 0, "extra_agency": 0, "pr_network": 0}
    assert table[azar]["pr_network"] == 3
    assert sum(table[azar].values()) == 3


def test_radial_layout_puts_hq_in_the_middle_and_counties_beside_their_province():
    order = {pk: pk for pk in PARENT}
    positions = graph.radial_layout(PARENT, PARENT, order=order, ring=100)
    assert positions[1] == (0.0, 0.0)
    for province in (2, 3, 5, 7):
        assert math.hypot(*positions[province]) == pytest.approx(100, abs=0.2)
    for county in (4, 6, 8):
        assert math.hypot(*positions[county]) == pytest.approx(200, abs=0.2)

    def angle(pk: int) -> float:
        x, y = positions[pk]
        return math.atan2(x, -y) % (2 * math.pi)

    # Each county on the same ray as its province (one child: the middle of its arc).
    for county, province in ((4, 3), (6, 5), (8, 7)):
        assert angle(county) == pytest.approx(angle(province), abs=1e-2)
    # The same input gives the same picture.
    assert graph.radial_layout(PARENT, PARENT, order=order, ring=100) == positions


def test_layout_of_part_of_the_tree_keeps_the_places_of_the_whole():
    order = {pk: pk for pk in PARENT}
    # Province 3's subtree and HQ, as a head's graph might show them.
    part = graph.radial_layout([1, 3, 4], PARENT, order=order)
    assert set(part) == {1, 3, 4}
    assert part[1] == (0.0, 0.0)
    # Without the root drawn, 3 and 4 still sit on their rings.
    alone = graph.radial_layout([3, 4], PARENT, order=order, ring=100)
    assert math.hypot(*alone[3]) == pytest.approx(100, abs=0.2)
    assert math.hypot(*alone[4]) == pytest.approx(200, abs=0.2)
    assert graph.radial_layout([], PARENT, order=order) == {}


def test_providers_resolve_by_dotted_path_and_skip_areas_not_installed(monkeypatch):
    area = types.ModuleType("hamafza_fake_area")
    area.network_edges = lambda *, since, until: [(1, 2, "joint", 1)]  # type: ignore[attr-defined]
    half = types.ModuleType("hamafza_fake_half")  # an area without the functions yet
    monkeypatch.setitem(sys.modules, "hamafza_fake_area", area)
    monkeypatch.setitem(sys.modules, "hamafza_fake_half", half)
    modules = ("hamafza_fake_area", "hamafza_fake_half", "hamafza.network.selectors.nowhere")
    assert graph.edge_providers(modules) == [area.network_edges]
    assert graph.domain_providers(modules) == []


def test_a_provider_that_fails_to_import_is_an_error_not_skipped(monkeypatch, tmp_path):
    # The area's module is there but imports something missing: a bug to show.
    (tmp_path / "hamafza_fake_broken.py").write_text("import hamafza_fake_missing_dependency\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "hamafza_fake_broken", raising=False)
    with pytest.raises(ModuleNotFoundError, match="hamafza_fake_missing_dependency"):
        graph.edge_providers(("hamafza_fake_broken",))


def test_accepts_tells_which_providers_take_a_keyword():
    def scoped(*, since, until, unit_ids=None):
        return []

    def plain(*, since, until):
        return []

    def loose(**kwargs):
        return []

    assert graph.accepts(scoped, "unit_ids")
    assert not graph.accepts(plain, "unit_ids")
    assert graph.accepts(loose, "unit_ids")


def test_short_labels_drop_the_words_every_unit_of_a_kind_shares():
    units = [
        (1, "hq", "ستاد سازمان بهزیستی کشور"),
        (2, "province", "اداره کل بهزیستی استان تهران"),
        (3, "province", "اداره کل بهزیستی استان خراسان رضوی"),
        (4, "province", "اداره کل بهزیستی استان یزد"),
        (5, "county", "اداره بهزیستی شهرستان ری"),
        (6, "county", "اداره بهزیستی شهرستان کاشان"),
    ]
    labels = graph.short_labels(units)
    assert labels[1] == "ستاد سازمان بهزیستی کشور"  # alone of its kind
    assert (labels[2], labels[3], labels[4]) == ("تهران", "خراسان رضوی", "یزد")
    # Two of a kind are too few to tell what they share from what they are.
    assert labels[5] == "اداره بهزیستی شهرستان ری"
    # A name is never emptied, even when it is all shared words.
    same = graph.short_labels([(7, "center", "مرکز"), (8, "center", "مرکز"), (9, "center", "مرکز")])
    assert same == {7: "مرکز", 8: "مرکز", 9: "مرکز"}
