"""``/news/<code>/``: a story's public page, its print view and its read-count beacon.

Reads are counted by a beacon, a one-pixel image the page asks for (``story_seen``), not by
the page's own view: the story page may be answered from a page cache (Django's, or nginx's
micro-cache in front of it), which never runs this code, while the beacon's answer is marked
uncacheable and reaches the app on every read. It needs no JavaScript, and crawlers that read
only the HTML are not counted.
"""

import base64
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from hamafza.newsroom.forms import text_direction
from hamafza.newsroom.models import Story
from hamafza.portal import canonical, selectors, services
from hamafza.portal.pagecache import cached_page, depends_on, story_key
from hamafza.portal.permissions import StoryGoneError, access_public_story

# Plain links to each network's own share page: no script, widget or tracker of theirs loads.
SHARE_TARGETS = [
    ("telegram", _("تلگرام"), "https://t.me/share/url?url={url}&text={text}"),
    ("whatsapp", _("واتس‌اپ"), "https://wa.me/?text={text}%0A{url}"),
    ("x", _("ایکس"), "https://twitter.com/intent/tweet?url={url}&text={text}"),
    ("linkedin", _("لینکدین"), "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    ("email", _("رایانامه"), "mailto:?subject={text}&body={url}"),
]

# A transparent 1×1 GIF: the beacon's answer.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def share_links(story: Story, story_url: str) -> list[dict[str, Any]]:
    """The share links of ``story``, whose canonical address is ``story_url``."""
    url = quote(story_url, safe="")
    text = quote(story.headline, safe="")
    return [
        {"name": name, "label": str(label), "href": pattern.format(url=url, text=text)}
        for name, label, pattern in SHARE_TARGETS
    ]


def _story_context(request: HttpRequest, story: Story, *, full: bool) -> dict[str, Any]:
    subjects = selectors.story_subjects(story)
    tags = selectors.story_tags(story)
    story_url = canonical.story_url(request, story)
    context: dict[str, Any] = {
        "story": story,
        "direction": text_direction(story.language),
        "photos": selectors.story_photos(story),
        "attachments": selectors.story_attachments(story),
        "subjects": subjects,
        "tags": tags,
        "change_notes": selectors.story_change_notes(story),
        "story_url": story_url,
    }
    if full:
        context |= {
            "related": selectors.related_stories(
                story,
                tag_ids=[tag.pk for tag in tags],
                subject_codes=[subject.code for subject in subjects],
            ),
            "share": share_links(story, story_url),
            "eservices": selectors.eservice_links(),
        }
    return context


def _gone(request: HttpRequest, error: StoryGoneError) -> HttpResponse:
    return render(request, "portal/gone.html", {"code": error.story.code}, status=410)


@cached_page()
def story(request: HttpRequest, code: int, slug: str = "") -> HttpResponse:
    """A public story by its news code (a slug after it is for people and changes nothing):
    404 for a story that never was public, 410 for one that was and is withdrawn.

    Cached for anonymous visitors until the story or its approved comments change; the
    related stories' titles are checked too (read after them, so at worst the entry's age)."""
    depends_on(request, story_key(code))
    try:
        found = access_public_story(code)
    except StoryGoneError as error:
        return _gone(request, error)
    context = _story_context(request, found, full=True)
    depends_on(request, *(story_key(item.code) for item in context["related"]))
    return render(request, "portal/story.html", context)


@cached_page()
def story_print(request: HttpRequest, code: int) -> HttpResponse:
    """The story alone, laid out for paper (the print stylesheet on screen too)."""
    depends_on(request, story_key(code))
    try:
        found = access_public_story(code)
    except StoryGoneError as error:
        return _gone(request, error)
    context = _story_context(request, found, full=False) | {"print_view": True}
    return render(request, "portal/story.html", context)


@never_cache
@require_GET
def story_seen(request: HttpRequest, code: int) -> HttpResponse:
    """The read beacon: count a read of a public story, answer with a pixel either way (an
    unknown code counts nothing; the image must not turn into an error in the page)."""
    services.story_view_record(code=code)
    return HttpResponse(PIXEL, content_type="image/gif")
