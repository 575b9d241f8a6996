"""``hamafza createuser``: create an account with its first role in a unit.

    hamafza createuser USERNAME --unit SLUG --role ROLE [--first-name F] [--last-name L]
                       [--email E] [--password-stdin | --no-password] [--superuser]

Without ``--password-stdin`` or ``--no-password`` the password is asked for on the terminal.
``--no-password`` leaves the account without a usable password: its owner sets one through
"forgot password". ``--superuser`` also opens /admin/ (for the installation's first admin).

The account is made by ``org.services.member_create`` acting as ``SYSTEM`` (see
``hamafza.common.actors``), so the rules and audit rows are the service's own; the command only
adds what a terminal needs: finding the unit and role by name, reading the password, and
messages in Persian and English.
"""

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from hamafza.common.actors import SYSTEM
from hamafza.org import services
from hamafza.org.models import Role, Unit


def _error(persian: str, english: str) -> CommandError:
    return CommandError(f"{persian}\n{english}")


class Command(BaseCommand):
    help = "Create an account with a first role: createuser USERNAME --unit SLUG --role ROLE"
    stealth_options = ("stdin",)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--unit", required=True, help="the unit's slug, e.g. tehran")
        parser.add_argument("--role", required=True, help=", ".join(Role.values))
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--superuser", action="store_true", help="also a Django superuser")
        password = parser.add_mutually_exclusive_group()
        password.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )
        password.add_argument(
            "--no-password", action="store_true", help="no usable password (reset it by e-mail)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdin = options.get("stdin") or sys.stdin
        username = options["username"].strip().lower()
        unit = self._unit(options["unit"])
        role = self._role(options["role"])
        candidate = get_user_model()(
            username=username,
            first_name=options["first_name"].strip(),
            last_name=options["last_name"].strip(),
            email=options["email"].strip(),
        )
        password = None if options["no_password"] else self._password(options, candidate)
        try:
            with transaction.atomic():
                user = services.member_create(
                    actor=SYSTEM,
                    unit=unit,
                    username=username,
                    first_name=candidate.first_name,
                    last_name=candidate.last_name,
                    email=candidate.email,
                    role=role,
                    password=password,
                )
                if options["superuser"]:
                    services.user_set_superuser(actor=SYSTEM, user=user, superuser=True)
        except ValidationError as exc:
            raise _error(" ".join(exc.messages), f"Refused: {username} was not created.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"حساب {username} با نقش {Role(role).label} در «{unit.name}» ساخته شد.\n"
                f"Created {username}: {role} in {unit.slug}."
            )
        )
        if password is None:
            self.stdout.write(
                "این حساب گذرواژه ندارد؛ با «فراموشی گذرواژه» یکی بسازد. / "
                "The account has no password yet; its owner sets one with 'forgot password'."
            )

    def _unit(self, slug: str) -> Unit:
        unit = Unit.objects.filter(slug=slug.strip().lower()).first()
        if unit is None:
            raise _error(
                f"واحدی با نشانی «{slug}» نیست.",
                f"No unit with slug {slug!r} (see the units list in /desk/ or /admin/).",
            )
        if not unit.is_active:
            raise _error(f"واحد «{unit.name}» غیرفعال است.", f"The unit {slug!r} is deactivated.")
        return unit

    def _role(self, role: str) -> str:
        role = role.strip().lower()
        if role not in Role.values:
            raise _error(
                f"نقش «{role}» تعریف نشده است.",
                f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.",
            )
        return role

    def _password(self, options: dict[str, Any], user: Any) -> str:
        if options["password_stdin"]:
            password = self.stdin.readline().rstrip("\r\n")
        elif hasattr(self.stdin, "isatty") and self.stdin.isatty():
            password = getpass.getpass("گذرواژه / Password: ")
            if password != getpass.getpass("تکرار گذرواژه / Password (again): "):
                raise _error("دو گذرواژه یکی نیستند.", "The two passwords differ.")
        else:
            raise _error(
                "گذرواژه را با --password-stdin بدهید یا --no-password بگذارید.",
                "Give the password with --password-stdin, or use --no-password.",
            )
        if not password:
            raise _error("گذرواژه خالی است.", "The password is empty.")
        try:
            validate_password(password, user=user)
        except ValidationError as exc:
            with translation.override("fa"):
                persian = " ".join(str(message) for message in exc)
            with translation.override("en"):
                english = " ".join(str(message) for message in exc)
            raise _error(f"گذرواژه پذیرفته نشد: {persian}", f"Weak password: {english}") from None
        return password
