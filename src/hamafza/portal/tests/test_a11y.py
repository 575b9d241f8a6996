"""axe-core in headless Chromium: the home, a story, the search (with results) and a unit's
section report no serious or critical accessibility violations, at phone and desktop widths.

axe-core's script comes from the ``axe-playwright-python`` package (a pinned dev dependency,
installed by ``make venv`` with the rest of ``.[dev]``): it is injected into the page by the
test through Playwright, never served by the app and never fetched from a CDN.
"""

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.test_browser_workflow import DESKTOP, PHONE
from hamafza.portal.tests.test_browser_pages import portal_content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}
# WCAG 2.1 A and AA plus axe's best practices (landmarks, headings, region).
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


def blocking_violations(page: Any) -> list[str]:
    results = Axe().run(page, options={**RULES, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def featured(net: Any) -> Story:
    return portal_content(net)


def test_the_public_pages_have_no_serious_or_critical_violations(page, featured):
    paths = {
        "home": "/",
        "story": f"/news/{featured.code}/",
        "search": "/search/?q=کارگاه+توانمندسازی",
        "unit": "/units/tehran/",
        "english section": "/en/",
        "print view": f"/news/{featured.code}/print/",
    }
    found: dict[str, list[str]] = {}
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for name, path in paths.items():
            page.goto(path)
            problems = blocking_violations(page)
            if problems:
                found[f"{name} at {size['width']}px"] = problems
    assert found == {}


def test_axe_does_find_a_serious_violation_when_there_is_one(page, featured):
    """The check above can fail: a page with an image without alternative text and an
    unlabelled field is reported."""
    page.goto("/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const img = document.createElement("img");
            img.src = "/static/hamafza/favicon.svg";
            main.append(img);
            main.append(document.createElement("input"));
        }"""
    )
    problems = blocking_violations(page)
    assert any(problem.startswith("image-alt") for problem in problems)
    assert any(problem.startswith("label") for problem in problems)
