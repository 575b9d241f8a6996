"""Shared test fixtures: a small network of units and one persona per role and unit.

    HQ (hq) ─┬─ PR & International Affairs office (hq-pr)
             ├─ Tehran province (tehran) ── Shemiranat county (shemiranat)
             ├─ Isfahan province (isfahan) ── Kashan county (kashan)
             └─ Khorasan Razavi (khorasan-razavi) ── Neyshabur county (neyshabur)

Personas (all with password TEST_PASSWORD): hq_admin (admin@HQ), hq_editor (hq_editor@hq-pr),
tehran_head, tehran_editor, tehran_reporter, tehran_viewer, shemiranat_head,
shemiranat_reporter, isfahan_head, isfahan_editor, khorasan_video (reporter in Neyshabur with
the video skill), outsider (an account with no membership).
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from hamafza.org.models import Membership, Role, Skill, Unit
from hamafza.org.reference import reference_data_ensure
from hamafza.org.tests.factories import UnitFactory, UserFactory


@dataclass
class Network:
    hq: Unit
    hq_pr: Unit
    tehran: Unit
    shemiranat: Unit
    isfahan: Unit
    kashan: Unit
    khorasan: Unit
    neyshabur: Unit
    hq_admin: Any
    hq_editor: Any
    tehran_head: Any
    tehran_editor: Any
    tehran_reporter: Any
    tehran_viewer: Any
    shemiranat_head: Any
    shemiranat_reporter: Any
    isfahan_head: Any
    isfahan_editor: Any
    khorasan_video: Any
    outsider: Any


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language (Persian). A request made in English (the
    language cookie) leaves that language active in the thread,
    and under xdist the next test on the worker would otherwise inherit it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts with an empty page cache: a page kept by an earlier test (same news
    code, another database) must not answer this one."""
    caches["pages"].clear()
    caches["generations"].clear()


@pytest.fixture(autouse=True)
def _search_index_flushed(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tests on a real (flushed, not rolled back) database — the browser tests — leave SQLite's
    FTS5 index empty, before and after. Flushing empties the models' tables, the index's
    content table with them, but not the FTS5 table, whose stale entries then matched rowids a
    later test reused (and the search found stories that were not there)."""
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames))
    if transactional:
        request.getfixturevalue("transactional_db")  # set up first, torn down after this
        _clear_fts()
    yield
    if transactional:
        _clear_fts()


def _clear_fts() -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")


def _person(username: str, unit: Unit, *roles: str, first: str = "", last: str = "") -> Any:
    user = UserFactory.create(
        username=username, first_name=first or "کاربر", last_name=last or username
    )
    for role in roles:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def build_network() -> Network:
    reference_data_ensure()
    hq = UnitFactory.create(slug="hq", name="ستاد سازمان", kind=Unit.Kind.HQ)
    hq_pr = UnitFactory.create(
        slug="hq-pr", name="دفتر روابط عمومی و امور بین‌الملل", kind=Unit.Kind.HQ_OFFICE, parent=hq
    )
    tehran = UnitFactory.create(
        slug="tehran", name="استان تهران", kind=Unit.Kind.PROVINCE, parent=hq
    )
    shemiranat = UnitFactory.create(slug="shemiranat", name="شهرستان شمیرانات", parent=tehran)
    isfahan = UnitFactory.create(
        slug="isfahan", name="استان اصفهان", kind=Unit.Kind.PROVINCE, parent=hq
    )
    kashan = UnitFactory.create(slug="kashan", name="شهرستان کاشان", parent=isfahan)
    khorasan = UnitFactory.create(
        slug="khorasan-razavi", name="استان خراسان رضوی", kind=Unit.Kind.PROVINCE, parent=hq
    )
    neyshabur = UnitFactory.create(slug="neyshabur", name="شهرستان نیشابور", parent=khorasan)
    khorasan_video = _person(
        "khorasan.video", neyshabur, Role.REPORTER, first="رضا", last="فیلم‌بردار"
    )
    khorasan_video.profile.skills.add(Skill.objects.get(code="video"))
    return Network(
        hq=hq,
        hq_pr=hq_pr,
        tehran=tehran,
        shemiranat=shemiranat,
        isfahan=isfahan,
        kashan=kashan,
        khorasan=khorasan,
        neyshabur=neyshabur,
        hq_admin=_person("hq.admin", hq, Role.ADMIN),
        hq_editor=_person("hq.editor", hq_pr, Role.HQ_EDITOR),
        tehran_head=_person("tehran.head", tehran, Role.HEAD),
        tehran_editor=_person("tehran.editor", tehran, Role.EDITOR),
        tehran_reporter=_person("tehran.reporter", tehran, Role.REPORTER),
        tehran_viewer=_person("tehran.viewer", tehran, Role.VIEWER),
        shemiranat_head=_person("shemiranat.head", shemiranat, Role.HEAD),
        shemiranat_reporter=_person("shemiranat.reporter", shemiranat, Role.REPORTER),
        isfahan_head=_person("isfahan.head", isfahan, Role.HEAD),
        isfahan_editor=_person("isfahan.editor", isfahan, Role.EDITOR),
        khorasan_video=khorasan_video,
        outsider=UserFactory.create(username="outsider"),
    )


@pytest.fixture
def net(db: None) -> Network:
    return build_network()


# --- Browser tests ----------------------------------------------------------------------------
# Marked `browser`; `make test` runs them separately with Debian's Chromium. Locally they skip
# when no Chromium is installed; in CI (CI=true) a missing browser is a failure, not a skip.

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), None)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required for browser tests in CI (apt-get install chromium)")
        pytest.skip("no Chromium found; install Debian's chromium package to run browser tests")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # still synchronous, so Django's async-safety guard must be told so.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser page (Persian, desktop size) whose `.base_url` is the live server."""
    context = chromium.new_context(
        base_url=live_server.url, locale="fa-IR", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ and return its path."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    path = ARTIFACTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
