"""A story page's head for machines: the canonical link, Open Graph and Twitter card tags, and
schema.org `NewsArticle` JSON-LD (parsed and checked), escaped so no story text can break out
of its script element."""

import json
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.portal.jsonld import ld_json_script, story_jsonld
from hamafza.portal.tests.interop import Newsroom, build_newsroom

BASE = "http://testserver"


class Head(HTMLParser):
    """The head's meta tags, links and JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            key = values.get("property") or values["name"]
            self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_jsonld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_jsonld = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld[-1] += data

    def one(self, key: str) -> str:
        (value,) = self.meta[key]
        return value


def head_of(client: Client, story: Story) -> Head:
    response = client.get(f"/news/{story.code}/")
    assert response.status_code == 200
    head = Head()
    head.feed(response.content.decode())
    return head


def article(head: Head) -> dict[str, Any]:
    (text,) = head.jsonld
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture
def newsroom(net: Any, settings: Any, tmp_path: Any) -> Newsroom:
    settings.MEDIA_ROOT = tmp_path
    return build_newsroom(net)


def test_the_canonical_link_is_the_absolute_code_address(client, newsroom):
    story = newsroom.lead
    for path in (f"/news/{story.code}/", f"/news/{story.code}/any-slug/"):
        head = Head()
        head.feed(client.get(path).content.decode())
        canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
        assert f"{BASE}/news/{story.code}/" in canonical


def test_open_graph_and_twitter_card(client, newsroom):
    story = newsroom.lead
    head = head_of(client, story)
    photo = story.photos.order_by("position", "id").first()
    assert photo is not None
    assert head.one("og:type") == "article"
    assert head.one("og:url") == f"{BASE}/news/{story.code}/"
    assert head.one("og:title") == story.headline
    assert head.one("og:description") == story.lead
    assert head.one("og:site_name") == "هم‌افزا"
    assert head.one("og:locale") == "fa_IR"
    assert head.one("og:image") == f"{BASE}/media/{photo.image.name}"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("120", "80")
    assert head.one("og:image:alt") == photo.alt_text
    assert head.meta["article:tag"] == ["سفال", "کارگاه"]
    assert head.one("article:section") == "استان تهران"
    published = datetime.fromisoformat(head.one("article:published_time"))
    assert published == story.first_published_at.replace(microsecond=0)
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:image") == head.one("og:image")
    feeds = [link["href"] for link in head.links if link.get("type") == "application/rss+xml"]
    assert feeds == [f"{BASE}/feed/", f"{BASE}/units/tehran/feed/"]


def test_a_story_without_photos_has_a_plain_card(client, newsroom):
    head = head_of(client, newsroom.english)
    assert head.one("twitter:card") == "summary"
    assert "og:image" not in head.meta
    assert head.one("og:locale") == "en_US"
    assert "image" not in article(head)


def test_the_news_article(client, newsroom):
    story = newsroom.lead
    data = article(head_of(client, story))
    url = f"{BASE}/news/{story.code}/"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["url"] == url
    assert data["identifier"] == str(story.code)
    assert data["headline"] == story.headline
    assert data["alternativeHeadline"] == story.kicker
    assert data["description"] == story.lead
    assert data["inLanguage"] == "fa"
    assert data["articleSection"] == "گزارش"
    assert datetime.fromisoformat(data["datePublished"]) == story.first_published_at.replace(
        microsecond=0
    )
    assert datetime.fromisoformat(data["dateModified"]) == story.updated_at.replace(microsecond=0)
    assert data["author"] == {
        "@type": "Organization",
        "name": "استان تهران",
        "url": f"{BASE}/units/tehran/",
    }
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "هم‌افزا"
    assert data["publisher"]["url"] == f"{BASE}/"
    assert data["publisher"]["logo"]["url"].startswith(f"{BASE}/static/")
    images = data["image"]
    assert [image["url"] for image in images] == [
        f"{BASE}/media/{photo.image.name}" for photo in story.photos.order_by("position", "id")
    ]
    assert images[0]["caption"] == "کارگاه سفالگری"
    assert {thing["name"] for thing in data["about"]} == {"توانمندی جامعه هدف", "رویداد"}
    assert data["keywords"] == ["سفال", "کارگاه"]


def test_a_corrected_story_keeps_its_first_date(client, newsroom):
    story = newsroom.corrected
    data = article(head_of(client, story))
    assert datetime.fromisoformat(data["datePublished"]) == story.first_published_at.replace(
        microsecond=0
    )
    assert data["dateModified"] > data["datePublished"]


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT ><img src=x onerror=alert(1)>",
        "<!-- <script> & \u2028 «تیتر»",
    ],
)
def test_story_text_cannot_break_out_of_the_script(client, net, text):
    story = StoryFactory.create(
        unit=net.tehran,
        created_by=net.tehran_reporter,
        status=Story.Status.PUBLISHED,
        headline=text,
        lead=text,
        kicker=text,
    )
    html = client.get(f"/news/{story.code}/").content.decode()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    payload = html[start + len('<script type="application/ld+json">') : end]
    assert "<" not in payload
    assert ">" not in payload
    assert "&" not in payload
    data = json.loads(payload)
    assert (data["headline"], data["description"], data["alternativeHeadline"]) == (text,) * 3
    # Elsewhere in the head, the attributes are escaped as HTML.
    head = Head()
    head.feed(html)
    assert head.one("og:title") == text


def test_the_script_element_alone():
    script = ld_json_script({"headline": "a</script>b&c", "n": 1})
    assert str(script) == (
        '<script type="application/ld+json">'
        '{"headline": "a\\u003C/script\\u003Eb\\u0026c", "n": 1}</script>'
    )


def test_the_template_renders_for_any_page_that_has_a_story(newsroom):
    request = RequestFactory().get("/anything/")
    html = render_to_string("portal/_meta.html", {"story": newsroom.arabic}, request=request)
    head = Head()
    head.feed(html)
    assert head.one("og:locale") == "ar_AR"
    assert article(head)["inLanguage"] == "ar"
    assert article(head) == json.loads(json.dumps(story_jsonld(request, newsroom.arabic)))


def test_addresses_use_the_public_base_url(client, newsroom, settings):
    settings.PUBLIC_BASE_URL = "https://news.example.org"
    story = newsroom.lead
    head = head_of(client, story)
    assert head.one("og:url") == f"https://news.example.org/news/{story.code}/"
    assert head.one("og:image").startswith("https://news.example.org/media/")
    data = article(head)
    assert data["mainEntityOfPage"]["@id"] == f"https://news.example.org/news/{story.code}/"
    assert data["author"]["url"] == "https://news.example.org/units/tehran/"


def test_what_the_page_has_read_is_not_read_again(newsroom, django_assert_num_queries):
    story = Story.objects.select_related("unit").get(pk=newsroom.lead.pk)
    context = {
        "story": story,
        "photos": list(story.photos.all()),
        "subjects": list(story.subjects.all()),
        "tags": list(story.tags.all()),
    }
    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        html = render_to_string("portal/_meta.html", context, request=request)
    head = Head()
    head.feed(html)
    assert head.meta["article:tag"] == ["سفال", "کارگاه"]
    assert len(article(head)["image"]) == 2
    # Without them, the tag reads them itself.
    with django_assert_num_queries(3):
        render_to_string("portal/_meta.html", {"story": story}, request=request)
