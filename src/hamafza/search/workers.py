"""What a rebuild's worker processes run (``engine._rows_in_workers``).

Django-free at import: a worker that only keys documents never sets Django up; one that reads
them (given a loader) sets it up first, in ``setup``, before it unpickles any loader.
"""

from collections import Counter
from collections.abc import Callable, Sequence

from hamafza.search.documents import Document, Row, to_rows_and_terms

Loader = Callable[[Sequence[int]], Sequence[Document]]


def setup(database_name: str | None) -> None:
    """A worker process's start: with a database to read, Django set up to read it (by name,
    so a test database too)."""
    if database_name is None:
        return
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = database_name


def load_rows_and_terms(
    load: Loader, object_ids: list[int], vector: bool
) -> tuple[list[Row], Counter[str]]:
    return to_rows_and_terms(load(object_ids), vector)
