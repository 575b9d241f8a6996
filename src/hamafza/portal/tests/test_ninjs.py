"""`/api/v1/public/news/{code}/ninjs`: IPTC ninjs 3.1, validated against IPTC's own schema
(a copy in tests/data/) with its formats (uri, date-time) checked."""

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from django.test import Client

from hamafza.newsroom.demo.plan import seed_content
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.tests.test_api import call
from hamafza.portal.tests.interop import (
    HIDDEN_STATUSES,
    Newsroom,
    add_photo,
    add_real_photo,
    build_newsroom,
)

SCHEMA_FILE = Path(__file__).parent / "data" / "ninjs-schema_3.1.json"
# IPTC's file as released (commit 3ace397 of iptc/newsinjson): the copy must not drift.
SCHEMA_SHA256 = "404f578a299bf34e76e98f2de26ad9989882ebd7abf3a4d3cf3aa689b70a8744"
BASE = "http://testserver"
SEED_CODE = 102685


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture
def seed(net: Any, settings: Any, tmp_path: Any) -> Story:
    """The seed article as the demo publishes it (HQ's PR office, news code 102685), with a
    real lead photo and a second one with smaller renditions."""
    settings.MEDIA_ROOT = tmp_path
    content, code = seed_content()
    story = StoryFactory.create(
        unit=net.hq_pr,
        created_by=net.hq_editor,
        status=Story.Status.PUBLISHED,
        code=code,
        kicker=content.kicker,
        headline=content.headline,
        lead=content.lead,
        body=content.body,
        kind=content.kind,
        language=content.language,
        subjects=list(content.subjects),
        domains=list(content.domains),
        tags=list(content.tags),
    )
    add_real_photo(story, "seminar", caption="نشست روابط عمومی‌ها", credit="روابط عمومی")
    add_photo(
        story,
        "advisor",
        position=1,
        medium=f"stories/{story.pk}/advisor-medium.jpg",
        thumb=f"stories/{story.pk}/advisor-thumb.jpg",
    )
    return story


def ninjs(client: Client, story: Story) -> dict[str, Any]:
    status, data = call(client, "get", f"/public/news/{story.code}/ninjs")
    assert status == 200, data
    return data


def nulls(value: Any, at: str = "$") -> list[str]:
    if value is None:
        return [at]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in nulls(item, f"{at}.{key}")]
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in nulls(item, f"{at}[{n}]")]
    return []


def test_the_schema_copy_is_iptcs(validator):
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256
    # The formats are checked, so a relative address would fail.
    assert not validator.is_valid({"uri": "/news/1/"})
    assert not validator.is_valid({"uri": f"{BASE}/news/1/", "versionCreated": "1405-09-06"})
    assert not validator.is_valid({"uri": f"{BASE}/news/1/", "headline": "an old field"})
    assert validator.is_valid({"uri": f"{BASE}/news/1/"})


def test_the_seed_story_with_photos_validates(client, seed, validator):
    document = ninjs(client, seed)
    assert list(validator.iter_errors(document)) == []
    assert nulls(document) == []
    assert document["uri"] == f"{BASE}/news/{SEED_CODE}/"
    assert document["altIds"] == [{"role": "newsCode", "value": str(SEED_CODE)}]
    assert document["standard"] == {
        "name": "ninjs",
        "version": "3.1",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
    }
    assert (document["type"], document["profile"], document["pubStatus"]) == (
        "text",
        "text-photo",
        "usable",
    )
    assert document["language"] == "fa"
    assert document["version"] == str(seed.version)
    assert document["headlines"] == [
        {"role": "main", "contentType": "text/plain", "value": seed.headline}
    ]
    (body,) = document["bodies"]
    assert (body["role"], body["contentType"], body["value"]) == ("main", "text/html", seed.body)
    assert body["wordCount"] > 100
    assert "descriptions" not in document  # the seed has no lead
    assert {(s["rel"], s["name"]) for s in document["subjects"]} == {
        ("subject", "رویداد"),
        ("subject", "الگو"),
        ("tag", "شبکه روابط عمومی"),
        ("tag", "سند راهبردی رسانه‌ای"),
        ("tag", "هم‌افزایی"),
        ("tag", "دیپلماسی علمی"),
    }
    assert document["organisations"] == [
        {
            "name": "دفتر روابط عمومی و امور بین‌الملل",
            "rel": "publisher",
            "uri": f"{BASE}/units/hq-pr/",
            "literal": "hq-pr",
        }
    ]
    assert document["genres"] == [{"name": "خبر", "literal": "news"}]


def test_photos_are_associations(client, seed, validator):
    lead, second = ninjs(client, seed)["associations"]
    media = f"{BASE}/media/stories/{seed.pk}"
    assert lead == {
        "name": "featureimage",
        "rel": "featureimage",
        "uri": f"{media}/seminar.jpg",
        "type": "picture",
        "representationType": "full",
        "headlines": [{"value": "نشست روابط عمومی‌ها"}],
        "descriptions": [{"role": "alt", "contentType": "text/plain", "value": "عکس seminar"}],
        "by": "روابط عمومی",
        "renditions": [
            {
                "name": "original",
                "href": f"{media}/seminar.jpg",
                "contentType": "image/jpeg",
                "width": 120,
                "height": 80,
            }
        ],
    }
    assert second["name"] == "image2"
    assert [r["name"] for r in second["renditions"]] == ["original", "preview", "thumbnail"]
    assert second["renditions"][1]["href"] == f"{media}/advisor-medium.jpg"
    assert "headlines" not in second


def test_dates_are_iso_8601_in_tehran_time(client, seed):
    document = ninjs(client, seed)
    for name, moment in [
        ("firstCreated", seed.first_published_at),
        ("versionCreated", seed.updated_at),
        ("contentCreated", seed.created_at),
    ]:
        assert document[name].endswith("+03:30"), name
        assert moment is not None
        assert datetime.fromisoformat(document[name]) == moment.replace(microsecond=0), name


def test_every_public_story_validates(client, net, settings, tmp_path, validator):
    settings.MEDIA_ROOT = tmp_path
    newsroom: Newsroom = build_newsroom(net)
    for story in newsroom.public:
        document = ninjs(client, story)
        assert list(validator.iter_errors(document)) == [], story.headline
        assert nulls(document) == []
    lead = ninjs(client, newsroom.lead)
    assert lead["headlines"][1] == {
        "role": "kicker",
        "contentType": "text/plain",
        "value": "بهزیستی استان تهران",
    }
    assert lead["descriptions"] == [
        {"role": "summary", "contentType": "text/plain", "value": newsroom.lead.lead}
    ]
    corrected = ninjs(client, newsroom.corrected)
    assert corrected["version"] == "3"
    assert {
        "role": "correction",
        "contentType": "text/plain",
        "value": "تاریخ جشنواره اصلاح شد.",
    } in corrected["descriptions"]
    assert ninjs(client, newsroom.english)["language"] == "en"
    assert ninjs(client, newsroom.arabic)["language"] == "ar"


def test_a_bare_story_validates(client, net, validator):
    story = StoryFactory.create(
        unit=net.kashan,
        created_by=net.isfahan_editor,
        status=Story.Status.PUBLISHED,
        kicker="",
        lead="",
        body="",
    )
    document = ninjs(client, story)
    assert list(validator.iter_errors(document)) == []
    assert document["profile"] == "text-only"
    for absent in ("descriptions", "bodies", "subjects", "associations"):
        assert absent not in document


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_a_story_that_is_not_public_is_404(client, net, settings, tmp_path, status):
    settings.MEDIA_ROOT = tmp_path
    newsroom = build_newsroom(net)
    (story,) = [s for s in newsroom.hidden if s.status == status]
    answer, data = call(client, "get", f"/public/news/{story.code}/ninjs")
    assert (answer, data["code"]) == (404, "not_found")
    # Not for its own unit's staff either.
    answer, _data = call(client, "get", f"/public/news/{story.code}/ninjs", user=net.tehran_head)
    assert answer == 404


@pytest.mark.parametrize("code", ["1", "0", "99999999999999999999999"])
def test_unknown_codes_are_404(client, seed, code):
    answer, data = call(client, "get", f"/public/news/{code}/ninjs")
    assert (answer, data["code"]) == (404, "not_found")


def test_few_queries(client, seed, django_assert_max_num_queries):
    # The story with its unit, then its subjects, tags, photos and change notes.
    with django_assert_max_num_queries(5):
        assert client.get(f"/api/v1/public/news/{seed.code}/ninjs").status_code == 200
