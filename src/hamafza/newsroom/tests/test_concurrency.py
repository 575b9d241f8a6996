"""News codes and stale saves under real concurrency: threads, each with its own database
connection, publishing and saving at the same moment, on SQLite and on PostgreSQL (run the
file with ``DATABASE_URL=postgres://…`` for the second).

PostgreSQL serializes publishers on the counter row's lock; SQLite (in WAL mode, as Hamafza
runs it) on the write lock that IMMEDIATE transactions take at BEGIN, with the busy timeout
making the others queue instead of failing.
"""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.db.backends.sqlite3.creation import DatabaseCreation

from hamafza.common.models import AuditEntry
from hamafza.conftest import Network, build_network
from hamafza.newsroom.models import NewsCodeCounter, Story, StoryRevision
from hamafza.newsroom.reference import reference_data_ensure
from hamafza.newsroom.services import (
    StaleVersion,
    story_create,
    story_transition,
    story_update,
)
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

S = Story.Status
User = get_user_model()

THREADS = 8
STORIES_PER_THREAD = 5
START = 300_000


@pytest.fixture
def shared_db(tmp_path: Path) -> Iterator[None]:
    """A test database that other threads reach through their own connections, and that
    queues writers the way production does.

    pytest-django gives SQLite tests an in-memory database in shared-cache mode. Its table
    locks fail at once ("database table is locked") instead of waiting on the busy timeout,
    which is not how a file database — the one Hamafza runs on — behaves. So for SQLite the
    test runs on a file copy of the test database (schema and migrated rows), in WAL mode
    through the project's own connection options; the in-memory database is kept open aside
    and put back afterwards, untouched. PostgreSQL needs nothing.
    """
    in_memory = connection.vendor == "sqlite" and DatabaseCreation.is_in_memory_db(
        connection.settings_dict["NAME"]
    )
    if not in_memory:
        yield
        return
    connection.ensure_connection()
    memory = connection.connection
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    memory.backup(target)
    target.close()
    settings_dict = connection.settings_dict  # the same dict new threads' connections read
    original_name = settings_dict["NAME"]
    # Detach without closing: closing the last connection would destroy the memory database.
    connection.connection = None
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = original_name
        connection.connection = memory


@pytest.fixture
def network(shared_db: None) -> Network:
    reference_data_ensure()
    return build_network()


def run_together(jobs: list[Callable[[], Any]]) -> list[BaseException]:
    """Run each job in its own thread, all released at once; return what they raised.

    Each thread gets its own database connection and closes it when done, so the test
    database can be dropped afterwards.
    """
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(job: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as error:  # collected and asserted on by the test
            with lock:
                errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors


def _user(user: Any) -> Any:
    """The user as a thread loads it (no shared cached access)."""
    return User.objects.get(pk=user.pk)


def _codes_in_publication_order() -> list[int]:
    """Codes in the order the publications committed: each audit row is written while the
    publication still holds the counter, so the audit ids follow the order of the codes."""
    return [
        entry.changes["code"][1]
        for entry in AuditEntry.objects.filter(action="newsroom.story.publish").order_by("id")
        if "code" in entry.changes
    ]


def test_parallel_publishes_get_unique_increasing_codes(network, settings):
    settings.NEWS_CODE_START = START
    net = network
    # The migration creates the counter; without it the threads also race to create it.
    NewsCodeCounter.objects.all().delete()
    units = [(net.tehran, net.tehran_editor), (net.shemiranat, net.tehran_head)]
    units += [(net.isfahan, net.isfahan_editor), (net.kashan, net.isfahan_head)]
    batches: list[tuple[Any, list[int]]] = []
    for n in range(THREADS):
        unit, editor = units[n % len(units)]
        stories = [
            StoryFactory.create(unit=unit, created_by=net.tehran_reporter, status=S.APPROVED)
            for _ in range(STORIES_PER_THREAD)
        ]
        batches.append((editor, [story.pk for story in stories]))

    def publisher(editor: Any, story_ids: list[int]) -> Callable[[], None]:
        def job() -> None:
            actor = _user(editor)
            for story_id in story_ids:
                story_transition(actor=actor, story=Story.objects.get(pk=story_id), name="publish")

        return job

    errors = run_together([publisher(editor, ids) for editor, ids in batches])

    assert errors == []
    total = THREADS * STORIES_PER_THREAD
    codes = [code for code in Story.objects.values_list("code", flat=True) if code is not None]
    assert len(codes) == total
    assert sorted(codes) == list(range(START, START + total))  # unique, no gaps
    assert _codes_in_publication_order() == list(range(START, START + total))
    assert NewsCodeCounter.objects.get().last_code == START + total - 1
    assert set(Story.objects.values_list("status", flat=True)) == {S.PUBLISHED}
    assert set(Story.objects.values_list("version", flat=True)) == {2}


def test_republishing_keeps_codes_while_others_publish(network, settings):
    """Unpublish + publish in some threads while others publish new stories: the old stories
    keep their codes, the new ones continue after the highest code, nothing is reused."""
    settings.NEWS_CODE_START = START
    net = network
    old = []
    for _ in range(4):
        story = StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED
        )
        old.append(story_transition(actor=net.tehran_editor, story=story, name="publish"))
    assert [story.code for story in old] == list(range(START, START + 4))
    new = [
        StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_head, status=S.APPROVED)
        for _ in range(4 * STORIES_PER_THREAD)
    ]

    def cycle(story_id: int) -> Callable[[], None]:
        def job() -> None:
            actor = _user(net.tehran_head)
            for _ in range(3):
                story = Story.objects.get(pk=story_id)
                story = story_transition(actor=actor, story=story, name="unpublish", note="بازبینی")
                story_transition(actor=actor, story=story, name="publish")

        return job

    def publisher(story_ids: list[int]) -> Callable[[], None]:
        def job() -> None:
            actor = _user(net.isfahan_editor)
            for story_id in story_ids:
                story_transition(actor=actor, story=Story.objects.get(pk=story_id), name="publish")

        return job

    ids = [story.pk for story in new]
    jobs = [cycle(story.pk) for story in old]
    jobs += [publisher(ids[n::4]) for n in range(4)]
    assert run_together(jobs) == []

    for story in old:
        fresh = Story.objects.get(pk=story.pk)
        assert (fresh.status, fresh.code) == (S.PUBLISHED, story.code)
        assert fresh.first_published_at == story.first_published_at
    new_codes = sorted(
        code
        for code in Story.objects.filter(pk__in=ids).values_list("code", flat=True)
        if code is not None
    )
    assert new_codes == list(range(START + 4, START + 4 + len(new)))
    assert _codes_in_publication_order() == list(range(START, START + 4 + len(new)))
    assert NewsCodeCounter.objects.get().last_code == START + 3 + len(new)


def test_concurrent_publishes_of_the_same_story_use_one_code(network, settings):
    settings.NEWS_CODE_START = START
    net = network
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED)
    editors = [net.tehran_editor, net.tehran_head] * 3

    def job(editor: Any) -> Callable[[], object]:
        return lambda: story_transition(
            actor=_user(editor), story=Story.objects.get(pk=story.pk), name="publish"
        )

    errors = run_together([job(editor) for editor in editors])

    # The first publishes; the others find it published already.
    assert len(errors) == len(editors) - 1
    assert all(isinstance(error, ValidationError) for error in errors), errors
    fresh = Story.objects.get(pk=story.pk)
    assert (fresh.status, fresh.code, fresh.version) == (S.PUBLISHED, START, story.version + 1)
    assert NewsCodeCounter.objects.get().last_code == START  # no code was burnt
    assert AuditEntry.objects.filter(action="newsroom.story.publish").count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_saves_of_the_same_version(network, round_):
    """Exactly one of two simultaneous saves wins; the other gets StaleVersion with the story
    as it now is, and saving the loser's text again on top of it loses nothing."""
    net = network
    story = story_create(actor=net.tehran_reporter, headline="تیتر نخست", body="<p>نخست</p>")
    texts = {
        net.tehran_reporter.pk: "<p>متن خبرنگار</p>",
        net.tehran_editor.pk: "<p>متن دبیر</p>",
    }
    outcome: dict[int, Any] = {}

    def save(user_id: int) -> Callable[[], None]:
        def job() -> None:
            try:
                story_update(
                    actor=User.objects.get(pk=user_id),
                    story=Story.objects.get(pk=story.pk),
                    version=1,
                    body=texts[user_id],
                )
                outcome[user_id] = "saved"
            except StaleVersion as stale:
                outcome[user_id] = stale

        return job

    assert run_together([save(user_id) for user_id in texts]) == []

    winners = [user_id for user_id, result in outcome.items() if result == "saved"]
    losers = [user_id for user_id, result in outcome.items() if isinstance(result, StaleVersion)]
    assert len(winners) == len(losers) == 1
    winner, loser = winners[0], losers[0]
    current = outcome[loser].current
    assert (current.version, current.body) == (2, texts[winner])
    fresh = Story.objects.get(pk=story.pk)
    assert (fresh.version, fresh.body) == (2, texts[winner])
    assert list(
        StoryRevision.objects.filter(story=story)
        .order_by("version")
        .values_list("version", "author_id", "data__body")
    ) == [(1, net.tehran_reporter.pk, "<p>نخست</p>"), (2, winner, texts[winner])]

    # The loser still has their text; saved on top of the current version, both are kept.
    story_update(
        actor=User.objects.get(pk=loser), story=fresh, version=current.version, body=texts[loser]
    )
    bodies = list(
        StoryRevision.objects.filter(story=story)
        .order_by("version")
        .values_list("data__body", flat=True)
    )
    assert bodies == ["<p>نخست</p>", texts[winner], texts[loser]]
