"""A progress bar for long operations commands (reindex, generate).

On a terminal it redraws one line: a bar, count, rate and time left. Elsewhere (CI logs,
pipes) it stays quiet until ``finish``, which always prints one summary line. Hand-written
because it is 40 lines; tqdm would be a dependency for exactly this.
"""

import time
from typing import Protocol


class Writer(Protocol):
    def write(self, text: str, /) -> object: ...
    def flush(self) -> object: ...


class Progress:
    """``out`` is a text stream or a management command's ``self.stdout``; ``tty`` defaults to
    whether it is a terminal."""

    def __init__(self, total: int, *, label: str, out: Writer, tty: bool | None = None):
        # A command's OutputWrapper ends every write with a newline; redraws go to its stream.
        self.out = getattr(out, "_out", out)
        self.total, self.label, self.width = total, label, 30
        self.tty = bool(getattr(self.out, "isatty", lambda: False)()) if tty is None else tty
        self.started = time.perf_counter()
        self._drawn = 0.0

    def update(self, done: int) -> None:
        if not self.tty:
            return
        now = time.perf_counter()
        if now - self._drawn < 0.2 and done < self.total:
            return
        self._drawn = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        share = done / self.total if self.total else 1.0
        filled = int(self.width * min(share, 1.0))
        left = (self.total - done) / rate if rate and self.total > done else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        self.out.write(
            f"\r{self.label} [{bar}] {done:,}/{self.total:,} {rate:,.0f}/s ~{left:,.0f}s left"
        )
        self.out.flush()

    def finish(self, done: int) -> float:
        """Print the summary line; returns the rate (items per second)."""
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        rate = done / elapsed
        if self.tty:
            self.out.write("\r\033[K")
        self.out.write(f"{self.label}: {done:,} in {elapsed:,.1f}s ({rate:,.0f}/s)\n")
        self.out.flush()
        return rate
