"""Periodic sweeps: small idempotent jobs the background worker runs every so often.

An app registers its sweeps once, in its ``AppConfig.ready``::

    from datetime import timedelta
    from hamafza.common import sweeps

    sweeps.register("notifications.immediate_emails", send_immediate_emails,
                    every=timedelta(seconds=30))

and ``hamafza worker`` calls ``run_due()`` every round: each sweep runs at most once per its
interval in one worker process (the first round runs them all). A sweep takes no arguments and
must be safe to run twice, and at the same time in two workers (several workers may share a
database): it decides from the database what is due and claims it atomically. Its return value
is only logged. A sweep that raises is logged with its traceback and tried again after its
interval; it never stops the other sweeps or the worker.

This module lives in ``common`` (the bottom of the dependency graph) so that any app can
register without importing the worker, which sits in ``newsroom``.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

logger = logging.getLogger("hamafza.worker")


@dataclass
class Sweep:
    name: str
    fn: Callable[[], object]
    every: timedelta
    last_started: datetime | None = None

    def is_due(self, now: datetime) -> bool:
        if self.last_started is None:
            return True
        # A clock set back (last_started in the future) must not silence the sweep for hours.
        return now - self.last_started >= self.every or now < self.last_started


class SweepRegistry:
    """The registered sweeps and when each last started in this process."""

    def __init__(self) -> None:
        self._sweeps: dict[str, Sweep] = {}
        self._lock = threading.Lock()

    def register(self, name: str, fn: Callable[[], object], *, every: timedelta) -> None:
        """Add the sweep ``name`` (a dotted name: ``<app>.<what>``), run at most once per
        ``every``. Registering a name again replaces its function and interval (so a
        ``ready()`` that runs twice registers nothing twice) and keeps when it last ran."""
        if "." not in name:
            raise ValueError(f"sweep names are dotted (app.what), not {name!r}")
        if every <= timedelta(0):
            raise ValueError(f"a sweep's interval must be positive, not {every!r}")
        with self._lock:
            previous = self._sweeps.get(name)
            self._sweeps[name] = Sweep(
                name=name,
                fn=fn,
                every=every,
                last_started=previous.last_started if previous else None,
            )

    def unregister(self, name: str) -> None:
        with self._lock:
            self._sweeps.pop(name, None)

    def names(self) -> list[str]:
        return sorted(self._sweeps)

    def get(self, name: str) -> Sweep | None:
        return self._sweeps.get(name)

    def reset(self) -> None:
        """Forget when each sweep last ran (all are due again). For tests."""
        with self._lock:
            for sweep in self._sweeps.values():
                sweep.last_started = None

    def run_due(self, now: datetime | None = None) -> dict[str, object]:
        """Run every sweep whose interval has passed, in name order.

        Returns what each sweep that ran returned, by name (an exception object for a sweep
        that failed). A failure is logged and counts as a run: the sweep is tried again after
        its interval, not in a tight loop.
        """
        now = now or timezone.now()
        with self._lock:
            due = [sweep for _name, sweep in sorted(self._sweeps.items()) if sweep.is_due(now)]
            for sweep in due:
                sweep.last_started = now
        results: dict[str, object] = {}
        for sweep in due:
            try:
                result = sweep.fn()
            except Exception as error:
                logger.exception("Sweep %s failed; it runs again in %s.", sweep.name, sweep.every)
                results[sweep.name] = error
                continue
            results[sweep.name] = result
            if result:
                logger.info("Sweep %s: %s", sweep.name, result)
        return results


registry = SweepRegistry()


def register(name: str, fn: Callable[[], object], *, every: timedelta) -> None:
    """Register a sweep with the worker's registry (see the module's docstring)."""
    registry.register(name, fn, every=every)


def run_due(now: datetime | None = None) -> dict[str, object]:
    """Run the registered sweeps that are due (the worker calls this every round)."""
    return registry.run_due(now)
