"""The portal's public addresses, each in its one canonical form, absolute; and the photo that
stands for a story outside its page.

A story's canonical address is ``/news/<code>/``: the news code alone, never the optional slug
after it (a headline may change with a correction; the code never does). A unit's public
section is ``/units/<slug>/``, the network's home ``/``. Everything that points at them from
outside the page — feed links and guids, sitemaps, the canonical link, Open Graph, JSON-LD,
ninjs and the public API's ``url`` — is built here, so they all agree.

Absolute addresses start with ``settings.PUBLIC_BASE_URL`` when it is set (behind a proxy the
request may not carry the address the public knows), otherwise with the scheme and host of the
request being answered.
"""

import mimetypes

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from hamafza.newsroom.models import Story, StoryPhoto
from hamafza.org.models import Unit


def base_url(request: HttpRequest) -> str:
    """Scheme and host, no trailing slash: ``https://news.example.org``."""
    if settings.PUBLIC_BASE_URL:
        return str(settings.PUBLIC_BASE_URL)
    return f"{request.scheme}://{request.get_host()}"


def absolute(request: HttpRequest, path: str) -> str:
    """``path`` (from the site's root) made absolute; an absolute URL (media on S3) as it is."""
    if path.startswith(("http://", "https://")):
        return path
    if path.startswith("//"):
        return f"{base_url(request).split(':', 1)[0]}:{path}"
    return f"{base_url(request)}{path}"


def story_path(story: Story) -> str:
    """``/news/<code>/``. Only a story that has been published has a code to name it by."""
    if story.code is None:
        raise ValueError("a story without a news code has no public address")
    return reverse("portal:story", args=[story.code])


def story_url(request: HttpRequest, story: Story) -> str:
    return absolute(request, story_path(story))


def home_path() -> str:
    return reverse("portal:home")


def unit_path(unit: Unit) -> str:
    """``/units/<slug>/``, the unit's public section."""
    return reverse("portal:unit", args=[unit.slug])


def unit_url(request: HttpRequest, unit: Unit) -> str:
    return absolute(request, unit_path(unit))


def media_url(request: HttpRequest, file: FieldFile) -> str:
    return absolute(request, file.url)


def logo_url(request: HttpRequest) -> str:
    return absolute(request, static("hamafza/favicon.svg"))


def lead_photo(story: Story) -> StoryPhoto | None:
    """The photo that stands for the story outside the page (feed enclosure, og:image,
    JSON-LD image): the first in the story's order. Reads ``story.photos`` through any
    prefetch."""
    return next(iter(story.photos.all()), None)


def image_type(file: FieldFile) -> str:
    """The media type of an image file, by its name (uploads are checked images)."""
    return mimetypes.guess_type(file.name or "")[0] or "image/jpeg"
