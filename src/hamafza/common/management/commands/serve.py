"""``hamafza serve``: run Hamafza under gunicorn, the way a small office runs it for real.

    hamafza serve [--host 127.0.0.1] [--port $PORT or 8000] [--workers 2] [--threads 4]
                  [--no-worker] [--no-access-log]

The command validates its options, builds one gunicorn application around
``hamafza.config.wsgi.application`` and runs it in the foreground until interrupted. Each worker
imports the WSGI application itself (no preloading), so a worker that dies is replaced by a
clean one.

Long-running processes are started in one place, ``Command.run``: the web server, and beside
it the background worker (``hamafza worker``: scheduled publishing through Django's tasks API),
so one command runs everything a small office needs. The worker is a child process in its own
session, started before gunicorn and stopped with it: when gunicorn exits, however it exits
(Ctrl+C, SIGTERM, a crash), the worker gets SIGTERM, finishes the task in hand and stops; it is
killed if it has not stopped after ``WORKER_STOP_TIMEOUT`` seconds. Given ``--parent``, the
worker also stops by itself if this process disappears without a word (SIGKILL). Run with
``--no-worker`` when workers run elsewhere (``hamafza worker`` on another machine, or several).
"""

import ipaddress
import os
import subprocess
import sys
from argparse import ArgumentParser
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
MAX_WORKERS = 64
MAX_THREADS = 64
ALL_INTERFACES = {"0.0.0.0", "::"}  # noqa: S104 (only when the operator asks for it)
WORKER_STOP_TIMEOUT = 30.0


def worker_command() -> list[str]:
    """How to start ``hamafza worker`` with this very interpreter, tied to this process."""
    return [sys.executable, "-m", "hamafza", "worker", "--parent", str(os.getpid())]


class BackgroundWorker:
    """The ``hamafza worker`` child process that lives as long as the web server."""

    def __init__(
        self, command: list[str] | None = None, *, stop_timeout: float = WORKER_STOP_TIMEOUT
    ) -> None:
        self.command = command
        self.stop_timeout = stop_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._owner_pid = 0

    def start(self, *, stdout: int | IO[bytes] | None = None) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        # Its own session: Ctrl+C in the terminal reaches gunicorn only, and the worker then
        # gets exactly one SIGTERM from stop() (a second signal would cut its task short).
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            self.command or worker_command(), env=env, start_new_session=True, stdout=stdout
        )
        self._owner_pid = os.getpid()

    def stop(self) -> int | None:
        """Ask the worker to stop, wait for it, kill it if it will not; its exit status.

        Does nothing in a process forked from the one that started it (gunicorn's own workers
        leave through the same code), nor once the worker has exited.
        """
        process = self.process
        if process is None or os.getpid() != self._owner_pid:
            return None
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return process.returncode


class HamafzaApplication(BaseApplication):
    """gunicorn configured from a dict of its settings, serving Hamafza's WSGI application."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__(prog="hamafza serve")

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from hamafza.config.wsgi import application

        return application


def parse_port(raw: str, *, source: str) -> int:
    """The TCP port in ``raw`` (from ``source``, for the message), or a clear CommandError."""
    try:
        port = int(raw.strip())
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise CommandError(
            f"درگاه نامعتبر است ({source}={raw!r}): عددی از ۱ تا ۶۵۵۳۵ بدهید.\n"
            f"Invalid port ({source}={raw!r}): give a number from 1 to 65535."
        )
    return port


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    """gunicorn's bind string; IPv6 addresses are bracketed (``[::1]:8000``)."""
    return f"[{host}]:{port}" if _is_ipv6(host) else f"{host}:{port}"


def public_url(host: str, port: int) -> str:
    """The address to open in a browser for a server bound to ``host``."""
    if host in ALL_INTERFACES:
        host = "127.0.0.1"
    return f"http://{bind_address(host, port)}/"


def gunicorn_options(
    *, host: str, port: int, workers: int, threads: int, access_log: bool = True
) -> dict[str, Any]:
    """gunicorn's settings. Behind nginx, which logs every request itself (deploy/), the
    access log can go: writing a line per request costs the app a few per cent at full load."""
    return {
        "bind": [bind_address(host, port)],
        "workers": workers,
        "threads": threads,
        # Threads need gunicorn's threaded worker; with one thread the plain sync worker.
        "worker_class": "gthread" if threads > 1 else "sync",
        "proc_name": "hamafza",
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        # gunicorn ≥ 25 opens a control socket under $HOME by default; a second instance on the
        # same account would collide with it, and nothing here uses it.
        "control_socket_disable": True,
    }


def _count(value: int, *, name: str, maximum: int) -> int:
    if not 1 <= value <= maximum:
        raise CommandError(
            f"--{name} باید عددی از ۱ تا {maximum} باشد، نه {value}.\n"
            f"--{name} must be between 1 and {maximum}, not {value}."
        )
    return value


class Command(BaseCommand):
    help = "Serve Hamafza with gunicorn (foreground; stop with Ctrl+C)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on")
        parser.add_argument(
            "--port", default=None, help=f"TCP port (default: $PORT or {DEFAULT_PORT})"
        )
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="processes")
        parser.add_argument(
            "--threads", type=int, default=DEFAULT_THREADS, help="threads per process"
        )
        parser.add_argument(
            "--no-access-log",
            action="store_false",
            dest="access_log",
            help="do not log each request (nginx in front logs them)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help="do not start the background worker (run `hamafza worker` elsewhere)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host = options["host"].strip().strip("[]")
        if not host:
            raise CommandError("--host خالی است. / --host is empty.")
        if options["port"] is not None:
            port = parse_port(str(options["port"]), source="--port")
        elif os.environ.get("PORT", "").strip():
            port = parse_port(os.environ["PORT"], source="PORT")
        else:
            port = DEFAULT_PORT
        workers = _count(options["workers"], name="workers", maximum=MAX_WORKERS)
        threads = _count(options["threads"], name="threads", maximum=MAX_THREADS)
        app = HamafzaApplication(
            gunicorn_options(
                host=host,
                port=port,
                workers=workers,
                threads=threads,
                access_log=options["access_log"],
            )
        )
        self._warn_about_settings(host)
        self.stdout.write(
            self.style.SUCCESS(
                f"هم‌افزا در {public_url(host, port)} / Hamafza is at {public_url(host, port)}"
            )
        )
        self.stdout.write("برای توقف Ctrl+C / Stop with Ctrl+C")
        self.stdout.flush()
        self.run(app, worker=BackgroundWorker() if options["worker"] else None)

    def run(self, app: HamafzaApplication, *, worker: BackgroundWorker | None) -> None:
        """Run the long-lived processes in the foreground until interrupted: the background
        worker (unless ``None``) beside the web server, stopped when the server stops."""
        if worker is not None:
            worker.start()
            self.stdout.write("کارگر پس‌زمینه روشن شد. / Background worker started.")
            self.stdout.flush()
        try:
            app.run()
        finally:
            if worker is not None:
                worker.stop()

    def _warn_about_settings(self, host: str) -> None:
        if settings.SECURE_SSL_REDIRECT:
            self.stderr.write(
                "هشدار: SECURE_SSL روشن است و مرورگر به https هدایت می‌شود؛ برای آزمایش محلی "
                "روی http، SECURE_SSL=0 بگذارید.\n"
                "Warning: SECURE_SSL is on, so browsers are redirected to https and sign-in "
                "cookies are https-only. Behind an HTTPS proxy that is right; for a local "
                "try-out over plain http set SECURE_SSL=0."
            )
        allowed = set(settings.ALLOWED_HOSTS)
        if host not in ALL_INTERFACES and not allowed & {"*", host, f"[{host}]"}:
            self.stderr.write(
                f"هشدار: {host} در ALLOWED_HOSTS نیست. / "
                f"Warning: {host} is not in ALLOWED_HOSTS; requests to it will be refused."
            )
