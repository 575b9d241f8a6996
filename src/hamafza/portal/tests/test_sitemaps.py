"""`/sitemap.xml` (an index of paginated sections) and the Google News `/news-sitemap.xml`,
parsed as XML: canonical addresses of published stories only."""

import re
from datetime import datetime
from typing import Any
from xml.etree import ElementTree

import pytest
from django.test import Client

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal.sitemaps import StorySitemap
from hamafza.portal.tests.interop import Newsroom, assert_nothing_hidden, build_newsroom

BASE = "http://testserver"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def newsroom(net: Any) -> Newsroom:
    return build_newsroom(net)


def url(story: Story, base: str = BASE) -> str:
    return f"{base}/news/{story.code}/"


def xml(client: Client, path: str) -> tuple[ElementTree.Element, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "application/xml"
    text = response.content.decode()
    return ElementTree.fromstring(text), text  # noqa: S314 (our own response)


def index(client: Client) -> list[str]:
    root, _text = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text or "" for loc in root.findall("sm:sitemap/sm:loc", NS)]


def locations(client: Client, path: str) -> list[str]:
    root, _text = xml(client, path)
    assert root.tag == f"{{{NS['sm']}}}urlset"
    return [loc.text or "" for loc in root.findall("sm:url/sm:loc", NS)]


def test_the_index_lists_every_section_and_the_news_sitemap(client, newsroom):
    assert index(client) == [
        f"{BASE}/sitemap-home.xml",
        f"{BASE}/sitemap-units.xml",
        f"{BASE}/sitemap-stories.xml",
        f"{BASE}/news-sitemap.xml",
    ]
    root, _text = xml(client, "/sitemap.xml")
    stories = root.findall("sm:sitemap", NS)[2]
    lastmod = stories.find("sm:lastmod", NS)
    assert lastmod is not None
    latest = max(story.updated_at for story in newsroom.public)
    assert datetime.fromisoformat(lastmod.text or "") == latest


def test_stories_are_the_published_ones_at_their_canonical_address(client, newsroom):
    found = locations(client, "/sitemap-stories.xml")
    assert sorted(found) == sorted(url(story) for story in newsroom.public)
    _root, text = xml(client, "/sitemap-stories.xml")
    assert_nothing_hidden(text, newsroom)
    root, _text = xml(client, "/sitemap-stories.xml")
    lastmods = {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:url", NS)
    }
    assert lastmods[url(newsroom.lead)] == f"{newsroom.lead.updated_at:%Y-%m-%d}"


def test_units_and_home(client, newsroom):
    assert locations(client, "/sitemap-home.xml") == [f"{BASE}/"]
    units = locations(client, "/sitemap-units.xml")
    assert f"{BASE}/units/tehran/" in units
    assert f"{BASE}/units/shemiranat/" in units
    assert len(units) == 8


def test_sections_are_paginated(client, newsroom, monkeypatch):
    monkeypatch.setattr(StorySitemap, "limit", 2)
    stories = f"{BASE}/sitemap-stories.xml"
    assert index(client)[2:5] == [stories, f"{stories}?p=2", f"{stories}?p=3"]
    pages = [locations(client, f"/sitemap-stories.xml?p={page}") for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [location for page in pages for location in page]
    assert sorted(listed) == sorted(url(story) for story in newsroom.public)
    # Oldest code first: a story keeps its page as new ones are published.
    listed_codes = [int(location.rstrip("/").rsplit("/", 1)[-1]) for location in listed]
    assert listed_codes == sorted(listed_codes)
    for page in ("4", "0", "x"):
        assert client.get(f"/sitemap-stories.xml?p={page}").status_code == 404


def test_an_unknown_section_is_404(client, newsroom):
    assert client.get("/sitemap-drafts.xml").status_code == 404


def test_the_news_sitemap(client, newsroom):
    root, text = xml(client, "/news-sitemap.xml")
    entries = root.findall("sm:url", NS)
    # Only stories first published in the last two days, newest first.
    assert [entry.findtext("sm:loc", namespaces=NS) for entry in entries] == [
        url(newsroom.lead),
        url(newsroom.corrected),
    ]
    news = entries[0].find("news:news", NS)
    assert news is not None
    assert news.findtext("news:publication/news:name", namespaces=NS) == "هم‌افزا"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "fa"
    assert news.findtext("news:title", namespaces=NS) == newsroom.lead.headline
    published = news.findtext("news:publication_date", namespaces=NS) or ""
    # W3C datetime, Tehran time, to the second.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30", published), published
    first = newsroom.lead.first_published_at
    assert first is not None
    assert datetime.fromisoformat(published) == first.replace(microsecond=0)
    assert_nothing_hidden(text, newsroom)


def test_the_news_sitemap_names_each_story_language(client, net):
    story = StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        status=Story.Status.PUBLISHED,
        language=Story.Language.EN,
        headline="Rehabilitation & research <week>",
    )
    root, _text = xml(client, "/news-sitemap.xml")
    (entry,) = root.findall("sm:url", NS)
    assert entry.findtext("news:news/news:publication/news:language", namespaces=NS) == "en"
    assert entry.findtext("news:news/news:title", namespaces=NS) == story.headline


def test_addresses_use_the_public_base_url(client, newsroom, settings):
    settings.PUBLIC_BASE_URL = "https://news.example.org"
    assert all(loc.startswith("https://news.example.org/") for loc in index(client))
    assert sorted(locations(client, "/sitemap-stories.xml")) == sorted(
        url(story, "https://news.example.org") for story in newsroom.public
    )
    assert locations(client, "/sitemap-home.xml") == ["https://news.example.org/"]
    root, _text = xml(client, "/news-sitemap.xml")
    assert root.findtext("sm:url/sm:loc", namespaces=NS) == url(
        newsroom.lead, "https://news.example.org"
    )


def test_few_queries(client, net, newsroom, django_assert_max_num_queries):
    for _n in range(10):
        StoryFactory.create(
            unit=net.tehran, created_by=net.tehran_reporter, status=Story.Status.PUBLISHED
        )
    # Each section's latest change and count.
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap.xml").status_code == 200
    # A count and a page.
    with django_assert_max_num_queries(2):
        assert client.get("/sitemap-stories.xml").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/news-sitemap.xml").status_code == 200
