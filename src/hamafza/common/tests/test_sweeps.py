"""The periodic-sweep registry: each sweep at most once per its interval, a failing sweep logged
without stopping the others, and the worker running the registry every round."""

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hamafza.common import sweeps
from hamafza.common.sweeps import SweepRegistry
from hamafza.newsroom.management.commands import worker as worker_module
from hamafza.newsroom.management.commands.worker import Worker

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def counter(runs: list[str], name: str) -> Any:
    def sweep() -> int:
        runs.append(name)
        return 1

    return sweep


def test_each_sweep_runs_at_most_once_per_its_interval():
    registry = SweepRegistry()
    runs: list[str] = []
    registry.register("a.fast", counter(runs, "fast"), every=timedelta(seconds=30))
    registry.register("a.slow", counter(runs, "slow"), every=timedelta(minutes=5))
    assert registry.run_due(T0) == {"a.fast": 1, "a.slow": 1}  # the first round runs them all
    assert registry.run_due(T0 + timedelta(seconds=10)) == {}
    assert registry.run_due(T0 + timedelta(seconds=30)) == {"a.fast": 1}
    assert registry.run_due(T0 + timedelta(seconds=59)) == {}
    assert registry.run_due(T0 + timedelta(minutes=5)) == {"a.fast": 1, "a.slow": 1}
    assert runs == ["fast", "slow", "fast", "fast", "slow"]


def test_a_failing_sweep_is_logged_and_the_others_still_run(caplog):
    registry = SweepRegistry()
    runs: list[str] = []

    def broken() -> None:
        raise RuntimeError("database is locked")

    registry.register("a.before", counter(runs, "before"), every=timedelta(seconds=30))
    registry.register("a.broken", broken, every=timedelta(seconds=30))
    registry.register("a.later", counter(runs, "later"), every=timedelta(seconds=30))
    with caplog.at_level(logging.ERROR, logger="hamafza.worker"):
        results = registry.run_due(T0)
    assert runs == ["before", "later"]
    assert isinstance(results["a.broken"], RuntimeError)
    assert "Sweep a.broken failed" in caplog.text
    assert "database is locked" in caplog.text  # with its traceback
    # A failure counts as a run: retried after its interval, not every round.
    assert registry.run_due(T0 + timedelta(seconds=1)) == {}
    assert "a.broken" in registry.run_due(T0 + timedelta(seconds=30))


def test_registering_again_replaces_and_keeps_the_schedule():
    registry = SweepRegistry()
    runs: list[str] = []
    registry.register("a.job", counter(runs, "old"), every=timedelta(minutes=1))
    registry.run_due(T0)
    registry.register("a.job", counter(runs, "new"), every=timedelta(minutes=2))
    assert registry.names() == ["a.job"]
    assert registry.run_due(T0 + timedelta(minutes=1)) == {}
    registry.run_due(T0 + timedelta(minutes=2))
    assert runs == ["old", "new"]


def test_a_clock_set_back_does_not_silence_a_sweep():
    registry = SweepRegistry()
    runs: list[str] = []
    registry.register("a.job", counter(runs, "job"), every=timedelta(hours=1))
    registry.run_due(T0)
    registry.run_due(T0 - timedelta(hours=3))
    assert runs == ["job", "job"]


def test_reset_makes_every_sweep_due():
    registry = SweepRegistry()
    runs: list[str] = []
    registry.register("a.job", counter(runs, "job"), every=timedelta(hours=1))
    registry.run_due(T0)
    registry.reset()
    registry.run_due(T0 + timedelta(seconds=1))
    assert runs == ["job", "job"]


@pytest.mark.parametrize(
    ("name", "every", "message"),
    [
        ("nodot", timedelta(seconds=1), "dotted"),
        ("a.zero", timedelta(0), "positive"),
        ("a.neg", timedelta(-1), "positive"),
    ],
)
def test_bad_registrations_are_refused(name, every, message):
    registry = SweepRegistry()
    with pytest.raises(ValueError, match=message):
        registry.register(name, lambda: None, every=every)
    assert registry.names() == []


def test_the_module_functions_use_the_shared_registry(monkeypatch):
    registry = SweepRegistry()
    monkeypatch.setattr(sweeps, "registry", registry)
    runs: list[str] = []
    sweeps.register("a.job", counter(runs, "job"), every=timedelta(minutes=1))
    assert sweeps.run_due(T0) == {"a.job": 1}
    assert sweeps.run_due() == {"a.job": 1}  # now = the real time, long after T0


# --- The worker runs the registry ----------------------------------------------------------


@pytest.fixture
def worker(monkeypatch: pytest.MonkeyPatch) -> Worker:
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)
    return Worker(
        queue_names=["default"],
        backend_name="default",
        interval=1,
        sweep_interval=30,
        once=True,
        max_tasks=None,
        worker_id="test",
    )


def test_every_worker_round_runs_the_due_sweeps(db, monkeypatch, worker):
    registry = SweepRegistry()
    monkeypatch.setattr(sweeps, "registry", registry)
    runs: list[str] = []
    registry.register("a.job", counter(runs, "job"), every=timedelta(hours=1))
    worker.run_round()
    worker.run_round()  # within the hour: not again
    assert runs == ["job"]
    registry.reset()
    worker.run_round()
    assert runs == ["job", "job"]


def test_a_failing_sweep_does_not_stop_the_worker_or_the_story_sweep(db, monkeypatch, worker):
    registry = SweepRegistry()
    monkeypatch.setattr(sweeps, "registry", registry)
    story_sweeps: list[str] = []

    def story_sweep(*, backend_name: str) -> bool:
        story_sweeps.append(backend_name)
        return False

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(worker_module, "sweep_scheduled_stories", story_sweep)
    registry.register("a.broken", broken, every=timedelta(seconds=1))
    worker.run()  # --once: one round, then it ends normally
    assert story_sweeps == ["default"]
    assert worker._run_tasks == 0
