"""`/api/v1/network/overview`: the network view's figures as JSON — the page's access rule,
the same figures on the known network of ``test_overview_figures``, its parameters, its
OpenAPI entry and a bounded number of queries."""

import json
import sys
import types
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network import graph
from hamafza.network.selectors.overview import PERIODS, overview_as_dict
from hamafza.network.tests.test_overview_figures import (
    T0,
    TODAY,
    fake_domains,
    fake_edges,
    overview,
    stories,  # noqa: F401 (a fixture)
    story,
)
from hamafza.network.tests.test_overview_page import middle_of_this_month
from hamafza.newsroom.models import Story
from hamafza.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/network/overview"
FIGURES = (
    "stories",
    "degree",
    "weight",
    "isolated",
    "silent",
    "adopted",
    "adoption_rate",
    "median_delay_seconds",
)


@pytest.fixture
def known_network(monkeypatch: pytest.MonkeyPatch, net: Any, stories: Any) -> Any:  # noqa: F811
    """The figures' network as the API meets it: today is ``TODAY`` and the areas' providers
    are ``test_overview_figures``'s fakes, found through the registry like real ones."""
    area = types.ModuleType("hamafza_fake_overview_api_area")
    area.network_edges = fake_edges(net)  # type: ignore[attr-defined]
    area.domain_activity = fake_domains  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, area.__name__, area)
    monkeypatch.setattr(graph, "PROVIDER_MODULES", (area.__name__,))
    localdate = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: TODAY if value is None else localdate(value, timezone),
    )
    return net


@pytest.fixture
def no_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graph, "PROVIDER_MODULES", ())


def the_pages(user: Any, net: Any, **kwargs: Any) -> dict[str, Any]:
    """What the page draws for ``user``, through JSON as the client reads it."""
    return json.loads(json.dumps(overview_as_dict(overview(user, net, **kwargs))))


def nodes_by_slug(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["slug"]: node for node in body["nodes"]}


# --- Who may read it -----------------------------------------------------------------------


def test_anonymous_callers_are_told_to_authenticate(client, net):
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    "persona", ["outsider", "shemiranat_reporter", "tehran_reporter", "tehran_editor"]
)
def test_people_who_neither_head_a_unit_nor_work_at_hq_are_refused(client, known_network, persona):
    net = known_network
    entries = AuditEntry.objects.count()
    before = list(Story.objects.order_by("pk").values_list("pk", "status", "version"))
    client.force_login(getattr(net, persona))
    response = client.get(URL)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "forbidden"
    assert body["detail"]
    assert net.hq.name not in response.content.decode()
    # A read refused changes nothing.
    assert AuditEntry.objects.count() == entries
    assert list(Story.objects.order_by("pk").values_list("pk", "status", "version")) == before


def test_hq_sees_every_unit_with_the_pages_figures(client, known_network):
    net = known_network
    client.force_login(net.hq_editor)
    response = client.get(URL)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == the_pages(net.hq_editor, net)
    assert body["scope"] == {"network": True}
    assert body["hq_stories"] == 3
    nodes = nodes_by_slug(body)
    assert set(nodes) == {
        "hq",
        "hq-pr",
        "tehran",
        "shemiranat",
        "isfahan",
        "kashan",
        "khorasan-razavi",
        "neyshabur",
    }
    assert all(node["in_scope"] for node in nodes.values())
    tehran = nodes["tehran"]
    assert (tehran["degree"], tehran["weight"], tehran["adopted"]) == (4, 8, 2)
    assert tehran["adoption_rate"] == pytest.approx(2 / 3)
    assert tehran["median_delay_seconds"] == 6 * 3600
    assert nodes["isfahan"]["median_delay_seconds"] == 72 * 3600
    assert (nodes["kashan"]["adoption_rate"], nodes["kashan"]["median_delay_seconds"]) == (0, None)
    # HQ does not adopt its own stories: the figures are there, and null.
    assert (nodes["hq"]["stories"], nodes["hq"]["adoption_rate"]) == (3, None)
    khorasan = nodes["khorasan-razavi"]
    assert khorasan["silent"]
    assert khorasan["isolated"]
    assert body["kind_totals"] == {"republish": 7, "support": 2, "joint": 0, "campaign": 3}
    assert body["domains"]["months"] == [
        {
            "month": "1405-09",
            "label": body["domains"]["months"][0]["label"],
            "counts": {"inter_agency": 4, "intra_agency": 0, "extra_agency": 1, "pr_network": 7},
        }
    ]
    assert body["domains"]["partial"] is False
    assert body["period"]["code"] == "month"
    assert date.fromisoformat(body["period"]["since"][:10]) <= TODAY
    assert body["period"]["since"] <= T0.isoformat() < body["period"]["until"]


def test_a_province_head_sees_its_subtree_and_names_the_others_without_figures(
    client, known_network
):
    net = known_network
    client.force_login(net.tehran_head)
    body = client.get(URL).json()
    assert body == the_pages(net.tehran_head, net)
    assert body["scope"] == {"network": False}
    nodes = nodes_by_slug(body)
    assert {slug for slug, node in nodes.items() if node["in_scope"]} == {"tehran", "shemiranat"}
    # Named on the graph, with no figures at all (absent, not null).
    outside = {slug: node for slug, node in nodes.items() if not node["in_scope"]}
    assert set(outside) == {"hq", "hq-pr", "isfahan"}
    for node in outside.values():
        assert not set(FIGURES) & set(node)
    # Every in-scope node carries every figure; Tehran's rate has HQ's denominator.
    assert all(set(FIGURES) <= set(nodes[slug]) for slug in ("tehran", "shemiranat"))
    assert nodes["tehran"]["adoption_rate"] == pytest.approx(2 / 3)
    # Neyshabur's support of Isfahan is none of Tehran's business.
    assert "neyshabur" not in nodes
    assert {e["kind"] for e in body["edges"]} == {"republish", "campaign"}
    assert body["domains"]["partial"] is True


def test_a_county_head_sees_only_its_county(client, known_network):
    net = known_network
    client.force_login(net.shemiranat_head)
    body = client.get(URL).json()
    nodes = nodes_by_slug(body)
    assert {slug for slug, node in nodes.items() if node["in_scope"]} == {"shemiranat"}
    assert set(nodes) == {"shemiranat", "tehran"}


# --- Parameters ----------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["decade", "MONTH", ""])
def test_an_unknown_period_is_a_structured_422(client, known_network, period):
    client.force_login(known_network.hq_editor)
    response = client.get(URL, {"period": period})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"]
    assert any("period" in error["loc"] for error in body["errors"])


def test_a_longer_period(client, known_network):
    net = known_network
    client.force_login(net.hq_editor)
    body = client.get(URL, {"period": "quarter"}).json()
    assert body == the_pages(net.hq_editor, net, period="quarter")
    assert body["period"]["code"] == "quarter"
    assert body["hq_stories"] == 4  # H0 of Aban is in the last three months
    assert nodes_by_slug(body)["kashan"]["adoption_rate"] == pytest.approx(0.25)
    assert [m["month"] for m in body["domains"]["months"]] == ["1405-07", "1405-08", "1405-09"]
    year = client.get(URL, {"period": "year"}).json()
    assert year["period"]["code"] == "year"
    assert len(year["domains"]["months"]) == 9


def test_the_kind_filter_draws_only_the_kinds_asked_for(client, known_network):
    net = known_network
    client.force_login(net.hq_editor)
    body = client.get(f"{URL}?kind=support&kind=nonsense").json()
    assert body == the_pages(net.hq_editor, net, kinds=["support", "nonsense"])
    assert [(e["source"], e["target"], e["kind"], e["weight"]) for e in body["edges"]] == [
        (net.neyshabur.pk, net.isfahan.pk, "support", 2)
    ]
    assert [k["code"] for k in body["kinds"] if k["shown"]] == ["support"]
    assert "nonsense" not in {k["code"] for k in body["kinds"]}
    nodes = nodes_by_slug(body)
    assert nodes["tehran"]["isolated"]
    assert not nodes["tehran"]["silent"]
    # The totals still count every kind.
    assert body["kind_totals"]["republish"] == 7
    # None known: the kinds of collaboration, as with no filter at all.
    unknown = client.get(URL, {"kind": "nonsense"}).json()
    assert [k["code"] for k in unknown["kinds"] if k["shown"]] == list(graph.KNOWN_KINDS)
    assert unknown == client.get(URL).json()


# --- The document and the cost -------------------------------------------------------------


def test_the_openapi_document_lists_the_path_with_its_schemas(client):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"][URL]["get"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/NetworkOverviewOut"}
    assert {"401", "403", "422"} <= set(operation["responses"])
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert set(parameters) == {"period", "kind"}
    # The page's periods, no more and no fewer.
    assert parameters["period"]["schema"]["enum"] == list(PERIODS) == ["month", "quarter", "year"]
    assert parameters["kind"]["schema"]["type"] == "array"
    schemas = document["components"]["schemas"]
    for name in (
        "NetworkOverviewOut",
        "NetworkOverviewPeriodOut",
        "NetworkOverviewNodeOut",
        "NetworkOverviewEdgeOut",
        "NetworkOverviewDomainsOut",
    ):
        assert name in schemas
    node = schemas["NetworkOverviewNodeOut"]
    assert set(node["required"]) == {"id", "name", "short", "slug", "kind", "in_scope", "x", "y"}
    assert set(FIGURES) <= set(node["properties"])


def test_queries_are_bounded_whatever_the_size_of_the_network(
    client, net, no_providers, django_assert_max_num_queries
):
    client.force_login(net.hq_editor)
    at = middle_of_this_month()
    original = story(net.hq, at)
    story(net.tehran, at + timedelta(hours=1), origin=original)
    client.get(URL)  # warm the session and the caches
    with django_assert_max_num_queries(12) as small:
        assert client.get(URL).status_code == 200
    for n in range(12):
        county = UnitFactory.create(slug=f"county-{n}", name=f"شهرستان {n}", parent=net.isfahan)
        own = story(county, at + timedelta(hours=n))
        story(county, at + timedelta(hours=n + 1), origin=original)
        story(net.khorasan, at + timedelta(hours=n + 2), origin=own)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
    assert len([n for n in response.json()["nodes"] if n["in_scope"]]) == 20
