"""Sitemaps for search engines: ``/sitemap.xml`` and the Google News ``/news-sitemap.xml``.

``/sitemap.xml`` is an index (the sitemaps protocol's): it lists one sitemap per section —
the home, the units' sections, the published stories — each split into pages of at most
``limit`` addresses (``/sitemap-stories.xml?p=2``…), plus the news sitemap. Stories are
listed oldest code first, so a story keeps its page as new ones are added at the end.

``/news-sitemap.xml`` lists the stories first published in the last ``NEWS_WINDOW`` (at most
``NEWS_LIMIT``), with the publication's name, the story's language, title and date, as
Google News asks. Only public stories (``permissions.public_stories``) appear anywhere.

Addresses are the canonical ones (``canonical``), on ``PUBLIC_BASE_URL`` when it is set.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from hamafza.newsroom.models import Story
from hamafza.org.models import Unit
from hamafza.portal import canonical
from hamafza.portal.jsonld import iso
from hamafza.portal.permissions import public_stories

if TYPE_CHECKING:  # the sites framework is not installed: its models cannot be imported
    from django.contrib.sites.models import Site
    from django.contrib.sites.requests import RequestSite

NEWS_WINDOW = timedelta(days=2)
# Google News reads at most this many addresses from one news sitemap.
NEWS_LIMIT = 1000


class PublicSitemap[T](Sitemap[T]):
    """Addresses on ``PUBLIC_BASE_URL`` when it is set; else on the request's scheme and
    host (the view passes them in)."""

    def get_protocol(self, protocol: str | None = None) -> str:
        if settings.PUBLIC_BASE_URL:
            return urlsplit(settings.PUBLIC_BASE_URL).scheme
        return super().get_protocol(protocol)

    def get_domain(self, site: "Site | RequestSite | None" = None) -> str:
        if settings.PUBLIC_BASE_URL:
            return urlsplit(settings.PUBLIC_BASE_URL).netloc
        return super().get_domain(site)


class HomeSitemap(PublicSitemap[str]):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["home"]

    def location(self, item: str) -> str:
        return canonical.home_path()


class UnitSitemap(PublicSitemap[Unit]):
    changefreq = "daily"

    def items(self) -> QuerySet[Unit]:
        return Unit.objects.filter(is_active=True).only("slug").order_by("slug")

    def location(self, item: Unit) -> str:
        return canonical.unit_path(item)


def _public_stories() -> QuerySet[Story]:
    """Public stories (``permissions.public_stories``), without their units: a sitemap reads
    only the story's own columns."""
    return public_stories().select_related(None)


class StorySitemap(PublicSitemap[Story]):
    def items(self) -> QuerySet[Story]:
        return _public_stories().only("code", "updated_at").order_by("code")

    def location(self, item: Story) -> str:
        return canonical.story_path(item)

    def lastmod(self, item: Story) -> datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime | None:
        latest: datetime | None = _public_stories().aggregate(latest=Max("updated_at"))["latest"]
        return latest


SITEMAPS: dict[str, type[Sitemap[Any]] | Sitemap[Any]] = {
    "home": HomeSitemap,
    "units": UnitSitemap,
    "stories": StorySitemap,
}


@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Django's index view names the request's host; this one the canonical base (the
    sections themselves are Django's ``sitemap`` view)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class() if isinstance(sitemap_class, type) else sitemap_class
        location = canonical.absolute(
            request, reverse("portal:sitemap_section", kwargs={"section": section})
        )
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))  # type: ignore[arg-type]
        entries += [
            SitemapIndexItem(f"{location}?p={page}", lastmod)  # type: ignore[arg-type]
            for page in range(2, sitemap.paginator.num_pages + 1)
        ]
    entries.append(SitemapIndexItem(canonical.absolute(request, reverse("portal:news_sitemap"))))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@x_robots_tag
def news_sitemap(request: HttpRequest) -> TemplateResponse:
    since = timezone.now() - NEWS_WINDOW
    stories = (
        _public_stories()
        .annotate(first_published=Coalesce("first_published_at", "published_at"))
        .filter(first_published__gte=since)
        .only("code", "headline", "language")
        .order_by("-first_published", "-id")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": canonical.story_url(request, story),
            "title": story.headline,
            "language": story.language,
            "published": iso(story.first_published),
        }
        for story in stories
    ]
    context = {"publication": settings.PUBLICATION_NAME, "entries": entries}
    return TemplateResponse(
        request, "portal/news_sitemap.xml", context, content_type="application/xml"
    )
