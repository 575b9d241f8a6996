"""``hamafza worker``: run background tasks from the database until stopped.

    hamafza worker [--interval 1] [--sweep-interval 30] [--once] [--max-tasks N]

Background work (publishing scheduled stories today) is enqueued through Django's tasks API
into the database (``django_tasks_db``); this process runs it. ``hamafza serve`` starts one
beside the web server, so a small office needs nothing else; a larger installation may run
more, on any machine that reaches the database (each task is claimed by exactly one worker).

Each round the worker

* sweeps, at most every ``--sweep-interval`` seconds: if scheduled stories are due and no
  publication task is waiting, it enqueues one. Scheduling a story already enqueued a task for
  its time; the sweep is the safety net for a task that was lost (a database restored from a
  backup, a failed task), so every scheduled story is published within a minute of its time;
* runs the periodic sweeps other apps registered in ``hamafza.common.sweeps`` (notification
  e-mails, daily digests, reminders), each at most once per its own interval; a failing one is
  logged and does not stop the others;
* runs every task that is ready (``run_after`` reached), then sleeps ``--interval`` seconds.

A failing task is recorded as failed with its traceback (the next sweep enqueues publishing
again); a failing round (the database unreachable or locked) is logged and retried after the
interval: neither stops the worker. SIGTERM or SIGINT (Ctrl+C) stops it cleanly after the task
in hand (exit status 0); a second signal abandons that task (recorded as failed, so the sweep
retries it) and stops. ``--once`` runs a single round and
exits (for cron, tests and "publish what is due now"); ``--max-tasks`` exits after that many
tasks; ``--parent PID`` (``hamafza serve`` passes its own) also stops it when that process is
gone, so a crashed server leaves no stray worker behind.
"""

import logging
import os
import signal
import sys
import threading
import time
from argparse import ArgumentParser, ArgumentTypeError
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import OperationalError, close_old_connections
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.tasks.exceptions import InvalidTaskBackend
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from hamafza.common import sweeps
from hamafza.newsroom.models import Story
from hamafza.newsroom.tasks import publish_due_stories_task

logger = logging.getLogger("hamafza.worker")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
DEFAULT_INTERVAL = 1.0
DEFAULT_SWEEP_INTERVAL = 30.0

SignalHandler = Callable[[int, FrameType | None], Any] | int | None


def sweep_scheduled_stories(*, backend_name: str = DEFAULT_TASK_BACKEND_ALIAS) -> bool:
    """Enqueue a publication task if scheduled stories are due and none is waiting to run.

    Returns whether it enqueued one. The task itself decides what to publish, so enqueuing
    one too many is harmless; the check only keeps the task table from filling up.
    """
    due = Story.objects.filter(status=Story.Status.SCHEDULED, scheduled_for__lte=timezone.now())
    if not due.exists():
        return False
    waiting = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend_name, task_path=publish_due_stories_task.module_path)
        .exists()
    )
    if waiting:
        return False
    publish_due_stories_task.using(backend=backend_name).enqueue()
    return True


class Worker(DatabaseWorker):
    """django_tasks_db's worker with Hamafza's round: sweep, run what is ready, sleep.

    It reuses the library's task claiming and running (``run_task`` records success or the
    traceback on the task) and replaces its loop, to add the sweep, survive database errors,
    sleep interruptibly and leave the signal handlers as it found them.
    """

    def __init__(
        self,
        *,
        queue_names: list[str],
        backend_name: str,
        interval: float,
        sweep_interval: float,
        once: bool,
        max_tasks: int | None,
        worker_id: str,
        parent_pid: int | None = None,
    ) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=False,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.sweep_interval = sweep_interval
        self.once = once
        self.parent_pid = parent_pid
        self._last_sweep: float | None = None
        self._wake = threading.Event()
        self._previous_handlers: dict[int, SignalHandler] = {}

    # --- Signals ------------------------------------------------------------------------------

    def configure_signals(self) -> None:
        for signum in STOP_SIGNALS:
            self._previous_handlers[signum] = signal.signal(signum, self.shutdown)

    def reset_signals(self) -> None:
        for signum, handler in self._previous_handlers.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        self._previous_handlers.clear()

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        """First signal: finish the task in hand, then stop. Second: stop at once."""
        if not self.running:
            logger.warning("Received %s again: stopping now.", signal.strsignal(signum))
            self.reset_signals()
            sys.exit(1)
        logger.warning(
            "Received %s: stopping after the current task (send it again to stop now).",
            signal.strsignal(signum),
        )
        self.stop()

    def stop(self) -> None:
        """Ask the loop to end after the current task; wakes it if it is sleeping."""
        self.running = False
        self._wake.set()

    # --- The loop -----------------------------------------------------------------------------

    def run(self) -> None:
        logger.info(
            "Worker %s started: queues %s, sweep every %ss.",
            self.worker_id,
            ",".join(sorted(self.queue_names)),
            f"{self.sweep_interval:g}",
        )
        while self.running:
            try:
                self.run_round()
            except Exception:
                # Typically the database went away or stayed locked. A worker that died here
                # would silently stop publishing, so it logs loudly and tries again shortly.
                logger.exception("Worker round failed; retrying in %ss.", self.interval)
            finally:
                close_old_connections()
            if self.once or self._reached_max_tasks() or self._parent_gone():
                break
            if self.running:
                self._wake.wait(self.interval)
        logger.info("Worker %s stopped after %d task(s).", self.worker_id, self._run_tasks)

    def run_round(self) -> None:
        """Sweep if it is time, run the registered sweeps that are due, then run every ready
        task (up to ``max_tasks``)."""
        close_old_connections()
        now = time.monotonic()
        if self._last_sweep is None or now - self._last_sweep >= self.sweep_interval:
            self._last_sweep = now
            if sweep_scheduled_stories(backend_name=self.backend_name):
                logger.info("Sweep found scheduled stories due; publication enqueued.")
        sweeps.run_due()  # catches and logs each sweep's failure itself
        while self.running and not self._reached_max_tasks():
            task_result = self.claim_next()
            if task_result is None:
                return
            self.run_task(task_result)

    def claim_next(self) -> DBTaskResult | None:
        """Take the next ready task of our queues, marked as running by this worker.

        As django_tasks_db's own loop does: an exclusive transaction (SQLite) or a skip-locked
        row lock (PostgreSQL), so two workers never claim the same task.
        """
        tasks = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, queue_name__in=self.queue_names
        )
        if not tasks.exists():
            # Usually nothing is ready: a plain read, instead of taking SQLite's write lock
            # every second for nothing.
            return None
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None  # another worker holds the lock; try next round
            raise
        return task_result

    def _reached_max_tasks(self) -> bool:
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def _parent_gone(self) -> bool:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            logger.warning("Parent process %s is gone; stopping.", self.parent_pid)
            return True
        return False


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError as error:
        raise ArgumentTypeError(f"not a number: {raw!r}") from error
    if not 0 <= value <= 3600:
        raise ArgumentTypeError("give a number of seconds from 0 to 3600")
    return value


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError as error:
        raise ArgumentTypeError(f"not a whole number: {raw!r}") from error
    if value < 1:
        raise ArgumentTypeError("must be at least 1")
    return value


def _database_backend(name: str) -> str:
    try:
        backend = task_backends[name]
    except InvalidTaskBackend as error:
        raise ArgumentTypeError(str(error)) from error
    if not isinstance(backend, DatabaseBackend):
        raise ArgumentTypeError(f"task backend {name!r} is not a database backend")
    return name


class Command(BaseCommand):
    help = (
        "Run background tasks (scheduled publishing) and periodic sweeps (notification e-mails)"
        " from the database until stopped."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=DEFAULT_INTERVAL,
            help="seconds to wait between looks for ready tasks (default: %(default)s)",
        )
        parser.add_argument(
            "--sweep-interval",
            type=_seconds,
            default=DEFAULT_SWEEP_INTERVAL,
            help="seconds between sweeps for due scheduled stories (default: %(default)s)",
        )
        parser.add_argument(
            "--once", action="store_true", help="run one round (sweep and ready tasks), then exit"
        )
        parser.add_argument(
            "--max-tasks", type=_positive, default=None, help="exit after running this many tasks"
        )
        parser.add_argument(
            "--backend",
            type=_database_backend,
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="the TASKS backend to work for (default: %(default)s)",
        )
        parser.add_argument("--worker-id", default="", help="unique name (default: random)")
        parser.add_argument(
            "--parent", type=_positive, default=None, help="also stop when this process is gone"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._configure_logging(options["verbosity"])
        backend_name = options["backend"]
        worker = Worker(
            queue_names=sorted(task_backends[backend_name].queues),
            backend_name=backend_name,
            interval=options["interval"],
            sweep_interval=options["sweep_interval"],
            once=options["once"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or get_random_string(16),
            parent_pid=options["parent"],
        )
        worker.configure_signals()
        try:
            self.stdout.write(
                "کارگر پس‌زمینه هم‌افزا آغاز شد؛ برای توقف Ctrl+C. / "
                "Hamafza background worker started; stop with Ctrl+C."
            )
            self.stdout.flush()
            worker.run()
        finally:
            worker.reset_signals()
        self.stdout.write("کارگر پس‌زمینه متوقف شد. / Background worker stopped.")

    def _configure_logging(self, verbosity: int) -> None:
        level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
        for name in ("hamafza.worker", "django_tasks_db", "django.tasks"):
            logging.getLogger(name).setLevel(level)
