"""``hamafza createunit``: add a unit to the network from the server's shell.

    hamafza createunit SLUG --name NAME --kind KIND [--parent SLUG] [--name-en NAME]

A fresh installation starts with ``hamafza createunit hq --kind hq --name "…"``, then
``hamafza createuser … --unit hq --role admin --superuser``; everything else can be done in
/desk/ and /admin/. Acts as ``SYSTEM`` through ``org.services.unit_create``.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hamafza.common.actors import SYSTEM
from hamafza.org import services
from hamafza.org.models import Unit


class Command(BaseCommand):
    help = "Create a unit: createunit SLUG --name NAME --kind KIND [--parent SLUG]"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("slug", help="Latin letters, digits and hyphens, e.g. tehran")
        parser.add_argument("--name", required=True, help="the Persian name")
        parser.add_argument("--name-en", default="")
        parser.add_argument("--kind", required=True, help=", ".join(Unit.Kind.values))
        parser.add_argument("--parent", default="", help="the parent unit's slug (none for HQ)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] not in Unit.Kind.values:
            raise CommandError(
                f"Unknown kind {options['kind']!r}; choose one of: {', '.join(Unit.Kind.values)}."
            )
        parent = None
        if options["parent"]:
            parent = Unit.objects.filter(slug=options["parent"]).first()
            if parent is None:
                raise CommandError(f"No unit with slug {options['parent']!r}.")
        try:
            unit = services.unit_create(
                actor=SYSTEM,
                parent=parent,
                name=options["name"],
                name_en=options["name_en"],
                slug=options["slug"],
                kind=options["kind"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = f" under {parent.slug}" if parent else ""
        self.stdout.write(self.style.SUCCESS(f"Created unit {unit.slug} ({unit.name}){where}."))
