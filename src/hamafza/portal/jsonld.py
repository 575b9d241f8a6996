"""What a story page tells machines about itself: schema.org ``NewsArticle`` JSON-LD and the
Open Graph / Twitter card values (``templates/portal/_meta.html`` writes them out).

Addresses are the canonical ones (``canonical``). The author is the publishing unit, as an
``Organization``: the public pages never name the staff who wrote a story. The JSON is
escaped for a ``<script>`` element the way ``json_script`` escapes it, so no text in a story
can close the element.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from hamafza.newsroom.models import Story, StoryPhoto, Subject, Tag
from hamafza.portal import canonical

# As django.utils.html.json_script: "<", ">" and "&" never appear as such inside the element.
# Replaced one by one, only when present: ``str.translate`` with a table walks a Persian text
# character by character in Python's slow path (a fifth of the story page's head).
_SCRIPT_ESCAPES = (
    (">", "\\u003E"),
    ("<", "\\u003C"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)

# Open Graph names locales language_TERRITORY.
OG_LOCALES = {"fa": "fa_IR", "en": "en_US", "ar": "ar_AR"}


def kind_label(kind: str) -> str:
    """A story kind's label, as ``story.get_kind_display()`` gives it, without that method's
    walk over every choice on each call."""
    try:
        return str(Story.Kind(kind).label)
    except ValueError:
        return kind


def iso(moment: datetime) -> str:
    """ISO 8601 in Tehran time, with its offset: ``2026-11-27T10:00:00+03:30``."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def published(story: Story) -> datetime:
    """When the story first went public (a re-publication keeps that date)."""
    moment = story.first_published_at or story.published_at
    if moment is None:
        raise ValueError("the story was never published")
    return moment


def _organization(name: str, url: str) -> dict[str, Any]:
    return {"@type": "Organization", "name": name, "url": url}


def _image(request: HttpRequest, photo: StoryPhoto) -> dict[str, Any]:
    image: dict[str, Any] = {
        "@type": "ImageObject",
        "url": canonical.media_url(request, photo.image),
    }
    if photo.width and photo.height:
        image.update(width=photo.width, height=photo.height)
    if photo.caption:
        image["caption"] = photo.caption
    if photo.credit:
        image["creditText"] = photo.credit
    return image


def story_jsonld(
    request: HttpRequest,
    story: Story,
    *,
    photos: Sequence[StoryPhoto] | None = None,
    subjects: Sequence[Subject] | None = None,
    tags: Sequence[Tag] | None = None,
) -> dict[str, Any]:
    """The story as a schema.org ``NewsArticle``. ``photos``, ``subjects`` and ``tags`` are the
    story's own, read here unless the caller (a page that shows them) has them already."""
    url = canonical.story_url(request, story)
    photos = list(story.photos.all()) if photos is None else photos
    subjects = list(story.subjects.all()) if subjects is None else subjects
    tags = list(story.tags.all()) if tags is None else tags
    publisher = _organization(
        str(settings.PUBLICATION_NAME), canonical.absolute(request, canonical.home_path())
    )
    publisher["logo"] = {"@type": "ImageObject", "url": canonical.logo_url(request)}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "identifier": str(story.code),
        "headline": story.headline,
        "inLanguage": story.language,
        "datePublished": iso(published(story)),
        "dateModified": iso(story.updated_at),
        "articleSection": kind_label(story.kind),
        "author": _organization(story.unit.name, canonical.unit_url(request, story.unit)),
        "publisher": publisher,
    }
    if story.kicker:
        data["alternativeHeadline"] = story.kicker
    if story.lead:
        data["description"] = story.lead
    if photos:
        data["image"] = [_image(request, photo) for photo in photos]
    if subjects:
        data["about"] = [{"@type": "Thing", "name": str(subject)} for subject in subjects]
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data


def ld_json_script(data: dict[str, Any]) -> SafeString:
    """``data`` in a ``<script type="application/ld+json">`` element, safely escaped."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder, indent=None)
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 (escaped just above)
    )


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class StoryMeta:
    """Everything ``portal/_meta.html`` writes into a story page's head."""

    url: str
    title: str
    description: str
    site_name: str
    locale: str
    published: str
    modified: str
    section: str
    feed_url: str
    unit_feed_url: str
    unit_name: str
    image: ShareImage | None
    tags: list[str] = field(default_factory=list)
    jsonld: SafeString = field(default_factory=lambda: SafeString(""))


def story_meta(
    request: HttpRequest,
    story: Story,
    *,
    photos: Sequence[StoryPhoto] | None = None,
    subjects: Sequence[Subject] | None = None,
    tags: Sequence[Tag] | None = None,
) -> StoryMeta:
    """What the page's head says about ``story``; ``photos``, ``subjects`` and ``tags`` as for
    ``story_jsonld``."""
    photos = list(story.photos.all()) if photos is None else photos
    lead = photos[0] if photos else None
    image = None
    if lead is not None:
        image = ShareImage(
            url=canonical.media_url(request, lead.image),
            width=lead.width,
            height=lead.height,
            alt=lead.alt_text,
        )
    jsonld = story_jsonld(request, story, photos=photos, subjects=subjects, tags=tags)
    return StoryMeta(
        url=jsonld["url"],
        title=story.headline,
        description=story.lead,
        site_name=str(settings.PUBLICATION_NAME),
        locale=OG_LOCALES.get(story.language, "fa_IR"),
        published=jsonld["datePublished"],
        modified=jsonld["dateModified"],
        section=story.unit.name,
        feed_url=canonical.absolute(request, reverse("portal:feed")),
        unit_feed_url=canonical.absolute(
            request, reverse("portal:unit_feed", kwargs={"slug": story.unit.slug})
        ),
        unit_name=story.unit.name,
        image=image,
        tags=jsonld.get("keywords", []),
        jsonld=ld_json_script(jsonld),
    )
