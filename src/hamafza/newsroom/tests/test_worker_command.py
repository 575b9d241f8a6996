"""``hamafza worker`` as a command and a process, and ``hamafza serve`` running it beside
gunicorn: options, a single round, clean stops on SIGTERM/SIGINT, and the child process that
lives exactly as long as the web server."""

import io
import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from hamafza.common.management.commands import serve as serve_module
from hamafza.common.management.commands.serve import BackgroundWorker, HamafzaApplication
from hamafza.newsroom.management.commands import worker as worker_module
from hamafza.newsroom.management.commands.worker import Worker
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

S = Story.Status

needs_main_thread = pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="signal handlers can only be installed from the main thread",
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in test_scheduling: the test's transaction must survive the worker's rounds.
    monkeypatch.setattr(worker_module, "close_old_connections", lambda: None)


def handlers() -> dict[int, Any]:
    return {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}


def worker_command(*args: str) -> str:
    out = io.StringIO()
    call_command("worker", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# --- hamafza worker ------------------------------------------------------------------------


@needs_main_thread
def test_once_publishes_what_is_due_and_exits_leaving_the_signals_as_they_were(net):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.SCHEDULED)
    Story.objects.filter(pk=story.pk).update(scheduled_for=timezone.now() - timedelta(seconds=5))
    before = handlers()
    out = worker_command("--once")
    assert "Hamafza background worker started" in out
    assert "Background worker stopped" in out
    assert handlers() == before
    story.refresh_from_db()
    assert story.status == S.PUBLISHED
    assert story.code is not None


@needs_main_thread
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_running_worker_cleanly(db, monkeypatch, signum):
    swept = threading.Event()
    original_sweep = worker_module.sweep_scheduled_stories

    def sweep(*, backend_name: str) -> bool:
        swept.set()
        return original_sweep(backend_name=backend_name)

    monkeypatch.setattr(worker_module, "sweep_scheduled_stories", sweep)

    def send_signal_once_running() -> None:
        # The worker installs its handlers before its first round, so by the first sweep a
        # signal reaches the worker, never the test process's own handler.
        if swept.wait(timeout=20):
            os.kill(os.getpid(), signum)

    sender = threading.Thread(target=send_signal_once_running)
    before = handlers()
    sender.start()
    out = worker_command("--interval", "30")  # would sleep 30 s between rounds: the signal wakes it
    sender.join()
    assert "Background worker stopped" in out
    assert handlers() == before


@needs_main_thread
def test_a_second_signal_stops_at_once(db):
    worker = Worker(
        queue_names=["default"],
        backend_name="default",
        interval=1,
        sweep_interval=30,
        once=False,
        max_tasks=None,
        worker_id="test",
    )
    before = handlers()
    worker.configure_signals()
    try:
        worker.shutdown(signal.SIGTERM, None)
        assert worker.running is False
        with pytest.raises(SystemExit) as stopped:
            worker.shutdown(signal.SIGTERM, None)
        assert stopped.value.code == 1
        assert handlers() == before  # the forced stop put the handlers back first
    finally:
        worker.reset_signals()
    assert handlers() == before


@needs_main_thread
def test_the_worker_stops_when_its_parent_is_gone(db):
    # Any pid other than our parent's: as if `hamafza serve` died and we were adopted.
    out = worker_command("--parent", str(os.getppid() + 1), "--interval", "30")
    assert "Background worker stopped" in out


@needs_main_thread
def test_max_tasks_ends_the_worker(db):
    from hamafza.newsroom.tasks import publish_due_stories_task

    publish_due_stories_task.enqueue()
    publish_due_stories_task.enqueue()
    out = worker_command("--max-tasks", "1", "--interval", "30")
    assert "Background worker stopped" in out


@pytest.mark.parametrize(
    "args",
    [
        ["--interval", "-1"],
        ["--interval", "soon"],
        ["--sweep-interval", "4000"],
        ["--max-tasks", "0"],
        ["--backend", "nowhere"],
        ["--parent", "0"],
    ],
)
def test_bad_options_are_refused(db, args):
    with pytest.raises(CommandError):
        worker_command(*args)


# --- hamafza serve runs the worker ---------------------------------------------------------


def serve(*args: str) -> tuple[mock.MagicMock, mock.MagicMock]:
    """Run ``serve`` with gunicorn and the child process replaced; return both mocks."""
    with (
        mock.patch.object(HamafzaApplication, "run", autospec=True) as run,
        mock.patch.object(serve_module.subprocess, "Popen") as popen,
    ):
        popen.return_value.poll.return_value = None
        popen.return_value.returncode = 0
        call_command("serve", *args, stdout=io.StringIO(), stderr=io.StringIO())
    return run, popen


def test_serve_starts_the_worker_and_stops_it_with_the_server(settings):
    run, popen = serve()
    run.assert_called_once()
    popen.assert_called_once()
    command = popen.call_args.args[0]
    assert command == [
        sys.executable,
        "-m",
        "hamafza",
        "worker",
        "--parent",
        str(os.getpid()),
    ]
    assert popen.call_args.kwargs["start_new_session"] is True
    assert popen.call_args.kwargs["env"]["DJANGO_SETTINGS_MODULE"] == settings.SETTINGS_MODULE
    popen.return_value.terminate.assert_called_once()
    popen.return_value.wait.assert_called_once()


def test_serve_no_worker_starts_none():
    run, popen = serve("--no-worker")
    run.assert_called_once()
    popen.assert_not_called()


def test_the_worker_is_stopped_however_the_server_ends():
    with (
        mock.patch.object(HamafzaApplication, "run", side_effect=SystemExit(0)),
        mock.patch.object(serve_module.subprocess, "Popen") as popen,
    ):
        popen.return_value.poll.return_value = None
        with pytest.raises(SystemExit):
            call_command("serve", stdout=io.StringIO(), stderr=io.StringIO())
    popen.return_value.terminate.assert_called_once()


def test_gunicorns_forked_workers_leave_the_background_worker_alone():
    process = mock.MagicMock()
    worker = BackgroundWorker()
    worker.process = process
    worker._owner_pid = os.getpid() + 1  # we are a child forked from the starting process
    assert worker.stop() is None
    process.terminate.assert_not_called()


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_a_worker_that_ignores_sigterm_is_killed_after_the_timeout():
    stubborn = BackgroundWorker(
        _python(
            "import signal, sys, time\n"
            "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n"
        ),
        stop_timeout=0.5,
    )
    stubborn.start(stdout=subprocess.PIPE)
    assert stubborn.process is not None
    assert stubborn.process.stdout is not None
    assert stubborn.process.stdout.readline() == b"ready\n"
    assert stubborn.stop() == -signal.SIGKILL
    stubborn.process.stdout.close()


def test_the_real_worker_process_stops_cleanly_on_sigterm(monkeypatch, tmp_path: Path):
    # Its own empty SQLite database, never the one DATABASE_URL names for the test run. The
    # database is not even migrated: the worker logs the failing rounds and stays up.
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'worker.sqlite3'}")
    worker = BackgroundWorker(stop_timeout=20)
    worker.start(stdout=subprocess.PIPE)
    assert worker.process is not None
    assert worker.process.stdout is not None
    try:
        started = worker.process.stdout.readline().decode()
        assert "Hamafza background worker started" in started
    finally:
        status = worker.stop()
    rest = worker.process.stdout.read().decode()
    worker.process.stdout.close()
    assert status == 0
    assert "Background worker stopped" in rest
