"""The network view in headless Chromium: HQ opens it on a desktop and on a phone, the graph
is drawn by the vendored Cytoscape (from the app's own static files) and the domains' chart by
the vendored Chart.js, with no script error, CSP refusal or failed request; without
JavaScript the same figures are in the tables; axe-core finds no serious or critical
violation. Screenshots: test-artifacts/network-*.png.
"""

import sys
import types
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from django.utils import timezone

from hamafza.conftest import screenshot
from hamafza.network import graph
from hamafza.network.graph import JalaliMonth
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.newsroom.tests.test_browser_workflow import (
    DESKTOP,
    PHONE,
    no_sideways_scroll,
    sign_in,
    watch,
)
from hamafza.portal.tests.test_a11y import BLOCKING, RULES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def blocking_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations in the page's own content (the desk's
    shared header is checked with the desk itself)."""
    results = Axe().run(page, context="#main", options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


def _published(unit: Any, at: datetime, origin: Story | None = None) -> Story:
    return StoryFactory.create(
        unit=unit,
        status=Story.Status.PUBLISHED,
        published_at=at,
        first_published_at=at,
        origin=origin,
        indexed=False,
    )


@pytest.fixture
def network_at_work(net: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Republishing of HQ's stories this month, and a fake area giving support and campaign
    links and domain counts (the real areas are optional to this page)."""
    month = JalaliMonth.of(timezone.localdate())
    start = timezone.make_aware(datetime.combine(month.first, datetime.min.time()))
    at = start + timedelta(days=2, hours=9)
    first = _published(net.hq, at)
    second = _published(net.hq_pr, at + timedelta(hours=3))
    _published(net.tehran, at + timedelta(hours=4), origin=first)
    _published(net.tehran, at + timedelta(hours=20), origin=second)
    _published(net.isfahan, at + timedelta(days=2), origin=first)
    own = _published(net.tehran, at + timedelta(hours=6))
    _published(net.shemiranat, at + timedelta(hours=9), origin=own)

    area = types.ModuleType("hamafza_fake_browser_area")

    def network_edges(*, since: datetime, until: datetime) -> list[graph.Edge]:
        return [
            (net.neyshabur.pk, net.isfahan.pk, graph.SUPPORT, 2),
            (net.tehran.pk, net.isfahan.pk, graph.CAMPAIGN, 3),
            (net.hq_pr.pk, net.tehran.pk, graph.JOINT, 1),
        ]

    def domain_activity(*, since: datetime, until: datetime) -> list[tuple[str, date, int]]:
        today = timezone.localdate()
        return [
            ("inter_agency", today, 3),
            ("intra_agency", today, 2),
            ("extra_agency", today, 4),
            ("extra_agency", month.previous.first, 1),
        ]

    area.network_edges = network_edges  # type: ignore[attr-defined]
    area.domain_activity = domain_activity  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, area.__name__, area)
    monkeypatch.setattr(graph, "PROVIDER_MODULES", (area.__name__,))
    return net


def test_hq_sees_the_network_drawn_on_a_desktop_and_a_phone(page, network_at_work):
    net = network_at_work
    errors = watch(page)
    sign_in(page, net.hq_editor.username)
    page.goto("/desk/network/?period=quarter")
    page.wait_for_selector("#network-graph:not([hidden]) canvas")
    page.wait_for_selector("#domains .chart-box:not([hidden]) canvas")
    # Cytoscape drew every unit at the place the server computed; HQ in the middle.
    drawn = page.evaluate(
        "JSON.parse(document.getElementById('network-data').textContent).nodes.length"
    )
    assert drawn == 8
    assert page.locator("#network-graph canvas").count() >= 1
    screenshot(page, "network-overview-desktop")
    assert blocking_violations(page) == []
    # Tapping a unit (HQ, in the middle of the box) says who it worked with.
    graph_box = page.locator("#network-graph")
    graph_box.scroll_into_view_if_needed()
    # Cytoscape learns of a scroll from the scroll event, a frame later: a person's click
    # comes long after it, a robot's must wait for it.
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    box = graph_box.bounding_box()
    assert box is not None
    graph_box.click(position={"x": box["width"] / 2, "y": box["height"] / 2 - 10})
    page.wait_for_selector("#network-graph-detail:not([hidden])")
    assert net.hq.name in page.inner_text("#network-graph-detail")
    no_sideways_scroll(page)

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("#network-graph:not([hidden]) canvas")
    no_sideways_scroll(page)
    screenshot(page, "network-overview-phone")
    assert blocking_violations(page) == []
    assert errors == []


def test_without_javascript_the_tables_carry_the_figures(chromium, live_server, network_at_work):
    net = network_at_work
    context = chromium.new_context(
        base_url=live_server.url, locale="fa-IR", viewport=DESKTOP, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, net.tehran_head.username)
        page.goto("/desk/network/")
        assert page.locator("#network-graph").is_hidden()
        edges = page.inner_text("#edges")
        assert net.shemiranat.name in edges
        assert "کارزار مشترک" in edges
        units = page.inner_text("#units")
        assert net.tehran.name in units
        assert net.isfahan.name not in units
        screenshot(page, "network-overview-nojs-head")
    finally:
        context.close()
