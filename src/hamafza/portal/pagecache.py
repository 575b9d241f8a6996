"""The page cache of the public portal: whole anonymous pages kept in Django's cache, with
ETag and Last-Modified, dropped exactly when what they show changes.

How a page stays right — generations. Each thing a page can show has a *generation*: a random
value kept in the ``generations`` cache under a name (``story:<code>``, ``unit:<id>``,
``network`` for every list of stories, ``site`` for what every page shows: the units' names,
the e-services block). A page's entry records the generations of everything it showed, read
*before* the data was read; serving it first checks that they are all still the same (one
``get_many``). A change only *bumps* the generations it touches (``bump``), so nothing has to
know which pages exist: the story's page, its unit's section and every unit's above it, and the
lists go stale at once, while another story's page stays. A generation that is missing (never
made, or evicted) counts as changed. The receivers that bump live in ``portal.receivers``:
newsroom's ``story_changed``, comments' ``thread_changed``, and saved units.

Which requests: only an anonymous GET or HEAD — no session cookie (so no messages, no one signed
in, no flash), no ``Authorization`` header — and never an htmx request (its answer is a partial,
which must not be stored or served under the full page's address). Which answers: those of
views marked ``@cached_page``, 200, setting no cookie and carrying no CSP nonce. Everything else
passes through untouched, and the marked views answer the requests they may not cache with
``Cache-Control: private, no-cache``.

The key is the scheme, host, language (as ``common.locale`` chooses it: the language cookie,
else Persian) and the full path with its query; the answer varies on ``Cookie``. Entries live
``PAGE_CACHE_TIMEOUT`` seconds at most, which bounds what no signal covers (the "most read"
block, the related stories' titles).

Answers say ``Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_SHARED_MAX_AGE``: browsers
revalidate every time (a 304 when nothing changed), and nginx's micro-cache keeps a page a few
seconds, then revalidates it here with If-None-Match (deploy/nginx/hamafza.conf).

Where it sits: ``PageCacheMiddleware`` comes right after WhiteNoise, before the session, locale,
CSRF and auth middleware, so a hit costs none of them.
"""

import hashlib
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from hamafza.common.locale import chosen_language

SITE = "site"
NETWORK = "network"
PAGES_ALIAS = "pages"
GENERATIONS_ALIAS = "generations"
# Never pages of the portal: not even looked up.
SKIPPED_PREFIXES = ("/desk/", "/api/", "/admin/", "/accounts/", "/i18n/", "/static/", "/media/")
VARY = ("Cookie",)
# Set on every answer of a marked view: "hit" (from the cache), "miss" (rendered and stored),
# "bypass" (not cacheable for this request). For people and benchmarks, not for logic.
STATUS_HEADER = "X-Page-Cache"


def story_key(code: int) -> str:
    return f"story:{code}"


def unit_key(unit_id: int) -> str:
    return f"unit:{unit_id}"


# --- Generations ---------------------------------------------------------------------------


def _generations() -> BaseCache:
    return caches[GENERATIONS_ALIAS]


def _fresh() -> str:
    """A generation value never handed out before (time first, so a log reads in order)."""
    return f"{time.time_ns():x}.{secrets.token_hex(4)}"


def read_generations(names: Iterable[str]) -> dict[str, str]:
    """The current generation of each name, making those that are missing."""
    names = list(names)
    if not names:
        return {}
    cache = _generations()
    found: dict[str, str] = cache.get_many(names)
    for name in names:
        if name not in found:
            # ``add``: when two processes make the same generation, both end up with one value.
            cache.add(name, _fresh(), timeout=None)
            found[name] = cache.get(name) or _fresh()
    return found


def bump(*names: str) -> None:
    """Mark everything named as changed: every page that showed one of them goes stale."""
    if names:
        value = _fresh()
        _generations().set_many(dict.fromkeys(names, value), timeout=None)


def generations_current(recorded: dict[str, str]) -> bool:
    return not recorded or _generations().get_many(list(recorded)) == recorded


# --- Entries -------------------------------------------------------------------------------


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    content: bytes
    etag: str
    last_modified: int  # seconds since the epoch
    generations: dict[str, str]


@dataclass
class PageRecord:
    """What a request being rendered for the cache collects: whether its view may be cached
    and the generations of what it shows."""

    cacheable: bool = False
    generations: dict[str, str] = field(default_factory=dict)


RECORD_ATTRIBUTE = "_page_cache_record"


def _record(request: HttpRequest) -> PageRecord | None:
    return getattr(request, RECORD_ATTRIBUTE, None)


def depends_on(request: HttpRequest, *names: str) -> None:
    """The page being rendered shows what ``names`` name. Call it *before* reading that data,
    so a change committed meanwhile leaves the entry already stale. No-op when the request is
    not being cached."""
    record = _record(request)
    if record is not None:
        wanted = [name for name in names if name not in record.generations]
        record.generations.update(read_generations(wanted))


type View = Callable[..., Any]


def cached_page(*names: str) -> Callable[[View], View]:
    """Mark a public view's answers as cacheable for anonymous visitors; the page shows
    ``SITE`` and ``names`` (more can be added in the view with ``depends_on``)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            record = _record(request)
            if record is not None:
                record.cacheable = True
                depends_on(request, SITE, *names)
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseBase):
                patch_vary_headers(response, VARY)
                if record is None:
                    # Signed in, an htmx partial, a flash message…: for this person only.
                    patch_cache_control(response, private=True, no_cache=True)
                    response.headers.setdefault(STATUS_HEADER, "bypass")
            return response

        return wrapped

    return decorator


def _key(request: HttpRequest) -> str | None:
    """The entry's key for a request that may use the cache; None for one that may not."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META:
        return None
    if "HTTP_HX_REQUEST" in request.META:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the view answers 400 as usual
    language = chosen_language(request)
    raw = f"{request.scheme}\n{host}\n{language}\n{request.get_full_path()}"
    return "page:" + hashlib.blake2b(raw.encode(), digest_size=20).hexdigest()


def _storable(response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "nonce-" in response.headers.get("Content-Security-Policy", ""):
        return False  # a nonce is for one answer only
    control = response.headers.get("Cache-Control", "")
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _entry(response: HttpResponse, record: PageRecord, previous: Entry | None) -> Entry:
    content = response.content
    etag = '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'
    now = int(time.time())
    # The same bytes as before keep their date, so If-Modified-Since still matches.
    last_modified = previous.last_modified if previous and previous.etag == etag else now
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"etag", "last-modified", "date", STATUS_HEADER.lower()}
    ]
    return Entry(
        status=response.status_code,
        headers=headers,
        content=content,
        etag=etag,
        last_modified=last_modified,
        generations=dict(record.generations),
    )


def _answer(request: HttpRequest, entry: Entry, status: str) -> HttpResponseBase:
    response = HttpResponse(entry.content, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers["ETag"] = entry.etag
    response.headers["Last-Modified"] = http_date(entry.last_modified)
    response.headers[STATUS_HEADER] = status
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_MAX_AGE
    )
    conditional = get_conditional_response(
        request, etag=entry.etag, last_modified=entry.last_modified, response=response
    )
    if conditional is not response and conditional is not None:
        conditional.headers[STATUS_HEADER] = status
        return conditional
    return response


class PageCacheMiddleware:
    """Serve anonymous public pages from the ``pages`` cache; store what marked views render
    (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        key = _key(request) if settings.PAGE_CACHE else None
        if key is None:
            return self.get_response(request)
        pages = caches[PAGES_ALIAS]
        entry: Entry | None = pages.get(key)
        if entry is not None and generations_current(entry.generations):
            return _answer(request, entry, "hit")
        record = PageRecord()
        setattr(request, RECORD_ATTRIBUTE, record)
        response = self.get_response(request)
        if not record.cacheable:
            return response
        if not isinstance(response, HttpResponse) or not _storable(response):
            patch_cache_control(response, private=True, no_cache=True)
            response.headers[STATUS_HEADER] = "bypass"
            return response
        fresh = _entry(response, record, entry)
        pages.set(key, fresh, timeout=settings.PAGE_CACHE_TIMEOUT)
        return _answer(request, fresh, "miss")
