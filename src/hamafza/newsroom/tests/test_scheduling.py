"""Scheduled publishing through Django's tasks API: scheduling enqueues a task for the story's
time, the worker runs it then (not before), the sweep catches stories whose task was lost, and
unscheduling needs no cancelling. The worker is driven in-process, one round at a time, on the
real database backend (run_after must be honoured, so not the immediate backend)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hamafza.common.models import AuditEntry
from hamafza.newsroom import services
from hamafza.newsroom import tasks as newsroom_tasks
from hamafza.newsroom.management.commands import worker as worker_module
from hamafza.newsroom.management.commands.worker import (
    DEFAULT_INTERVAL,
    DEFAULT_SWEEP_INTERVAL,
    Worker,
    sweep_scheduled_stories,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tasks import publish_due_stories_task
from hamafza.newsroom.tests.factories import StoryFactory, unchanged

S = Story.Status
TASK_PATH = publish_due_stories_task.module_path


class Clock:
    """Django's "now" (``timezone.now``, which the services, the task table and the worker all
    read), moved forward by hand."""

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self._real_now = timezone.now

    def now(self) -> datetime:
        return self._real_now() + self.offset

    def move_to(self, moment: datetime) -> None:
        self.offset += moment - self.now()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # Between rounds the worker drops stale connections; inside a test's transaction that
    # would drop the transaction itself (on PostgreSQL), so the tests keep their connection.
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)


def run_worker_round(**options: Any) -> Worker:
    """One round of the real worker: sweep (it is the first round), then every ready task."""
    worker = Worker(
        queue_names=["default"],
        backend_name="default",
        interval=0,
        sweep_interval=DEFAULT_SWEEP_INTERVAL,
        once=True,
        max_tasks=options.pop("max_tasks", None),
        worker_id="test-worker",
    )
    worker.run()
    return worker


@pytest.fixture
def approved(net: Any) -> Callable[[], Story]:
    """A factory of approved Tehran stories, written by the reporter."""

    def make() -> Story:
        return StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED
        )

    return make


def schedule(net: Any, story: Story, when: datetime, capture: Any) -> Story:
    """Schedule as the Tehran editor and commit (running the on-commit enqueue)."""
    with capture(execute=True):
        return services.story_transition(
            actor=net.tehran_editor, story=story, name="schedule", when=when
        )


def publication_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("run_after"))


# --- Enqueuing -----------------------------------------------------------------------------


def test_scheduling_enqueues_a_task_for_the_story_time(
    net, approved, django_capture_on_commit_callbacks
):
    when = timezone.now() + timedelta(hours=2)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    assert story.status == S.SCHEDULED
    assert story.scheduled_for == when
    [task] = publication_tasks()
    assert task.run_after == when
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs == {"args": [], "kwargs": {}}
    # Waiting for its time: not ready yet.
    assert not DBTaskResult.objects.ready().exists()


def test_the_task_is_enqueued_only_when_the_scheduling_commits(
    net, approved, django_capture_on_commit_callbacks
):
    story = approved()
    with django_capture_on_commit_callbacks() as callbacks:
        services.story_transition(
            actor=net.tehran_editor,
            story=story,
            name="schedule",
            when=timezone.now() + timedelta(hours=1),
        )
        assert publication_tasks() == []
    assert len(callbacks) == 1


def test_a_rolled_back_scheduling_enqueues_nothing(
    net, approved, django_capture_on_commit_callbacks
):
    story = approved()

    def schedule_then_fail() -> None:
        with transaction.atomic():
            services.story_transition(
                actor=net.tehran_editor,
                story=story,
                name="schedule",
                when=timezone.now() + timedelta(hours=1),
            )
            raise RuntimeError("the request failed after scheduling")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        schedule_then_fail()
    assert callbacks == []
    assert publication_tasks() == []
    story.refresh_from_db()
    assert story.status == S.APPROVED


@pytest.mark.parametrize("minutes", [0, -5])
def test_scheduling_in_the_past_is_refused_and_enqueues_nothing(
    net, approved, django_capture_on_commit_callbacks, minutes
):
    story = approved()
    with (
        django_capture_on_commit_callbacks(execute=True),
        unchanged(),
        pytest.raises(ValidationError),
    ):
        services.story_transition(
            actor=net.tehran_editor,
            story=story,
            name="schedule",
            when=timezone.now() + timedelta(minutes=minutes),
        )
    assert publication_tasks() == []


def test_a_reporter_may_not_schedule_and_nothing_is_enqueued(
    net, approved, django_capture_on_commit_callbacks
):
    story = approved()
    with (
        django_capture_on_commit_callbacks(execute=True),
        unchanged(),
        pytest.raises(PermissionDenied),
    ):
        services.story_transition(
            actor=net.tehran_reporter,
            story=story,
            name="schedule",
            when=timezone.now() + timedelta(hours=1),
        )
    assert publication_tasks() == []


# --- The worker publishes at the time ------------------------------------------------------


def test_the_worker_publishes_stories_when_due_and_not_before(
    net, approved, clock, django_capture_on_commit_callbacks
):
    start = clock.now()
    first = schedule(
        net, approved(), start + timedelta(hours=1), django_capture_on_commit_callbacks
    )
    second = schedule(
        net, approved(), start + timedelta(hours=2), django_capture_on_commit_callbacks
    )

    run_worker_round()  # nothing is due yet
    for story in (first, second):
        story.refresh_from_db()
        assert story.status == S.SCHEDULED
        assert story.code is None
    assert {t.status for t in publication_tasks()} == {TaskResultStatus.READY}

    clock.move_to(start + timedelta(hours=1, seconds=1))
    run_worker_round()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == S.PUBLISHED
    assert first.code is not None
    assert start + timedelta(hours=1) <= first.published_at <= clock.now()
    assert first.first_published_at == first.published_at
    assert first.scheduled_for is None
    assert second.status == S.SCHEDULED
    first_task, second_task = publication_tasks()
    assert first_task.status == TaskResultStatus.SUCCESSFUL
    assert first_task.return_value == [first.pk]
    assert second_task.status == TaskResultStatus.READY

    clock.move_to(start + timedelta(hours=2, seconds=1))
    run_worker_round()
    second.refresh_from_db()
    assert second.status == S.PUBLISHED
    assert first.code is not None
    assert second.code is not None
    assert second.code > first.code
    # Published by the system, and said so in the audit log.
    entries = AuditEntry.objects.filter(action="newsroom.story.publish").order_by("pk")
    assert [(e.object_id, e.actor_id) for e in entries] == [
        (str(first.pk), None),
        (str(second.pk), None),
    ]


def test_a_due_story_gets_a_news_code_and_its_publication_time(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(minutes=10)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    clock.move_to(when + timedelta(seconds=30))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert isinstance(story.code, int)
    assert when <= story.published_at <= clock.now()
    assert story.first_published_at == story.published_at
    assert story.version == 3  # approved (1) → scheduled (2) → published (3)


def test_an_unscheduled_story_is_not_published(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(hours=1)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    services.story_transition(actor=net.tehran_editor, story=story, name="unschedule")
    clock.move_to(when + timedelta(minutes=1))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.APPROVED
    assert story.code is None
    assert story.published_at is None
    # Its task ran at the time and found nothing to publish.
    [task] = publication_tasks()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == []


def test_a_story_rescheduled_later_waits_for_its_new_time(
    net, approved, clock, django_capture_on_commit_callbacks
):
    start = clock.now()
    story = schedule(
        net, approved(), start + timedelta(hours=1), django_capture_on_commit_callbacks
    )
    story = services.story_transition(actor=net.tehran_editor, story=story, name="unschedule")
    story = schedule(net, story, start + timedelta(hours=3), django_capture_on_commit_callbacks)
    clock.move_to(start + timedelta(hours=1, minutes=1))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.SCHEDULED
    clock.move_to(start + timedelta(hours=3, minutes=1))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_a_story_returned_after_scheduling_is_not_published(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(hours=1)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    services.story_transition(
        actor=net.tehran_editor, story=story, name="return", note="آمار را به‌روز کنید."
    )
    clock.move_to(when + timedelta(minutes=1))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.RETURNED
    assert story.code is None


# --- The sweep -----------------------------------------------------------------------------


def test_the_sweep_publishes_a_due_story_whose_task_was_lost(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(hours=1)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # e.g. the database was restored from a backup
    clock.move_to(when + timedelta(seconds=5))
    run_worker_round()
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert story.code is not None
    [task] = publication_tasks()  # the sweep's own task
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == [story.pk]


def test_the_sweep_enqueues_only_when_a_story_is_due_and_no_task_waits(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(hours=1)
    schedule(net, approved(), when, django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    assert sweep_scheduled_stories() is False  # nothing due yet
    clock.move_to(when + timedelta(seconds=1))
    assert sweep_scheduled_stories() is True
    assert sweep_scheduled_stories() is False  # one is waiting already
    assert len(publication_tasks()) == 1


def test_the_sweep_does_not_duplicate_a_due_scheduled_task(
    net, approved, clock, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(hours=1)
    schedule(net, approved(), when, django_capture_on_commit_callbacks)
    clock.move_to(when + timedelta(seconds=1))
    assert sweep_scheduled_stories() is False
    assert len(publication_tasks()) == 1


def test_the_sweep_runs_at_most_every_sweep_interval(monkeypatch, db):
    sweeps: list[str] = []

    def sweep(*, backend_name: str) -> bool:
        sweeps.append(backend_name)
        return False

    monkeypatch.setattr(worker_module, "sweep_scheduled_stories", sweep)
    worker = run_worker_round()
    worker.run_round()  # within the interval: no second sweep
    assert sweeps == ["default"]
    worker.sweep_interval = 0
    worker.run_round()
    assert sweeps == ["default", "default"]


def test_a_story_is_published_within_a_minute_even_without_its_task():
    # The worker looks for ready tasks every second and sweeps every half minute.
    assert DEFAULT_SWEEP_INTERVAL + DEFAULT_INTERVAL < 60


# --- Failures ------------------------------------------------------------------------------


def test_a_failing_task_is_recorded_and_the_next_sweep_retries(
    net, approved, clock, monkeypatch, django_capture_on_commit_callbacks
):
    when = clock.now() + timedelta(minutes=5)
    story = schedule(net, approved(), when, django_capture_on_commit_callbacks)
    clock.move_to(when + timedelta(seconds=1))

    def broken() -> list[int]:
        raise RuntimeError("publishing failed")

    monkeypatch.setattr(newsroom_tasks, "publish_due_stories", broken)
    run_worker_round()
    [task] = publication_tasks()
    assert task.status == TaskResultStatus.FAILED
    assert "publishing failed" in task.traceback
    story.refresh_from_db()
    assert story.status == S.SCHEDULED

    monkeypatch.setattr(newsroom_tasks, "publish_due_stories", services.publish_due_stories)
    run_worker_round()  # a new worker sweeps at once
    story.refresh_from_db()
    assert story.status == S.PUBLISHED


def test_a_database_error_in_a_round_is_logged_not_fatal(monkeypatch, db, caplog):
    def unreachable(*, backend_name: str) -> bool:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(worker_module, "sweep_scheduled_stories", unreachable)
    run_worker_round()  # returns instead of raising
    assert "Worker round failed" in caplog.text
    assert "server closed the connection" in caplog.text


def test_max_tasks_stops_the_worker(db):
    for _ in range(2):
        publish_due_stories_task.enqueue()
    worker = run_worker_round(max_tasks=1)
    assert worker._run_tasks == 1
    statuses = sorted(t.status for t in publication_tasks())
    assert statuses == [TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL]
