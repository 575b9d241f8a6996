"""The network view's figures from partnership work, on a small known network."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from hamafza.network.models.partnership import Bulletin
from hamafza.network.selectors.partnership import domain_activity, network_edges
from hamafza.network.tests.factories_partnership import bulletin, joint_activity, published_story

pytestmark = pytest.mark.django_db

TEHRAN_TIME = ZoneInfo("Asia/Tehran")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TEHRAN_TIME)


@pytest.fixture
def known(net):
    """Three activities in two months and one outside the period:

    1. Tehran with Isfahan and Shemiranat (inter_agency, 2026-05-10)
    2. Tehran with Isfahan (intra_agency, 2026-06-01)
    3. Khorasan alone (extra_agency, 2026-06-30) — no pair
    4. Tehran with Isfahan, 2026-07-01 — after the period
    """
    joint_activity(
        net.tehran,
        occurred_on=date(2026, 5, 10),
        other_units=[net.isfahan, net.shemiranat],
        domain="inter_agency",
    )
    joint_activity(
        net.tehran, occurred_on=date(2026, 6, 1), other_units=[net.isfahan], domain="intra_agency"
    )
    joint_activity(net.khorasan, occurred_on=date(2026, 6, 30), domain="extra_agency")
    joint_activity(net.tehran, occurred_on=date(2026, 7, 1), other_units=[net.isfahan])
    return net


def test_network_edges_weight_pairs_of_participating_units(known):
    net = known
    edges = network_edges(since=_at(date(2026, 5, 1)), until=_at(date(2026, 7, 1)))
    pair = lambda a, b: (min(a.pk, b.pk), max(a.pk, b.pk))  # noqa: E731
    expected = {
        (*pair(net.tehran, net.isfahan), "joint", 2),
        (*pair(net.tehran, net.shemiranat), "joint", 1),
        (*pair(net.isfahan, net.shemiranat), "joint", 1),
    }
    assert set(edges) == expected
    assert len(edges) == 3
    assert all(a < b for a, b, _kind, _w in edges)


def test_the_period_is_half_open_on_local_days(known):
    # 2026-06-01 00:00 Tehran time starts the period: activity 2 is in, activity 1 is out.
    edges = network_edges(since=_at(date(2026, 6, 1)), until=_at(date(2026, 6, 2)))
    assert [weight for *_pair, weight in edges] == [1]
    assert network_edges(since=_at(date(2026, 6, 2)), until=_at(date(2026, 6, 30))) == []


def test_domain_activity_counts_per_month_and_bulletins_as_intra_agency(known, monkeypatch):
    net = known
    stories = [published_story(net.tehran, net.tehran_editor)]
    draft = bulletin(net.tehran, stories)
    Bulletin.objects.filter(pk=draft.pk).update(
        status=Bulletin.Status.ISSUED, issued_at=_at(date(2026, 6, 15)) + timedelta(hours=9)
    )
    bulletin(net.tehran, stories)  # a draft does not count
    rows = domain_activity(since=_at(date(2026, 5, 1)), until=_at(date(2026, 7, 1)))
    assert rows == [
        ("extra_agency", date(2026, 6, 1), 1),
        ("inter_agency", date(2026, 5, 1), 1),
        ("intra_agency", date(2026, 6, 1), 2),
    ]


def test_empty_network_has_no_figures(net):
    now = timezone.now()
    assert network_edges(since=now - timedelta(days=30), until=now) == []
    assert domain_activity(since=now - timedelta(days=30), until=now) == []
