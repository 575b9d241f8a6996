"""Story bodies are HTML from a rich-text editor; only this allowlist survives.

nh3 (the Rust ammonia sanitizer) with an explicit allowlist that keeps ``dir`` (mixed Persian
and English paragraphs need it); no scripts, styles, event handlers, ``javascript:`` links or
remote images (images only from this site's media folder, so readers are never tracked).
"""

import re
from urllib.parse import unquote

import nh3
from django.conf import settings

TAGS = {
    "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small",
    "h2", "h3", "h4", "blockquote", "q", "cite", "ul", "ol", "li", "a", "figure",
    "figcaption", "img", "table", "thead", "tbody", "tr", "th", "td", "caption", "span", "code",
    "pre",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"dir", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _is_own_media(url: str) -> bool:
    """Whether ``url`` points inside this site's media folder, as a browser would resolve it.

    Browsers drop tabs and newlines from URLs, read ``\\`` as ``/`` and ``%2e`` as ``.``, so
    ``/media/%2e%2e/account/`` climbs out of the folder: such paths are refused too.
    """
    media = settings.MEDIA_URL
    if not url.startswith(media):
        return False
    rest = re.sub(r"[\t\n\r]", "", url[len(media) :])
    if "//" in rest or "\\" in rest:
        return False
    path = unquote(re.split(r"[?#]", rest, maxsplit=1)[0])
    return not any(segment in {".", ".."} for segment in path.split("/"))


def _filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "dir":
        return value if value in {"rtl", "ltr", "auto"} else None
    if tag == "img" and attribute == "src":
        # Only our own uploads: a remote image would tell another server who reads the story.
        return value if _is_own_media(value) else None
    return value


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def sanitize_html(html: str) -> str:
    """The safe subset of ``html``. Idempotent: sanitizing twice gives the same text."""
    if not html:
        return ""
    cleaned = _clean(html)
    # The parser repairs misnested markup (a heading inside a heading, text inside a table)
    # into a tree that can serialize to something it would parse differently, so one pass is
    # not always stable. Passes settle after one or two more: repeat until nothing changes.
    for _attempt in range(4):
        again = _clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned
