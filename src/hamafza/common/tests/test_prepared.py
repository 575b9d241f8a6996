"""``Prepared`` gives what the queryset gives, compiling its SQL once per thread."""

import threading
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hamafza.common.prepared import Prepared
from hamafza.newsroom.models import ChangeNote, Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def _notes(story_id: int):
    return ChangeNote.objects.filter(story_id=story_id)


@pytest.fixture
def stories(net):
    first = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor)
    second = StoryFactory.create(unit=net.tehran, created_by=net.tehran_editor)
    for story, text in [(first, "اول"), (first, "دوم"), (second, "سوم")]:
        ChangeNote.objects.create(story=story, note=text, author=net.tehran_editor)
    return first, second


def _fields(rows):
    return [(row.pk, row.story_id, row.note, row.author_id, row.created_at) for row in rows]


def test_the_same_rows_as_the_queryset_for_any_id(stories):
    prepared = Prepared(_notes)
    for story in stories:
        got = prepared(story.pk)
        assert _fields(got) == _fields(_notes(story.pk))
        assert all(isinstance(row, ChangeNote) and not row._state.adding for row in got)
        # The database's values went through Django's converters (SQLite returns text).
        assert all(isinstance(row.created_at, datetime) for row in got)
    assert prepared(10**9) == []


def test_only_and_ordering_and_constant_parameters(stories):
    first, _second = stories
    prepared = Prepared(
        lambda story_id: (
            ChangeNote.objects.filter(story_id=story_id, note__startswith="د")
            .only("note")
            .order_by("-id")
        )
    )
    [row] = prepared(first.pk)
    assert row.note == "دوم"
    assert row.get_deferred_fields() == {"story_id", "author_id", "created_at"}


def test_compiled_once_per_thread(stories):
    first, second = stories
    calls = []

    def builder(story_id):
        calls.append(story_id)
        return _notes(story_id)

    prepared = Prepared(builder)
    with CaptureQueriesContext(connection) as queries:
        prepared(first.pk)
        prepared(second.pk)
    assert len(calls) == 1  # built once,
    assert calls[0] < 0  # with a stand-in id
    assert len(queries) == 2
    seen = []
    thread = threading.Thread(target=lambda: seen.append(prepared.local.__dict__.get("compiled")))
    thread.start()
    thread.join()
    assert seen == [None]  # another thread compiles its own


@pytest.mark.parametrize(
    "builder",
    [
        lambda story_id: Story.objects.filter(pk=story_id).select_related("unit"),
        lambda story_id: Story.objects.filter(pk=story_id).values("headline"),
        lambda story_id: ChangeNote.objects.filter(author_id=1),  # the id is not used
    ],
)
def test_refuses_what_it_cannot_prepare(stories, builder):
    with pytest.raises(ValueError, match=r"plain querysets|argument"):
        Prepared(builder)(stories[0].pk)


def test_an_id_may_stand_in_the_query_more_than_once(stories):
    first, second = stories
    prepared = Prepared(
        lambda story_id: ChangeNote.objects.filter(story_id=story_id).exclude(story_id=story_id)
    )
    assert prepared(first.pk) == []
    both = Prepared(lambda a, b: ChangeNote.objects.filter(story_id__in=[a, b]).order_by("id"))
    assert _fields(both(first.pk, second.pk)) == _fields(ChangeNote.objects.order_by("id"))


def test_takes_integer_ids_only(stories):
    with pytest.raises(TypeError):
        Prepared(_notes)("1")  # type: ignore[arg-type]
