"""``hamafza createuser``: create an account with its first role in a unit.

    hamafza createuser USERNAME --unit SLUG --role ROLE [--first-name F] [--last-name L]
                       [--email E] [--password-stdin | --no-password] [--superuser]

Without ``--password-stdin`` or ``--no-password`` the password is asked for on the terminal.
``--no-password`` leaves the account without a usable password: its owner sets one through
"forgot password". ``--superuser`` also opens /admin/ (for the installation's first admin).

Why this does not call ``org.services.member_create``: every service takes an acting user who
already holds the right to act, and the CLI is how the *first* people get in — on a fresh
installation there is nobody to act as. Whoever can run this command controls the server and its
database already, so the command acts as the installation owner: it checks the same input rules
as ``member_create`` (username characters, uniqueness, a name, Django's password validators,
``hq_editor`` only on the HQ side) and writes the same two audit rows, ``org.member.create`` and
``org.membership.add``, with ``actor=None``, all in one transaction.
"""

import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation

from hamafza.common.audit import audit_log
from hamafza.org.models import Membership, Profile, Role, Unit

HQ_SIDE = {Unit.Kind.HQ, Unit.Kind.HQ_OFFICE}


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
        user_model = get_user_model()
        username = options["username"].strip().lower()
        unit = self._unit(options["unit"])
        role = self._role(options["role"], unit)
        first_name, last_name = options["first_name"].strip(), options["last_name"].strip()
        email = options["email"].strip()
        self._check_username(username)
        if not first_name and not last_name:
            raise _error(
                "نام و نام خانوادگی را با --first-name و --last-name بدهید.",
                "Give the person's name with --first-name and --last-name.",
            )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _error(
                    f"نشانی رایانامه «{email}» معتبر نیست.", f"{email!r} is not a valid e-mail."
                ) from None
        user = user_model(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_staff=options["superuser"],
            is_superuser=options["superuser"],
        )
        password = None if options["no_password"] else self._password(options, user)
        with transaction.atomic():
            # Checked again inside the transaction: someone may have taken the name meanwhile.
            if user_model.objects.filter(username__iexact=username).exists():
                raise self._taken(username)
            if password is None:
                user.set_unusable_password()
            else:
                user.set_password(password)
            user.save()
            Profile.objects.create(user=user)
            audit_log(
                actor=None,
                action="org.member.create",
                obj=user,
                unit=unit,
                summary=f"{username} ({user.get_full_name()})",
            )
            membership = Membership.objects.create(user=user, unit=unit, role=role)
            audit_log(
                actor=None,
                action="org.membership.add",
                obj=membership,
                unit=unit,
                summary=f"{username}: {role}",
                changes={"role": [None, role]},
            )
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

    def _role(self, role: str, unit: Unit) -> str:
        role = role.strip().lower()
        if role not in Role.values:
            raise _error(
                f"نقش «{role}» تعریف نشده است.",
                f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.",
            )
        if role == Role.HQ_EDITOR and unit.kind not in HQ_SIDE:
            raise _error(
                "نقش دبیر ستاد فقط در ستاد و دفترهای آن معنا دارد.",
                "The hq_editor role is held only in HQ and its offices.",
            )
        return role

    def _check_username(self, username: str) -> None:
        user_model = get_user_model()
        if not username:
            raise _error("نام کاربری را بنویسید.", "The username is empty.")
        try:
            user_model._meta.get_field("username").run_validators(username)
        except ValidationError:
            raise _error(
                "نام کاربری فقط می‌تواند حروف لاتین، رقم و نویسه‌های . _ - @ + داشته باشد.",
                "A username may hold only Latin letters, digits and . _ - @ +",
            ) from None
        if user_model.objects.filter(username__iexact=username).exists():
            raise self._taken(username)

    @staticmethod
    def _taken(username: str) -> CommandError:
        return _error(
            f"نام کاربری «{username}» قبلاً گرفته شده است.",
            f"The username {username!r} is already taken.",
        )

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
