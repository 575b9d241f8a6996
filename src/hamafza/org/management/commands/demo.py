"""``hamafza demo``: migrate, collect static files and load the demo network.

Running it again is safe: migrations and the demo load are both idempotent, so a second run
changes nothing. It refuses (exit status 1) to touch a database that holds real data, and it
checks that before migrating, so pointing it at a production database by mistake leaves that
database exactly as it was.

Messages are printed in Persian and English together: the console is read by operators who
may not have the Persian locale installed, and by developers who may not read Persian.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.module_loading import import_string

from hamafza.common.models import SystemFlag
from hamafza.org.demo import DemoSummary, demo_guard, demo_load
from hamafza.org.models import Unit


def needs_collectstatic() -> bool:
    """True when static files are served from STATIC_ROOT through a manifest (DEBUG off)."""
    return isinstance(staticfiles_storage, ManifestFilesMixin)


class Command(BaseCommand):
    help = "Set up a demo: migrate, collect static files, load the demo network (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity: int = options["verbosity"]
        self._guard_before_migrating()
        self.stdout.write("پایگاه داده به‌روز می‌شود… / Migrating the database…")
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        if needs_collectstatic():
            self.stdout.write("گردآوری پرونده‌های ایستا… / Collecting static files…")
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("بارگذاری شبکه نمایشی… / Loading the demo network…")
        summary = demo_load(stdout=self.stdout if verbosity > 1 else None)
        self._print_summary(summary)
        self._load_more(verbosity)

    def _load_more(self, verbosity: int) -> None:
        """Apps above ``org`` add their own demo content after the network, in the order of
        INSTALLED_APPS: each names a loader on its AppConfig as ``demo_loader`` (a dotted
        path to ``loader(*, stdout) -> dict[str, int]`` of counts). This app never imports
        them."""
        for config in apps.get_app_configs():
            path = getattr(config, "demo_loader", None)
            if not path:
                continue
            counts = import_string(path)(stdout=self.stdout if verbosity > 1 else None)
            shown = ", ".join(f"{name} {count}" for name, count in counts.items())
            self.stdout.write(f"  {config.label}: {shown}")

    def _guard_before_migrating(self) -> None:
        """Refuse before ``migrate`` when an existing database holds real data."""
        tables = set(connection.introspection.table_names())
        needed = {
            SystemFlag._meta.db_table,
            Unit._meta.db_table,
            get_user_model()._meta.db_table,
        }
        if needed <= tables:
            demo_guard()

    def _print_summary(self, summary: DemoSummary) -> None:
        t, kinds = summary.totals, summary.units_by_kind
        if summary.created_anything:
            self.stdout.write(
                self.style.SUCCESS("شبکه نمایشی آماده است. / The demo network is ready.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "شبکه نمایشی از پیش بارگذاری شده بود؛ چیزی افزوده نشد. / "
                    "The demo network was already loaded; nothing was added."
                )
            )
        kind_counts = ", ".join(
            f"{label} {kinds.get(value, 0)}" for value, label in Unit.Kind.choices
        )
        self.stdout.write(f"  واحدها / units: {t['units']} ({kind_counts})")
        self.stdout.write(
            f"  اعضا / members: {t['members']}, نقش‌ها / role assignments: {t['memberships']}"
        )
        self.stdout.write(
            f"  همکاران / partners: {t['partners']}, رابط‌ها / contacts: {t['contacts']}"
        )
        self.stdout.write("")
        self.stdout.write(
            f"ورود به نسخه نمایشی — گذرواژه همه حساب‌ها: {summary.password}\n"
            f"Demo logins — every account's password is: {summary.password}"
        )
        width = max(len(login.username) for login in summary.logins) + 2
        self.stdout.write(f"  {'username':<{width}}{'role':<11}{'unit':<22}name")
        for login in summary.logins:
            note = f"  (+ {', '.join(login.more_roles)})" if login.more_roles else ""
            note += "" if login.active else "  (غیرفعال / deactivated)"
            self.stdout.write(
                f"  {login.username:<{width}}{login.role:<11}{login.unit_slug:<22}"
                f"{login.unit_name}{note}"
            )
        self.stdout.write("")
        self.stdout.write(
            "اجرا: hamafza serve ، سپس /accounts/login/ / "
            "Run: hamafza serve, then sign in at /accounts/login/"
        )
