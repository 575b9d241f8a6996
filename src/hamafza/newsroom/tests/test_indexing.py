"""The search index follows every story change the services make, in their transactions,
and the selector's scoping: the public sees published stories, members their line's drafts."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from hamafza.newsroom import indexing
from hamafza.newsroom.indexing import index_all_stories
from hamafza.newsroom.models import Story
from hamafza.newsroom.selectors import StoryFilters, story_search
from hamafza.newsroom.services import (
    story_create,
    story_delete,
    story_republish,
    story_transition,
    story_update,
)
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.search import engine
from hamafza.search.models import SearchDocument

pytestmark = pytest.mark.django_db

S = Story.Status
WORD = "زرافه‌ها"  # a word no fixture uses


def public(text: str = WORD) -> list[int]:
    return [item.story.pk for item in story_search(text=text).items]


def staff(user, text: str = WORD, **filters) -> list[int]:
    found = story_search(text=text, viewer=user, filters=StoryFilters(**filters))
    return [item.story.pk for item in found.items]


def published(net, headline: str) -> Story:
    story = story_create(actor=net.tehran_editor, headline=headline, body=f"<p>{WORD}</p>")
    story = story_transition(actor=net.tehran_head, story=story, name="force_publish", note="فوری")
    return story


def test_a_new_draft_is_found_by_its_units_line_only(net):
    story = story_create(actor=net.shemiranat_reporter, headline=f"گزارش {WORD}")
    assert staff(net.shemiranat_reporter) == [story.pk]
    assert staff(net.tehran_viewer) == [story.pk]  # a unit above
    assert staff(net.hq_admin) == [story.pk]
    assert staff(net.isfahan_editor) == []
    assert story_search(text=WORD, viewer=net.isfahan_editor).count == 0
    assert staff(net.outsider) == []
    assert public() == []


def test_publishing_unpublishing_and_correcting_move_it_in_and_out_of_public(net):
    story = published(net, "خبر منتشرشده")
    assert public() == [story.pk]
    assert staff(net.isfahan_editor) == [story.pk]
    story = story_update(
        actor=net.tehran_editor,
        story=story,
        version=story.version,
        change_note="اصلاح شد",
        body="<p>متن اصلاح‌شده درباره کهکشان</p>",
    )
    assert public() == []
    assert public("کهکشان") == [story.pk]
    story_transition(actor=net.tehran_editor, story=story, name="unpublish", note="اشتباه بود")
    assert public("کهکشان") == []
    assert staff(net.tehran_editor, "کهکشان") == [story.pk]
    assert staff(net.isfahan_editor, "کهکشان") == []


def test_deleting_a_draft_removes_it(net):
    story = story_create(actor=net.tehran_reporter, headline=f"پیش‌نویس {WORD}")
    story_delete(actor=net.tehran_reporter, story=story)
    assert staff(net.hq_admin) == []
    assert not SearchDocument.objects.filter(object_id=story.pk).exists()


def test_a_rolled_back_change_leaves_the_index_as_it_was(net):
    story = story_create(actor=net.tehran_reporter, headline="پیش‌نویس ساده")
    before = list(SearchDocument.objects.values_list("object_id", "id", "body"))

    def save_then_fail() -> None:
        with transaction.atomic():
            story_update(
                actor=net.tehran_reporter, story=story, version=story.version, body=f"<p>{WORD}</p>"
            )
            raise RuntimeError("the request failed after saving")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert list(SearchDocument.objects.values_list("object_id", "id", "body")) == before
    assert staff(net.hq_admin) == []


def test_a_republished_copy_is_indexed_for_its_new_unit(net):
    original = published(net, "خبر تهران")
    copy = story_republish(actor=net.isfahan_editor, original=original)
    assert set(staff(net.isfahan_editor)) == {original.pk, copy.pk}
    assert staff(net.tehran_editor) == [original.pk]


def test_filters_narrow_by_unit_line_kind_status_and_days(net):
    here = StoryFactory.create(unit=net.shemiranat, created_by=net.shemiranat_reporter, body=WORD)
    there = StoryFactory.create(
        unit=net.kashan, created_by=net.isfahan_editor, body=WORD, kind=Story.Kind.REPORT
    )
    assert set(staff(net.hq_admin)) == {here.pk, there.pk}
    assert staff(net.hq_admin, unit_id=net.tehran.pk) == [here.pk]  # and the units below
    assert staff(net.hq_admin, kind=Story.Kind.REPORT) == [there.pk]
    assert staff(net.hq_admin, status=S.PUBLISHED) == []
    today = here.created_at.date()
    assert set(staff(net.hq_admin, since=today, until=today)) == {here.pk, there.pk}
    assert staff(net.hq_admin, until=today.replace(year=today.year - 1)) == []
    assert set(staff(net.hq_admin, since=date.min, until=date.max)) == {here.pk, there.pk}


def test_results_carry_highlighted_headline_and_snippet(net):
    story = published(net, f"همایش {WORD} <b>ویژه</b>")
    item = story_search(text="زرافه").items[0]
    assert item.story == story
    assert "<mark>زرافه‌ها</mark>" in item.headline
    assert "&lt;b&gt;" in item.headline  # the headline's text is escaped, never markup
    assert "<mark>" in item.snippet


def test_reindex_rebuilds_from_the_stories(net):
    StoryFactory.create_batch(
        3, unit=net.tehran, created_by=net.tehran_editor, body=WORD, indexed=False
    )
    assert staff(net.hq_admin) == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert len(staff(net.hq_admin)) == 3
    assert "reindex: 3 in" in out.getvalue()
    assert index_all_stories() == Story.objects.count()
    call_command("reindex", "--empty-first", stdout=io.StringIO())
    assert len(staff(net.hq_admin)) == 3


def test_a_large_rebuild_keys_the_text_in_worker_processes(net, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_FROM", 0)
    StoryFactory.create_batch(
        5, unit=net.tehran, created_by=net.tehran_editor, body=f"<p>{WORD}</p>", indexed=False
    )
    assert index_all_stories(batch=2) == Story.objects.count()
    assert len(staff(net.hq_admin)) == 5


@pytest.mark.django_db(transaction=True)
def test_a_large_rebuild_of_committed_stories_reads_them_in_worker_processes(monkeypatch):
    """Committed stories in a database other processes can open (PostgreSQL here; the SQLite
    test database lives in memory): the workers read them, and the index is the same."""
    from hamafza.conftest import build_network

    net = build_network()
    monkeypatch.setattr(engine, "PARALLEL_FROM", 0)
    StoryFactory.create_batch(
        5, unit=net.tehran, created_by=net.tehran_editor, body=f"<p>{WORD}</p>", indexed=False
    )
    read_here: list[object] = []
    real = indexing._documents

    def spy(*args):
        read_here.append(args)
        return real(*args)

    monkeypatch.setattr(indexing, "_documents", spy)
    shared = connection.vendor != "sqlite" or not connection.is_in_memory_db()  # type: ignore[attr-defined]
    assert engine._readable_by_workers() == shared
    assert index_all_stories(batch=2) == Story.objects.count()
    # Worker processes import the module afresh: this process read nothing when they did.
    assert (read_here == []) == shared
    assert len(staff(net.hq_admin)) == 5


def test_workers_read_only_what_is_committed(net):
    """Inside the caller's transaction other processes would not see its stories."""
    assert connection.in_atomic_block
    assert not engine._readable_by_workers()


def test_reindex_drops_what_is_no_longer_there(net):
    kept = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor, body=WORD)
    gone = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor, body=WORD)
    Story.objects.filter(pk=gone.pk).delete()  # behind the services' back
    index_all_stories()
    assert staff(net.hq_admin) == [kept.pk]
    assert not SearchDocument.objects.filter(object_id=gone.pk).exists()
