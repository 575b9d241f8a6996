"""``hamafza generate``: invented Persian stories at scale, for the search benchmark and tests.

    hamafza generate --stories N [--seed S] [--batch B] [--per-day R] [--no-index]

Writes N stories in bulk (see ``hamafza.newsroom.generate``), then puts every story into the
search index unless ``--no-index``. On a terminal it keeps a progress line up to date;
otherwise it prints only the summary. Works on a freshly migrated database: it makes a small
network of units first when there is none.
"""

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import NotSupportedError
from django.utils import timezone

from hamafza.newsroom.generate import (
    DEFAULT_BATCH,
    DEFAULT_PER_DAY,
    DEFAULT_SEED,
    generate_stories,
)


def _count(raw: str) -> int:
    try:
        value = int(raw.replace("_", "").replace(",", ""))
    except ValueError as error:
        raise ArgumentTypeError(f"not a whole number: {raw!r}") from error
    if value < 0:
        raise ArgumentTypeError("must not be negative")
    return value


def _positive(raw: str) -> int:
    value = _count(raw)
    if value < 1:
        raise ArgumentTypeError("must be at least 1")
    return value


class Command(BaseCommand):
    help = "Generate invented Persian stories (search benchmark and tests), then index them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--stories", type=_count, required=True, help="how many stories to write"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)"
        )
        parser.add_argument(
            "--batch",
            type=_positive,
            default=DEFAULT_BATCH,
            help="stories per transaction (default: %(default)s)",
        )
        parser.add_argument(
            "--per-day",
            type=_positive,
            default=DEFAULT_PER_DAY,
            help="stories a working day across the network, going back from now "
            "(default: %(default)s)",
        )
        parser.add_argument(
            "--no-index", action="store_true", help="do not update the search index afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = self.stdout.isatty()
        try:
            result = generate_stories(
                count=options["stories"],
                seed=options["seed"],
                batch=options["batch"],
                per_day=options["per_day"],
                now=timezone.now(),
                stdout=self.stdout,
                progress=progress,
            )
        except NotSupportedError as error:
            raise CommandError(str(error)) from error
        if result.units_created:
            self.stdout.write(
                f"  پایگاه داده واحدی نداشت؛ {result.units_created} واحد ساخته شد / "
                f"the database had no units: {result.units_created} created"
            )
        average = result.body_chars / result.created if result.created else 0
        codes = f"{result.first_code}–{result.last_code}" if result.first_code else "none"
        self.stdout.write(
            f"  {result.created:,} خبر، {result.published:,} منتشرشده / stories, published; "
            f"news codes {codes}; body {average:,.0f} characters on average"
        )
        if not options["no_index"]:
            # Imported here: generating with --no-index needs nothing from the search index.
            from hamafza.newsroom.indexing import index_all_stories

            index_all_stories(progress=progress, stdout=self.stdout)
