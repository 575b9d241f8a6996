"""``hamafza serve``: run Hamafza under gunicorn, the way a small office runs it for real.

    hamafza serve [--host 127.0.0.1] [--port $PORT or 8000] [--workers 2] [--threads 4]

The command validates its options, builds one gunicorn application around
``hamafza.config.wsgi.application`` and runs it in the foreground until interrupted. Each worker
imports the WSGI application itself (no preloading), so a worker that dies is replaced by a
clean one.

Long-running processes are started in one place, ``Command.run``: the web server today. The
background worker for Django's tasks will join it there (for example as a child process started
from gunicorn's ``on_starting`` hook and stopped in ``on_exit``, so it lives exactly as long as
the web server), without touching option parsing or the gunicorn configuration.
"""

import ipaddress
import os
from argparse import ArgumentParser
from typing import Any

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


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": [bind_address(host, port)],
        "workers": workers,
        "threads": threads,
        # Threads need gunicorn's threaded worker; with one thread the plain sync worker.
        "worker_class": "gthread" if threads > 1 else "sync",
        "proc_name": "hamafza",
        "accesslog": "-",
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
            gunicorn_options(host=host, port=port, workers=workers, threads=threads)
        )
        self._warn_about_settings(host)
        self.stdout.write(
            self.style.SUCCESS(
                f"هم‌افزا در {public_url(host, port)} / Hamafza is at {public_url(host, port)}"
            )
        )
        self.stdout.write("برای توقف Ctrl+C / Stop with Ctrl+C")
        self.stdout.flush()
        self.run(app)

    def run(self, app: HamafzaApplication) -> None:
        """Run the long-lived processes in the foreground until interrupted."""
        app.run()

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
