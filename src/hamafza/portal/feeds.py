"""RSS 2.0 and Atom feeds of published stories, for readers, journalists and news agencies.

``/feed/`` and ``/feed/atom/`` carry the whole network; ``/units/<slug>/feed/`` (and
``…/feed/atom/``) a unit with every unit below it, so a province's feed has its counties'
news. Only public stories appear (``permissions.public_stories``), newest publication first,
at most ``FEED_SIZE``. An item's link and guid are the story's canonical address; its lead photo is
the enclosure; its subjects and tags are categories. The feeds are written in Persian
whatever language the reader's browser asks for.
"""

import copy
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from hamafza.newsroom.models import Story
from hamafza.org.models import Unit
from hamafza.org.permissions import UnitTree
from hamafza.portal import canonical, pagecache
from hamafza.portal.permissions import public_stories

FEED_SIZE = 50


def feed_stories(unit: Unit | None = None) -> QuerySet[Story]:
    """Published stories, newest publication first, with what a feed item reads; of ``unit``
    and the units below it when given."""
    stories = public_stories()
    if unit is not None:
        stories = stories.filter(unit_id__in=UnitTree.load().subtree(unit.pk))
    return stories.prefetch_related("photos", "subjects", "tags")


class NetworkFeed(Feed[Story, Unit | None]):
    """RSS 2.0 of the whole network; the subclasses narrow it to a unit or write Atom."""

    feed_type: type[feedgenerator.SyndicationFeed] = feedgenerator.Rss201rev2Feed
    language = settings.LANGUAGE_CODE
    request: HttpRequest

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # One instance (made in urls.py) answers every request: each answer is built on a
        # copy that knows its request, for the absolute addresses.
        bound = copy.copy(self)
        bound.request = request
        with translation.override(settings.LANGUAGE_CODE):
            return Feed.__call__(bound, request, *args, **kwargs)

    def items(self, unit: Unit | None) -> list[Story]:
        return list(feed_stories(unit)[:FEED_SIZE])

    # --- The channel ---------------------------------------------------------------------

    def title(self, unit: Unit | None) -> str:
        if unit is None:
            return _("%(publication)s — خبرهای شبکه روابط عمومی") % {
                "publication": settings.PUBLICATION_NAME
            }
        return f"{unit.name} — {settings.PUBLICATION_NAME}"

    def description(self, unit: Unit | None) -> str:
        if unit is None:
            return _("تازه‌ترین خبرهای منتشرشده در شبکه روابط عمومی")
        return _("تازه‌ترین خبرهای منتشرشده %(unit)s و واحدهای زیرمجموعه آن") % {"unit": unit.name}

    def subtitle(self, unit: Unit | None) -> str:
        return self.description(unit)

    def link(self, unit: Unit | None) -> str:
        if unit is None:
            return canonical.absolute(self.request, canonical.home_path())
        return canonical.unit_url(self.request, unit)

    def feed_url(self, unit: Unit | None) -> str:
        return canonical.absolute(self.request, self.request.path)

    def author_name(self) -> str:
        return str(settings.PUBLICATION_NAME)

    # --- The items -----------------------------------------------------------------------

    def item_title(self, story: Story) -> str:
        # Plain text, escaped once as XML: not Django's default of escaping it once more for
        # readers that take a title as HTML, which feed readers show as "&amp;".
        return story.headline

    def item_description(self, story: Story) -> str:
        return escape(story.lead)

    def item_link(self, story: Story) -> str:
        return canonical.story_url(self.request, story)

    def item_guid(self, story: Story) -> str:
        return canonical.story_url(self.request, story)

    item_guid_is_permalink = True

    def item_pubdate(self, story: Story) -> datetime | None:
        return story.published_at

    def item_updateddate(self, story: Story) -> datetime:
        return story.updated_at

    def item_author_name(self, story: Story) -> str:
        return story.unit.name

    def item_categories(self, story: Story) -> list[str]:
        return [str(subject) for subject in story.subjects.all()] + [
            tag.name for tag in story.tags.all()
        ]

    def item_enclosures(self, story: Story) -> list[feedgenerator.Enclosure]:
        photo = canonical.lead_photo(story)
        if photo is None:
            return []
        try:
            length = photo.image.size
        except OSError:
            # The file is gone or unreadable: RSS asks for 0 when the length is not known.
            length = 0
        return [
            feedgenerator.Enclosure(
                url=canonical.media_url(self.request, photo.image),
                length=str(length),
                mime_type=canonical.image_type(photo.image),
            )
        ]


class NetworkAtomFeed(NetworkFeed):
    feed_type = feedgenerator.Atom1Feed


class UnitFeed(NetworkFeed):
    """A unit's stories and those of the units below it; 404 for an unknown slug or a unit
    that is no longer active, as its section page."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Unit:
        unit = get_object_or_404(Unit, slug=kwargs["slug"], is_active=True)
        pagecache.depends_on(request, pagecache.unit_key(unit.pk))
        return unit


class UnitAtomFeed(UnitFeed, NetworkAtomFeed):
    pass
