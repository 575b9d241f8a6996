"""`/feed/`, `/feed/atom/`, `/units/<slug>/feed/` (and `…/atom/`): parsed as a feed reader
would (feedparser); published stories only, newest first, canonical links as guids, the lead
photo as enclosure, a unit's feed with its sub-units."""

import calendar
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from django.test import Client

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.models import Unit
from hamafza.portal import feeds
from hamafza.portal.tests.interop import (
    Newsroom,
    add_photo,
    assert_nothing_hidden,
    build_newsroom,
)

BASE = "http://testserver"


@pytest.fixture
def newsroom(net: Any, settings: Any, tmp_path: Any) -> Newsroom:
    settings.MEDIA_ROOT = tmp_path
    return build_newsroom(net)


def url(story: Story, base: str = BASE) -> str:
    return f"{base}/news/{story.code}/"


def read(client: Client, path: str, **headers: Any) -> tuple[Any, str]:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    text = response.content.decode()
    return feedparser.parse(text), text


def test_the_network_rss_feed(client, newsroom, settings):
    parsed, text = read(client, "/feed/")
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert channel.title == "هم‌افزا — خبرهای شبکه روابط عمومی"
    assert channel.language == "fa"
    assert channel.link == f"{BASE}/"
    # Published stories only, newest publication first; link and guid are the canonical URL.
    assert [entry.link for entry in parsed.entries] == [url(s) for s in newsroom.public]
    assert [entry.id for entry in parsed.entries] == [url(s) for s in newsroom.public]
    assert text.count('<guid isPermaLink="true">') == len(newsroom.public)
    assert_nothing_hidden(text, newsroom)


def test_an_item(client, newsroom):
    parsed, _text = read(client, "/feed/")
    entry = parsed.entries[0]
    story = newsroom.lead
    assert entry.title == "افتتاح کارگاه سفالگری توانخواهان در تهران"
    assert entry.summary == story.lead
    assert calendar.timegm(entry.published_parsed) == int(story.published_at.timestamp())
    assert entry.author == "استان تهران"
    assert {tag.term for tag in entry.tags} == {
        "توانمندی جامعه هدف",
        "رویداد",
        "کارگاه",
        "سفال",
    }


def test_the_lead_photo_is_the_enclosure(client, newsroom):
    parsed, _text = read(client, "/feed/")
    lead_photo = newsroom.lead.photos.order_by("position").first()
    assert lead_photo is not None
    (enclosure,) = parsed.entries[0].enclosures
    assert enclosure.href == f"{BASE}/media/{lead_photo.image.name}"
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == lead_photo.image.size > 0
    # A story without photos has none; a photo whose file is missing still goes, length 0.
    assert parsed.entries[1].enclosures == []
    add_photo(newsroom.corrected, "gone")
    parsed, _text = read(client, "/feed/")
    (missing,) = parsed.entries[1].enclosures
    assert missing.href.endswith(f"/stories/{newsroom.corrected.pk}/gone.jpg")
    assert missing.length == "0"


def test_the_network_atom_feed(client, newsroom):
    parsed, text = read(client, "/feed/atom/")
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "هم‌افزا — خبرهای شبکه روابط عمومی"
    assert parsed.feed.subtitle == "تازه‌ترین خبرهای منتشرشده در شبکه روابط عمومی"
    assert parsed.feed.language == "fa"
    assert [entry.id for entry in parsed.entries] == [url(s) for s in newsroom.public]
    assert [entry.link for entry in parsed.entries] == [url(s) for s in newsroom.public]
    corrected = parsed.entries[1]
    assert calendar.timegm(corrected.updated_parsed) == int(
        newsroom.corrected.updated_at.timestamp()
    )
    assert calendar.timegm(corrected.published_parsed) == int(
        newsroom.corrected.published_at.timestamp()
    )
    enclosures = [link for link in parsed.entries[0].links if link.rel == "enclosure"]
    assert len(enclosures) == 1
    assert enclosures[0].type == "image/jpeg"
    assert_nothing_hidden(text, newsroom)


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_titles_read_exactly_as_written(client, net, path):
    headline = "کارگاه «نقاشی» & <b>سفال</b> برای کودکان"
    StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=Story.Status.PUBLISHED,
        headline=headline,
        lead="لید با <تگ> & نماد",
    )
    parsed, _text = read(client, path)
    assert parsed.entries[0].title == headline
    assert parsed.entries[0].summary == "لید با &lt;تگ&gt; &amp; نماد"  # HTML for that text


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_a_unit_feed_has_its_sub_units(client, newsroom, suffix):
    parsed, text = read(client, f"/units/tehran/feed/{suffix}")
    assert parsed.bozo == 0
    assert [entry.link for entry in parsed.entries] == [
        url(newsroom.lead),
        url(newsroom.corrected),
    ]
    assert parsed.feed.title == "استان تهران — هم‌افزا"
    assert parsed.feed.link == f"{BASE}/units/tehran/"
    assert_nothing_hidden(text, newsroom)
    parsed, _text = read(client, f"/units/shemiranat/feed/{suffix}")
    assert [entry.link for entry in parsed.entries] == [url(newsroom.corrected)]
    parsed, _text = read(client, f"/units/isfahan/feed/{suffix}")
    assert [entry.link for entry in parsed.entries] == [
        url(newsroom.arabic),
        url(newsroom.kashan),
    ]
    parsed, _text = read(client, f"/units/hq/feed/{suffix}")
    assert len(parsed.entries) == len(newsroom.public)


@pytest.mark.parametrize(
    "path", ["/units/no-such-unit/feed/", "/units/no-such-unit/feed/atom/", "/units/x/feed/y/"]
)
def test_an_unknown_unit_is_404(client, newsroom, path):
    assert client.get(path).status_code == 404


def test_an_inactive_unit_has_no_feed(client, net, newsroom):
    Unit.objects.filter(pk=net.shemiranat.pk).update(is_active=False)
    assert client.get("/units/shemiranat/feed/").status_code == 404
    assert client.get("/units/shemiranat/feed/atom/").status_code == 404


def test_a_unit_with_nothing_public_has_an_empty_feed(client, newsroom):
    parsed, text = read(client, "/units/neyshabur/feed/")
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert_nothing_hidden(text, newsroom)


def test_the_newest_stories_up_to_the_feed_size(client, newsroom, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    parsed, _text = read(client, "/feed/")
    assert [entry.link for entry in parsed.entries] == [
        url(newsroom.lead),
        url(newsroom.corrected),
    ]


def test_persian_whatever_the_browser_asks_for(client, newsroom):
    parsed, _text = read(client, "/feed/", HTTP_ACCEPT_LANGUAGE="en")
    assert parsed.feed.title == "هم‌افزا — خبرهای شبکه روابط عمومی"
    assert parsed.feed.language == "fa"
    assert "توانمندی جامعه هدف" in {tag.term for tag in parsed.entries[0].tags}


def test_links_use_the_public_base_url(client, newsroom, settings):
    settings.PUBLIC_BASE_URL = "https://news.example.org"
    parsed, _text = read(client, "/feed/")
    assert parsed.feed.link == "https://news.example.org/"
    assert parsed.entries[0].link == url(newsroom.lead, "https://news.example.org")
    assert parsed.entries[0].enclosures[0].href.startswith("https://news.example.org/media/")
    parsed, _text = read(client, "/feed/atom/")
    assert parsed.feed.links[1].href == "https://news.example.org/feed/atom/"


def test_few_queries_however_many_stories(client, net, newsroom, django_assert_max_num_queries):
    for n in range(12):
        story = StoryFactory.create(
            unit=net.shemiranat,
            created_by=net.shemiranat_reporter,
            status=Story.Status.PUBLISHED,
            subjects=["event"],
            tags=[f"برچسب {n}"],
        )
        add_photo(story, f"extra-{n}")
    # Stories, then their photos, subjects and tags.
    with django_assert_max_num_queries(4):
        assert client.get("/feed/").status_code == 200
    # Plus the unit and the unit tree.
    with django_assert_max_num_queries(6):
        assert client.get("/units/tehran/feed/atom/").status_code == 200
