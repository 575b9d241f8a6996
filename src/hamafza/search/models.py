"""What the search index stores.

One ``SearchDocument`` per indexed object (today: stories). Its primary key is the *sort key*:
``(epoch seconds << 31) | object_id``, so the index can walk documents newest first and stop
early, and a date range is a key range. ``object_id`` must be below 2**31.

On SQLite an FTS5 table (``search_fts``, external content over this table) holds the
inverted index, and the key columns here are what FTS5 needs to remove a document again.
On PostgreSQL a ``tsv`` column (tsvector, GIN-indexed) holds everything and the text columns
stay empty. Both are created by the migrations; this model covers the columns they share.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamafza.search.documents import OBJECT_ID_BITS

__all__ = ["OBJECT_ID_BITS", "SearchDocument", "SearchTerm"]


class SearchDocument(models.Model):
    # Always set explicitly to the sort key. An auto field only because that is how Django
    # spells SQLite's INTEGER PRIMARY KEY, the rowid FTS5 addresses documents by.
    id = models.BigAutoField(primary_key=True)
    object_id = models.BigIntegerField(_("شناسه"), unique=True)
    headline = models.TextField(blank=True)
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    stems = models.TextField(blank=True)
    facets = models.TextField(blank=True)

    class Meta:
        verbose_name = _("سند جستجو")
        verbose_name_plural = _("سندهای جستجو")

    def __str__(self) -> str:
        return f"{self.object_id}@{self.id >> OBJECT_ID_BITS}"


class SearchTerm(models.Model):
    """The index's vocabulary: every word and stem it holds, with how many documents hold it
    (approximately: see ``vocabulary``). A prefix query becomes an OR of the commonest words
    that begin with it. On PostgreSQL the column sorts by code point (``COLLATE "C"``, set
    by the migration) so a prefix is a range of the primary key under any database locale."""

    term = models.TextField(primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("واژه نمایه")
        verbose_name_plural = _("واژه‌های نمایه")

    def __str__(self) -> str:
        return self.term
