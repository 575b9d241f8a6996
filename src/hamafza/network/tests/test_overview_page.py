"""The network view's page (``network:overview``): who may open it, what it shows with and
without the areas' providers, its filters and sorting, and a bounded number of queries."""

import sys
import types
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network import graph
from hamafza.network.graph import JalaliMonth
from hamafza.network.permissions.overview import sees_network
from hamafza.network.views.overview import duration_label
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.permissions import access_for
from hamafza.org.tests.factories import UnitFactory

URL = "/desk/network/"


def middle_of_this_month() -> datetime:
    """A time inside this Jalali month (the page's default period), whatever today is."""
    month = JalaliMonth.of(timezone.localdate())
    first = timezone.make_aware(datetime.combine(month.first, datetime.min.time()))
    return first + timedelta(days=3, hours=9)


def published(unit: Any, at: datetime, origin: Story | None = None) -> Story:
    return StoryFactory.create(
        unit=unit,
        status=Story.Status.PUBLISHED,
        published_at=at,
        first_published_at=at,
        origin=origin,
        indexed=False,
    )


@pytest.fixture
def no_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page as it is before any other area provides edges."""
    monkeypatch.setattr(graph, "PROVIDER_MODULES", ())


@pytest.fixture
def fake_area(monkeypatch: pytest.MonkeyPatch, net: Any) -> types.ModuleType:
    """An area's selectors module with both provider functions, found through the registry."""
    area = types.ModuleType("hamafza_fake_network_area")

    def network_edges(*, since: datetime, until: datetime) -> list[graph.Edge]:
        return [(net.khorasan_video.memberships.get().unit_id, net.isfahan.pk, "support", 3)]

    def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
        return [("inter_agency", timezone.localdate(), 5)]

    area.network_edges = network_edges  # type: ignore[attr-defined]
    area.domain_activity = domain_activity  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, area.__name__, area)
    monkeypatch.setattr(graph, "PROVIDER_MODULES", (area.__name__, "hamafza_not_installed"))
    return area


@pytest.fixture
def republished(net: Any) -> dict[str, Story]:
    at = middle_of_this_month()
    original = published(net.hq, at)
    return {
        "original": original,
        "tehran": published(net.tehran, at + timedelta(hours=5), origin=original),
        "isfahan": published(net.isfahan, at + timedelta(days=2, hours=12), origin=original),
    }


def test_the_url_and_its_name():
    assert reverse("network:overview") == URL


def test_anonymous_visitors_are_sent_to_sign_in(client, net):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona",
    ["outsider", "shemiranat_reporter", "tehran_reporter", "tehran_editor", "isfahan_editor"],
)
def test_people_who_neither_head_a_unit_nor_work_at_hq_are_refused(
    client, net, no_providers, republished, persona
):
    entries = AuditEntry.objects.count()
    stories = list(Story.objects.values_list("pk", "status", "version"))
    client.force_login(getattr(net, persona))
    response = client.get(URL)
    assert response.status_code == 403
    assert net.hq.name.encode() not in response.content
    assert not sees_network(access_for(getattr(net, persona)))
    # A read refused changes nothing.
    assert AuditEntry.objects.count() == entries
    assert list(Story.objects.values_list("pk", "status", "version")) == stories


@pytest.mark.parametrize("persona", ["hq_admin", "hq_editor", "tehran_head", "shemiranat_head"])
def test_hq_and_heads_see_the_link_and_the_page(client, net, no_providers, persona):
    user = getattr(net, persona)
    assert sees_network(access_for(user))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_hq_sees_every_unit_and_the_republishing(client, net, no_providers, republished):
    client.force_login(net.hq_editor)
    response = client.get(URL)
    html = response.content.decode()
    for unit in (net.hq, net.tehran, net.isfahan, net.kashan, net.neyshabur):
        assert unit.name in html
    assert response.context["overview"].scope.network
    edges = {
        (e.source.slug, e.target.slug, e.kind, e.weight) for e in response.context["overview"].edges
    }
    assert edges == {("tehran", "hq", "republish", 1), ("isfahan", "hq", "republish", 1)}
    # Tehran adopted the one HQ story after five hours, Isfahan after two and a half days.
    assert "۱۰۰٪" in html
    assert "۵ ساعت" in html
    assert "۲٫۵ روز" in html
    # The data for the script, and the graph box hidden until the script draws it.
    assert 'id="network-data"' in html
    assert 'id="network-graph" class="graph-box" hidden' in html
    # Without providers: no other kinds, and the domains table still has this month.
    assert JalaliMonth.of(timezone.localdate()).label in html


def test_a_province_head_sees_its_subtree_and_only_names_the_others(
    client, net, no_providers, republished
):
    client.force_login(net.tehran_head)
    response = client.get(URL)
    overview = response.context["overview"]
    assert [r.unit.slug for r in overview.units] == ["tehran", "shemiranat"]
    assert [u.slug for u in overview.counterparts] == ["hq"]
    rows = response.content.decode().split('id="units"')[1].split("</section>")[0]
    assert net.tehran.name in rows
    assert net.hq.name not in rows  # named on the graph and the edges, with no figures
    assert net.isfahan.name not in response.content.decode()  # Isfahan's link is not Tehran's


def test_the_page_renders_with_providers(client, net, fake_area, republished):
    client.force_login(net.hq_admin)
    response = client.get(URL)
    assert response.status_code == 200
    overview = response.context["overview"]
    assert ("neyshabur", "isfahan", "support", 3) in {
        (e.source.slug, e.target.slug, e.kind, e.weight) for e in overview.edges
    }
    assert overview.domains[-1].counts["inter_agency"] == 5
    assert overview.domains[-1].counts["pr_network"] == 2
    html = response.content.decode()
    assert "پشتیبانی" in html


def test_a_head_is_not_shown_network_wide_domain_counts(client, net, fake_area, republished):
    client.force_login(net.tehran_head)
    response = client.get(URL)
    overview = response.context["overview"]
    assert overview.domains_partial
    assert overview.domains[-1].counts["inter_agency"] == 0
    assert "تنها برای کل شبکه" in response.content.decode()


def test_filters_and_sorting(client, net, fake_area, republished):
    client.force_login(net.hq_editor)
    response = client.get(URL, {"kind": "support", "sort": "-adoption", "period": "year"})
    overview = response.context["overview"]
    assert overview.kinds == ["support"]
    assert {e.kind for e in overview.edges} == {"support"}
    assert overview.window.period == "year"
    order = [entry["row"].unit.slug for entry in response.context["rows"]]
    assert order[:2] == ["isfahan", "tehran"] or order[:2] == ["tehran", "isfahan"]
    assert order[-2:] == ["hq", "hq-pr"]  # HQ has no adoption rate: last either way
    by_median = [e["row"].unit.slug for e in client.get(URL, {"sort": "median"}).context["rows"]]
    assert by_median[:2] == ["tehran", "isfahan"]
    # The sorted column says so, for screen readers.
    html = response.content.decode()
    assert 'aria-sort="descending"' in html
    # A direction chosen by a column's heading stays chosen in the form.
    ascending = client.get(URL, {"sort": "adoption"}).content.decode()
    assert '<option value="adoption" selected>' in ascending
    assert 'aria-sort="ascending"' in ascending


def test_bad_filters_fall_back_to_the_defaults(client, net, no_providers):
    client.force_login(net.hq_editor)
    response = client.get(URL, {"period": "decade", "sort": "evil", "kind": "x"})
    assert response.status_code == 200
    assert response.context["period"] == "month"
    assert response.context["sort"] == "tree"
    assert response.context["overview"].kinds == list(graph.KNOWN_KINDS)


def test_queries_are_bounded_whatever_the_size_of_the_network(
    client, net, no_providers, django_assert_max_num_queries
):
    client.force_login(net.hq_editor)
    at = middle_of_this_month()
    original = published(net.hq, at)
    published(net.tehran, at + timedelta(hours=1), origin=original)
    client.get(URL)  # warm the session and the caches
    with django_assert_max_num_queries(16) as small:
        client.get(URL)
    for n in range(12):
        county = UnitFactory.create(slug=f"county-{n}", name=f"شهرستان {n}", parent=net.isfahan)
        own = published(county, at + timedelta(hours=n))
        published(county, at + timedelta(hours=n + 1), origin=original)
        published(net.khorasan, at + timedelta(hours=n + 2), origin=own)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(response.context["overview"].units) == 20


def test_times_to_localize_read_as_people_say_them():
    assert duration_label(None) == "—"
    assert duration_label(timedelta(minutes=20)) == "کمتر از یک ساعت"
    assert duration_label(timedelta(hours=5, minutes=20)) == "۵ ساعت"
    assert duration_label(timedelta(hours=47)) == "۴۷ ساعت"
    assert duration_label(timedelta(hours=60)) == "۲٫۵ روز"
    assert duration_label(timedelta(days=3)) == "۳ روز"
    assert duration_label(timedelta(days=12, hours=13)) == "۱۳ روز"


def test_the_page_renders_with_the_areas_providers_installed(
    client, net, republished, django_assert_max_num_queries
):
    """No fake: whatever areas are installed answer the contract (or are skipped), in a
    bounded number of queries (about two per area)."""
    client.force_login(net.hq_admin)
    client.get(URL)
    with django_assert_max_num_queries(32):
        response = client.get(URL, {"period": "year"})
    assert response.status_code == 200
    assert "republish" in {e.kind for e in response.context["overview"].edges}
    client.force_login(net.tehran_head)
    assert client.get(URL).status_code == 200


def test_directive_edges_are_shown_only_when_asked_for(client, net, monkeypatch):
    area = types.ModuleType("hamafza_fake_directives")
    area.network_edges = lambda *, since, until: [  # type: ignore[attr-defined]
        (net.hq.pk, net.tehran.pk, graph.DIRECTIVE, 2)
    ]
    monkeypatch.setitem(sys.modules, area.__name__, area)
    monkeypatch.setattr(graph, "PROVIDER_MODULES", (area.__name__,))
    client.force_login(net.hq_editor)
    overview = client.get(URL).context["overview"]
    assert overview.edges == []
    assert "directive" in overview.available_kinds
    assert overview.kind_totals == {"directive": 2}
    asked = client.get(URL, {"kind": "directive"}).context["overview"]
    assert [(e.kind, e.weight) for e in asked.edges] == [("directive", 2)]
    assert "پاسخ به ابلاغیه" in client.get(URL, {"kind": "directive"}).content.decode()


def test_who_helped_whom_is_listed_whatever_kinds_are_drawn(client, net, fake_area):
    client.force_login(net.hq_editor)
    response = client.get(URL, {"kind": "republish"})
    assert [
        (e.source.slug, e.target.slug, e.weight) for e in response.context["overview"].support
    ] == [("neyshabur", "isfahan", 3)]
    html = response.content.decode().split('id="support"')[1].split("</section>")[0]
    assert f"{net.neyshabur.name} به {net.isfahan.name} (۳ درخواست)" in html
