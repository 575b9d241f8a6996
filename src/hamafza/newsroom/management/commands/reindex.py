"""``hamafza reindex``: rebuild the search index of all stories, with a progress bar.

Services keep the index in step with every change; this is for after bulk loads, restores,
moving units in the tree, or a change to the search key itself.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hamafza.newsroom.indexing import index_all_stories


class Command(BaseCommand):
    help = "بازسازی نمایه جستجوی همه خبرها / Rebuild the search index of all stories"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000, help="stories per batch")
        parser.add_argument(
            "--empty-first",
            action="store_true",
            help="start from an empty index: faster, but on SQLite searches find less until done",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        index_all_stories(
            stdout=self.stdout, batch=options["batch"], empty_first=options["empty_first"]
        )
