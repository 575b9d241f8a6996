"""``newsroom.signals.story_changed``: sent once a change to a story has committed, with whether
the public could read the story before; nothing for a refused or rolled-back change."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from hamafza.newsroom import services
from hamafza.newsroom.models import Story
from hamafza.newsroom.signals import story_changed
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db
S = Story.Status


@pytest.fixture
def sent() -> Any:
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append({"sender": sender, **kwargs})

    story_changed.connect(receiver, dispatch_uid="test_signals")
    yield received
    story_changed.disconnect(dispatch_uid="test_signals")


def test_publish_and_unpublish_are_told_after_commit(net, sent, django_capture_on_commit_callbacks):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_transition(actor=net.tehran_editor, story=story, name="publish")
        assert sent == []  # not before the commit
    (published,) = sent
    assert published["sender"] is Story
    assert published["action"] == "newsroom.story.publish"
    assert published["was_public"] is False
    assert published["story"].pk == story.pk
    assert published["story"].is_public
    with django_capture_on_commit_callbacks(execute=True):
        services.story_transition(
            actor=net.tehran_editor, story=story, name="unpublish", note="اشتباه بود."
        )
    assert sent[1]["action"] == "newsroom.story.unpublish"
    assert sent[1]["was_public"] is True
    assert not sent[1]["story"].is_public


def test_a_correction_is_told(net, sent, django_capture_on_commit_callbacks):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_update(
            actor=net.tehran_editor,
            story=story,
            version=story.version,
            change_note="تاریخ درست شد.",
            headline="تیتر درست",
        )
    (corrected,) = sent
    assert corrected["action"] == "newsroom.story.correct"
    assert corrected["was_public"] is True


def test_nothing_for_work_on_drafts(net, sent, django_capture_on_commit_callbacks):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter)
    with django_capture_on_commit_callbacks(execute=True):
        services.story_update(
            actor=net.tehran_reporter, story=story, version=story.version, headline="تازه"
        )
        services.story_transition(actor=net.tehran_reporter, story=story, name="submit")
    assert sent == []


def test_nothing_for_a_refusal_or_a_rollback(net, sent, django_capture_on_commit_callbacks):
    story = StoryFactory.create(unit=net.tehran, created_by=net.tehran_reporter, status=S.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(PermissionDenied):
            services.story_transition(actor=net.isfahan_editor, story=story, name="publish")
        with pytest.raises(RuntimeError):
            publish_then_fail(net.tehran_editor, story)
    assert sent == []
    assert Story.objects.get(pk=story.pk).status == S.APPROVED


def publish_then_fail(actor: Any, story: Story) -> None:
    with transaction.atomic():
        services.story_transition(actor=actor, story=story, name="publish")
        raise RuntimeError
