"""factory_boy factories for stories, and helpers to assert that a refusal changed nothing.

``StoryFactory(status=...)`` builds a story already in that status with the fields the status
implies, the way the services would have left it: a news code (from the real counter, so codes
stay unique and the counter stays right) and publication times once it was published, a future
time when it is scheduled, and one revision of its content. Other tests import these.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import factory
from django.db import transaction
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.newsroom.indexing import index_story
from hamafza.newsroom.models import (
    ChangeNote,
    EditorialNote,
    NewsCodeCounter,
    Story,
    StoryRevision,
    Subject,
    Tag,
)
from hamafza.newsroom.services import _allocate_code, story_snapshot
from hamafza.notifications.models import Notification
from hamafza.org.models import Domain
from hamafza.org.tests.factories import UnitFactory, UserFactory
from hamafza.search.models import SearchDocument

S = Story.Status

# Statuses a story reaches only through a publication, so it holds a news code.
HAS_CODE = frozenset({S.PUBLISHED, S.CORRECTED, S.UNPUBLISHED, S.ARCHIVED})
PUBLISHED_NOW = frozenset({S.PUBLISHED, S.CORRECTED})


def next_news_code() -> int:
    """Take the next code from the real counter (as a publication would)."""
    with transaction.atomic():
        return _allocate_code()


def _published_at(story: Any) -> Any:
    return timezone.now() if story.status in HAS_CODE else None


class StoryFactory(factory.django.DjangoModelFactory[Story]):
    """A story of ``unit`` by ``created_by`` (also its author), in ``status`` (default draft).

    Post-generation arguments: ``authors=[...]`` (default ``[created_by]``), ``subjects``,
    ``domains`` (codes) and ``tags`` (names); a revision of the final content is kept and the
    story is put in the search index.
    """

    class Meta:
        model = Story
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    created_by = factory.SubFactory(UserFactory)
    kicker = "بهزیستی"
    headline = factory.Sequence(lambda n: f"خبر آزمایشی شماره {n} درباره توانبخشی")
    lead = "لید خبر آزمایشی درباره خدمات توانبخشی در استان."
    body = "<p>متن خبر آزمایشی.</p>"
    kind = Story.Kind.NEWS
    language = Story.Language.FA
    status = S.DRAFT
    code = factory.LazyAttribute(lambda o: next_news_code() if o.status in HAS_CODE else None)
    published_at = factory.LazyAttribute(_published_at)
    first_published_at = factory.LazyAttribute(lambda o: o.published_at)
    scheduled_for = factory.LazyAttribute(
        lambda o: timezone.now() + timedelta(days=1) if o.status == S.SCHEDULED else None
    )

    @factory.post_generation
    def authors(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.authors.set(extracted if extracted is not None else [obj.created_by])

    @factory.post_generation
    def subjects(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.subjects.set([Subject.objects.get_or_create(code=c)[0] for c in extracted])

    @factory.post_generation
    def domains(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.domains.set(Domain.objects.filter(code__in=extracted))

    @factory.post_generation
    def tags(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            obj.tags.set([Tag.objects.get_or_create(name=name)[0] for name in extracted])

    @factory.post_generation
    def revision(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            StoryRevision.objects.create(
                story=obj, version=obj.version, author=obj.created_by, data=story_snapshot(obj)
            )

    @factory.post_generation
    def indexed(obj: Story, create: bool, extracted: Any, **kwargs: Any) -> None:
        """In the search index, as the services keep every story (``indexed=False``: not)."""
        if create and extracted is not False:
            index_story(obj)


class EditorialNoteFactory(factory.django.DjangoModelFactory[EditorialNote]):
    class Meta:
        model = EditorialNote

    story = factory.SubFactory(StoryFactory)
    author = factory.SubFactory(UserFactory)
    body = "لطفاً منبع آمار را در متن بیاورید."


# --- Asserting that nothing changed --------------------------------------------------------


def newsroom_state() -> dict[str, Any]:
    """Everything the newsroom services may write, in comparable form."""
    return {
        "stories": list(Story.objects.order_by("pk").values()),
        "authors": sorted(Story.authors.through.objects.values_list("story_id", "user_id")),
        "subjects": sorted(Story.subjects.through.objects.values_list("story_id", "subject_id")),
        "domains": sorted(Story.domains.through.objects.values_list("story_id", "domain_id")),
        "tags": sorted(Story.tags.through.objects.values_list("story_id", "tag_id")),
        "tag_names": sorted(Tag.objects.values_list("name", flat=True)),
        "revisions": list(StoryRevision.objects.order_by("pk").values()),
        "change_notes": list(ChangeNote.objects.order_by("pk").values()),
        "editorial_notes": list(EditorialNote.objects.order_by("pk").values()),
        "counter": list(NewsCodeCounter.objects.values_list("pk", "last_code")),
        "audit": AuditEntry.objects.count(),
        "notifications": Notification.objects.count(),
        "search": sorted(SearchDocument.objects.values_list("object_id", "id", "facets")),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    """Assert that the block leaves every newsroom table, the audit log and the
    notifications exactly as they were."""
    before = newsroom_state()
    yield
    assert newsroom_state() == before
