"""``hamafza token``: create, list and revoke a user's API tokens from the server's shell.

The command runs as the installation's operator (whoever can run it already controls the
server), so it acts with ``actor=SYSTEM``; the audit rows say so with an empty actor.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamafza.accounts import services
from hamafza.accounts.models import ApiToken, User
from hamafza.common.actors import SYSTEM


class Command(BaseCommand):
    help = "Create, list or revoke API tokens: token create|list|revoke USERNAME …"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = sub.add_parser("list", help="list a user's tokens")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix or id")
        revoke.add_argument("username")
        revoke.add_argument("token", help="the token's prefix (8 hex characters) or id")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        action = options["action"]
        if action == "create":
            self._create(user, options["name"])
        elif action == "list":
            self._list(user)
        else:
            self._revoke(user, options["token"])

    def _create(self, user: User, name: str) -> None:
        if not user.is_active:
            raise CommandError(f"{user.username} is deactivated; reactivate the account first")
        try:
            token, raw = services.token_create(
                user=user, actor=SYSTEM, name=name or "hamafza token"
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stderr.write(f"token {token.prefix} created for {user.username}; it is shown once:")
        self.stdout.write(raw)

    def _list(self, user: User) -> None:
        tokens = list(ApiToken.objects.filter(user=user))
        if not tokens:
            self.stdout.write(f"{user.username} has no tokens")
            return
        for token in tokens:
            state = "active" if token.is_active else "revoked"
            last = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "-"
            self.stdout.write(
                f"{token.pk}\t{token.prefix}\t{state}\t"
                f"{token.created_at.isoformat(timespec='minutes')}\t{last}\t{token.name}"
            )

    def _revoke(self, user: User, ref: str) -> None:
        tokens = ApiToken.objects.filter(user=user)
        token = (tokens.filter(pk=int(ref)).first() if ref.isdigit() else None) or tokens.filter(
            prefix=ref.lower()
        ).first()
        if token is None:
            raise CommandError(f"{user.username} has no token {ref!r}")
        if not token.is_active:
            raise CommandError(f"token {token.prefix} is already revoked")
        services.token_revoke(token=token, actor=SYSTEM)
        self.stdout.write(f"token {token.prefix} of {user.username} revoked")
