"""`/api/v1/stories` with personas: what each may do, what each is refused (and that a refusal
changes nothing), optimistic locking (409), scoping (404, in lists and counts too), and that
every response fits the OpenAPI document. The full role × unit × operation matrix is in
``test_api_matrix.py``."""

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.newsroom.models import ChangeNote, EditorialNote, Story, StoryRevision
from hamafza.newsroom.tests.factories import EditorialNoteFactory, StoryFactory, unchanged
from hamafza.notifications.models import Notification
from hamafza.org.tests.factories import UserFactory
from hamafza.org.tests.test_api import API, call, openapi

S = Story.Status
NOTE = "آمار را از منبع رسمی بیاورید."

# Every story operation, as the OpenAPI document names it. test_api_matrix.py checks each of
# them for every role; this list pins the public surface.
STORY_OPERATIONS = {
    ("get", "/stories"),
    ("post", "/stories"),
    ("get", "/stories/{story_id}"),
    ("patch", "/stories/{story_id}"),
    ("delete", "/stories/{story_id}"),
    *(
        ("post", f"/stories/{{story_id}}/{name}")
        for name in [
            "submit",
            "return",
            "approve",
            "schedule",
            "unschedule",
            "publish",
            "force_publish",
            "unpublish",
            "archive",
            "spike",
            "restore",
            "retro_approve",
            "request_feature",
            "feature",
            "decline_feature",
            "unfeature",
            "republish",
        ]
    ),
    ("get", "/stories/{story_id}/revisions"),
    ("get", "/stories/{story_id}/revisions/{version}"),
    ("post", "/stories/{story_id}/revisions/{version}/restore"),
    ("get", "/stories/{story_id}/notes"),
    ("post", "/stories/{story_id}/notes"),
}


def refused(client: Client, method: str, path: str, body: Any = None, *, user: Any = None) -> int:
    """The request's error status (as ``user``, or whoever is logged in), asserting it changed
    nothing in the newsroom, the audit log or the notifications."""
    with unchanged():
        status, _data = call(client, method, path, body, user=user)
    assert status >= 400
    return status


def story_of(net: Any, unit: str = "tehran", status: str = S.DRAFT, **kwargs: Any) -> Story:
    """A story of ``unit`` written by that unit's reporter (or editor where it has none)."""
    authors = {
        "tehran": net.tehran_reporter,
        "shemiranat": net.shemiranat_reporter,
        "isfahan": net.isfahan_editor,
        "hq_pr": net.hq_editor,
        "neyshabur": net.khorasan_video,
    }
    kwargs.setdefault("created_by", authors[unit])
    return StoryFactory.create(unit=getattr(net, unit), status=status, **kwargs)


def _ids(data: dict[str, Any]) -> set[int]:
    return {item["id"] for item in data["items"]}


# --- The OpenAPI document ------------------------------------------------------------------


def test_openapi_document_lists_every_story_operation(client, net):
    doc = openapi(client)
    listed = {
        (method, path.removeprefix(API))
        for path, operations in doc["paths"].items()
        for method in operations
        if path.startswith(f"{API}/stories")
    }
    assert listed == STORY_OPERATIONS


def test_openapi_operations_declare_their_errors(client, net):
    doc = openapi(client)
    for method, path in STORY_OPERATIONS:
        responses = set(doc["paths"][API + path][method]["responses"])
        assert {"401", "403"} <= responses, (method, path)
        if "{story_id}" in path:
            assert "404" in responses, (method, path)
        if method in {"post", "patch"} and "version" in _body_fields(doc, method, path):
            assert "409" in responses, (method, path)


def _body_fields(doc: dict[str, Any], method: str, path: str) -> set[str]:
    body = doc["paths"][API + path][method].get("requestBody")
    if body is None:
        return set()
    schema = body["content"]["application/json"]["schema"]
    schema = next((s for s in schema.get("anyOf", [schema]) if "$ref" in s), schema)
    name = schema["$ref"].rsplit("/", 1)[-1]
    return set(doc["components"]["schemas"][name]["properties"])


# --- List ----------------------------------------------------------------------------------


def test_list_shape_and_output_fields(client, net):
    story = story_of(net, subjects=["event"], domains=["extra_agency"], tags=["توانبخشی"])
    status, data = call(client, "get", "/stories", user=net.tehran_viewer)
    assert status == 200
    assert (data["count"], data["page"], data["page_size"]) == (1, 1, 20)
    item = data["items"][0]
    assert item["id"] == story.pk
    assert item["unit"] == {"slug": "tehran", "name": "استان تهران"}
    assert (item["status"], item["version"], item["code"]) == ("draft", 1, None)
    assert (item["subjects"], item["domains"], item["tags"]) == (
        ["event"],
        ["extra_agency"],
        ["توانبخشی"],
    )
    assert item["authors"] == ["tehran.reporter"]
    assert (item["origin"], item["republications"], item["change_notes"]) == (None, [], [])


def test_list_unit_filter_includes_units_below(client, net):
    tehran, county = story_of(net), story_of(net, "shemiranat")
    published_elsewhere = story_of(net, "isfahan", S.PUBLISHED)
    _status, data = call(client, "get", "/stories?unit=tehran", user=net.tehran_editor)
    assert _ids(data) == {tehran.pk, county.pk}
    _status, data = call(client, "get", "/stories?unit=shemiranat", user=net.tehran_editor)
    assert _ids(data) == {county.pk}
    _status, data = call(client, "get", "/stories?unit=isfahan", user=net.tehran_editor)
    assert _ids(data) == {published_elsewhere.pk}


def test_list_filters(client, net):
    draft = story_of(net, kind=Story.Kind.REPORT, subjects=["need"])
    published = story_of(net, status=S.PUBLISHED, headline="افتتاح مرکز توانبخشی در ری")
    lead_match = story_of(net, lead="گزارشی از مرکز توانبخشی شمیرانات")
    user = net.tehran_editor
    assert _ids(call(client, "get", "/stories?status=published", user=user)[1]) == {published.pk}
    assert _ids(call(client, "get", "/stories?kind=report", user=user)[1]) == {draft.pk}
    assert _ids(call(client, "get", "/stories?subject=need", user=user)[1]) == {draft.pk}
    found = call(client, "get", "/stories?q=مرکز%20توانبخشی", user=user)[1]
    assert _ids(found) == {published.pk, lead_match.pk}


def test_list_pagination(client, net):
    stories = [story_of(net) for _ in range(5)]
    Story.objects.filter(pk__in=[s.pk for s in stories]).update(updated_at=timezone.now())
    _status, first = call(client, "get", "/stories?page_size=2", user=net.tehran_editor)
    _status, third = call(client, "get", "/stories?page=3&page_size=2", user=net.tehran_editor)
    _status, past = call(client, "get", "/stories?page=4&page_size=2", user=net.tehran_editor)
    assert (first["count"], len(first["items"]), len(third["items"]), past["items"]) == (
        5,
        2,
        1,
        [],
    )
    newest_first = sorted(stories, key=lambda s: s.pk, reverse=True)
    assert [item["id"] for item in first["items"]] == [s.pk for s in newest_first[:2]]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=0", 422),
        ("page_size=0", 422),
        ("page_size=101", 422),
        ("status=lost", 422),
        ("kind=poem", 422),
        ("subject=gossip", 422),
        ("unit=nowhere", 400),
    ],
)
def test_list_bad_filters(client, net, query, status):
    assert refused(client, "get", f"/stories?{query}", user=net.tehran_editor) == status


def test_list_page_size_100_allowed(client, net):
    status, data = call(client, "get", "/stories?page_size=100", user=net.tehran_editor)
    assert (status, data["page_size"]) == (200, 100)


def _add_stories(net: Any, count: int) -> None:
    for _ in range(count):
        story = story_of(net, subjects=["event", "need"], domains=["pr_network"], tags=["الف"])
        story.authors.add(net.tehran_editor)
        ChangeNote.objects.create(story=story, note="اصلاح", author=net.tehran_editor)
        StoryFactory.create(
            unit=net.isfahan, created_by=net.isfahan_editor, status=S.DRAFT, origin=story
        )


def test_list_query_count_does_not_grow_with_stories(client, net, django_assert_max_num_queries):
    client.force_login(net.tehran_editor)
    url = f"{API}/stories?page_size=100"
    _add_stories(net, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_stories(net, 30)
    # Session, user, access (memberships, unit tree), the page, seven prefetches and the count.
    with django_assert_max_num_queries(min(len(few), 13)):
        response = client.get(url)
    assert response.json()["count"] == 32


# --- Scoping: another unit's unpublished story does not exist ------------------------------


def test_another_units_draft_is_invisible_in_list_count_and_detail(client, net):
    draft = story_of(net)
    _status, data = call(client, "get", "/stories", user=net.isfahan_editor)
    assert (data["count"], data["items"]) == (0, [])
    _status, data = call(client, "get", "/stories?unit=tehran", user=net.isfahan_editor)
    assert data["count"] == 0
    status, missing = call(client, "get", f"/stories/{draft.pk}", user=net.isfahan_editor)
    _status, nonexistent = call(client, "get", "/stories/999999", user=net.isfahan_editor)
    assert status == 404
    assert missing == nonexistent  # the same answer: nothing confirms the draft exists


def test_units_above_see_the_drafts_below(client, net):
    draft = story_of(net, "shemiranat")
    for user in (net.tehran_viewer, net.tehran_editor, net.shemiranat_head):
        assert call(client, "get", f"/stories/{draft.pk}", user=user)[0] == 200
    assert call(client, "get", f"/stories/{draft.pk}", user=net.hq_editor)[0] == 404


def test_isfahan_sees_and_republishes_a_tehran_story_once_published(client, net):
    story = story_of(net)
    client.force_login(net.tehran_reporter)
    version = call(client, "post", f"/stories/{story.pk}/submit", {})[1]["version"]
    assert (
        refused(client, "post", f"/stories/{story.pk}/republish", {}, user=net.isfahan_editor)
        == 404
    )
    call(
        client, "post", f"/stories/{story.pk}/approve", {"version": version}, user=net.tehran_editor
    )
    call(client, "post", f"/stories/{story.pk}/publish", {}, user=net.tehran_editor)

    status, seen = call(client, "get", f"/stories/{story.pk}", user=net.isfahan_editor)
    assert (status, seen["status"]) == (200, "published")
    listed = call(client, "get", "/stories?unit=tehran", user=net.isfahan_editor)[1]
    assert _ids(listed) == {story.pk}

    status, copy = call(
        client, "post", f"/stories/{story.pk}/republish", {}, user=net.isfahan_editor
    )
    assert status == 201
    assert (copy["status"], copy["unit"]["slug"], copy["authors"]) == (
        "draft",
        "isfahan",
        ["isfahan.editor"],
    )
    assert copy["origin"] == {"id": story.pk, "unit": {"slug": "tehran", "name": "استان تهران"}}
    assert copy["headline"] == story.headline
    # The original lists the copy for those who may see it: Isfahan, not Tehran (a draft).
    original = call(client, "get", f"/stories/{story.pk}", user=net.isfahan_editor)[1]
    assert [r["id"] for r in original["republications"]] == [copy["id"]]
    original = call(client, "get", f"/stories/{story.pk}", user=net.tehran_editor)[1]
    assert original["republications"] == []


def test_republish_into_a_named_unit(client, net):
    story = story_of(net, "isfahan", S.PUBLISHED)
    body = {"unit": "shemiranat"}
    status, copy = call(
        client, "post", f"/stories/{story.pk}/republish", body, user=net.tehran_editor
    )
    assert (status, copy["unit"]["slug"]) == (201, "shemiranat")


@pytest.mark.parametrize(
    ("persona", "body", "status"),
    [
        ("tehran_editor", {}, 400),  # its own unit's story
        ("isfahan_editor", {"unit": "tehran"}, 403),
        ("isfahan_editor", {"unit": "nowhere"}, 400),
        ("tehran_viewer", {}, 404),  # a draft
    ],
)
def test_republish_refused(client, net, persona, body, status):
    story = story_of(net, status=S.PUBLISHED if status != 404 else S.DRAFT)
    if persona == "tehran_viewer":
        story = story_of(net, "isfahan")
    path = f"/stories/{story.pk}/republish"
    assert refused(client, "post", path, body, user=getattr(net, persona)) == status


# --- Create --------------------------------------------------------------------------------


def test_create_defaults_to_the_creators_unit(client, net):
    body = {
        "headline": "  همایش   ملی توانمندی‌ها ",
        "body": '<p dir="rtl">متن<script>alert(1)</script><a href="javascript:x()">پیوند</a></p>',
        "kicker": "بهزیستی",
        "lead": "لید",
        "kind": "report",
        "language": "fa",
        "subjects": ["capability", "event"],
        "domains": ["extra_agency"],
        "tags": ["همایش", "همایش"],
    }
    status, data = call(client, "post", "/stories", body, user=net.tehran_reporter)
    assert status == 201
    story = Story.objects.get(pk=data["id"])
    assert (data["version"], data["status"], data["unit"]["slug"]) == (1, "draft", "tehran")
    assert data["headline"] == "همایش ملی توانمندی‌ها"
    assert "script" not in data["body"]
    assert "javascript" not in data["body"]
    assert 'dir="rtl"' in data["body"]
    assert (data["subjects"], data["tags"], data["authors"]) == (
        ["capability", "event"],
        ["همایش"],
        ["tehran.reporter"],
    )
    assert story.created_by == net.tehran_reporter
    assert StoryRevision.objects.filter(story=story).count() == 1
    assert AuditEntry.objects.filter(action="newsroom.story.create").count() == 1


def test_create_for_a_unit_below(client, net):
    body = {"headline": "خبر شهرستان", "unit": "shemiranat"}
    status, data = call(client, "post", "/stories", body, user=net.tehran_editor)
    assert (status, data["unit"]["slug"]) == (201, "shemiranat")


def test_create_minimal(client, net):
    status, data = call(client, "post", "/stories", {"headline": "خبر"}, user=net.hq_editor)
    assert (status, data["unit"]["slug"], data["kind"], data["language"]) == (
        201,
        "hq-pr",
        "news",
        "fa",
    )


@pytest.mark.parametrize(
    ("persona", "body", "status"),
    [
        ("tehran_viewer", {}, 403),
        ("outsider", {}, 403),
        ("tehran_reporter", {"unit": "isfahan"}, 403),
        ("tehran_reporter", {"unit": "shemiranat"}, 403),  # reporters write for their own
        ("tehran_reporter", {"unit": "nowhere"}, 400),
        ("tehran_reporter", {"headline": "   "}, 400),
        ("tehran_reporter", {"headline": "ت" * 301}, 400),
        ("tehran_reporter", {"kind": "poem"}, 422),
        ("tehran_reporter", {"language": "de"}, 422),
        ("tehran_reporter", {"subjects": ["gossip"]}, 422),
        ("tehran_reporter", {"tags": [f"t{n}" for n in range(21)]}, 400),
    ],
)
def test_create_refused(client, net, persona, body, status):
    payload = {"headline": "خبر", **body}
    assert refused(client, "post", "/stories", payload, user=getattr(net, persona)) == status


def test_create_without_headline_is_422(client, net):
    assert refused(client, "post", "/stories", {"body": "x"}, user=net.tehran_reporter) == 422


def test_anonymous_is_unauthenticated(client, net):
    story = story_of(net, status=S.PUBLISHED)
    with unchanged():
        status, data = call(client, "get", f"/stories/{story.pk}")
    assert (status, data["code"]) == (401, "unauthenticated")


# --- Read ----------------------------------------------------------------------------------


def test_detail(client, net):
    story = story_of(net, status=S.PUBLISHED)
    status, data = call(client, "get", f"/stories/{story.pk}", user=net.khorasan_video)
    assert (status, data["id"], data["code"]) == (200, story.pk, story.code)
    assert data["published_at"] is not None


def test_detail_of_an_outsider_is_403(client, net):
    story = story_of(net, status=S.PUBLISHED)
    assert refused(client, "get", f"/stories/{story.pk}", user=net.outsider) == 403


# --- Update and optimistic locking ---------------------------------------------------------


def test_update_saves_only_what_was_sent(client, net):
    story = story_of(net, lead="لید اول")
    body = {"version": 1, "headline": "تیتر تازه", "tags": ["الف", "ب"]}
    status, data = call(client, "patch", f"/stories/{story.pk}", body, user=net.tehran_reporter)
    assert status == 200
    assert (data["version"], data["headline"], data["lead"], data["tags"]) == (
        2,
        "تیتر تازه",
        "لید اول",
        ["الف", "ب"],
    )
    assert StoryRevision.objects.filter(story=story).count() == 2


def test_stale_update_is_409_with_the_current_story_and_changes_nothing(client, net):
    story = story_of(net)
    path = f"/stories/{story.pk}"
    call(client, "patch", path, {"version": 1, "headline": "نسخه ویراستار"}, user=net.tehran_editor)
    with unchanged():
        status, data = call(
            client, "patch", path, {"version": 1, "headline": "نسخه خبرنگار"},
            user=net.tehran_reporter,
        )  # fmt: skip
    assert (status, data["code"]) == (409, "conflict")
    assert re.search("[\u0600-\u06ff]", data["detail"])
    assert (data["current"]["version"], data["current"]["headline"]) == (2, "نسخه ویراستار")
    assert Story.objects.get(pk=story.pk).headline == "نسخه ویراستار"


def test_stale_update_is_409_even_after_the_story_moved_on(client, net):
    """The reporter's editor opened v1; the desk published it meanwhile. The client learns of
    the conflict (and gets the story as it is), not merely that it may no longer edit."""
    story = story_of(net, status=S.PUBLISHED)
    Story.objects.filter(pk=story.pk).update(version=3)
    body = {"version": 1, "headline": "x"}
    status = refused(client, "patch", f"/stories/{story.pk}", body, user=net.tehran_reporter)
    assert status == 409


def test_update_without_version_is_422(client, net):
    story = story_of(net)
    body = {"headline": "x"}
    assert refused(client, "patch", f"/stories/{story.pk}", body, user=net.tehran_reporter) == 422


def test_correcting_a_published_story_needs_a_change_note(client, net):
    story = story_of(net, status=S.PUBLISHED)
    path = f"/stories/{story.pk}"
    body = {"version": 1, "lead": "لید اصلاح‌شده"}
    assert refused(client, "patch", path, body, user=net.tehran_editor) == 400
    body["change_note"] = "آمار شرکت‌کنندگان اصلاح شد."
    status, data = call(client, "patch", path, body, user=net.tehran_editor)
    assert (status, data["status"], data["lead"]) == (200, "corrected", "لید اصلاح‌شده")
    assert [n["note"] for n in data["change_notes"]] == ["آمار شرکت‌کنندگان اصلاح شد."]
    assert data["change_notes"][0]["author"] == "tehran.editor"


@pytest.mark.parametrize(
    ("persona", "status_", "code"),
    [
        ("tehran_viewer", S.DRAFT, 403),
        ("tehran_reporter", S.SUBMITTED, 403),  # out of the author's hands once submitted
        ("tehran_reporter", S.PUBLISHED, 403),
        ("isfahan_editor", S.DRAFT, 404),
        ("isfahan_editor", S.PUBLISHED, 403),
        ("outsider", S.DRAFT, 403),
    ],
)
def test_update_refused(client, net, persona, status_, code):
    story = story_of(net, status=status_)
    body = {"version": 1, "headline": "x", "change_note": "y"}
    path = f"/stories/{story.pk}"
    assert refused(client, "patch", path, body, user=getattr(net, persona)) == code


@pytest.mark.parametrize(
    "body", [{"headline": ""}, {"kind": "poem"}, {"headline": "ت" * 1001}, {"tags": "ab"}]
)
def test_update_bad_input_changes_nothing(client, net, body):
    story = story_of(net)
    path = f"/stories/{story.pk}"
    status = refused(client, "patch", path, {"version": 1, **body}, user=net.tehran_reporter)
    assert status in {400, 422}


# --- Delete --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["tehran_reporter", "tehran_editor", "tehran_head"])
def test_delete_a_draft(client, net, persona):
    story = story_of(net)
    status, _data = call(client, "delete", f"/stories/{story.pk}", user=getattr(net, persona))
    assert status == 204
    assert not Story.objects.filter(pk=story.pk).exists()


@pytest.mark.parametrize(
    ("persona", "status_", "code"),
    [
        ("tehran_viewer", S.DRAFT, 403),
        ("tehran_editor", S.PUBLISHED, 403),
        ("tehran_editor", S.UNPUBLISHED, 403),  # it had a news code: never deleted
        ("isfahan_editor", S.DRAFT, 404),
    ],
)
def test_delete_refused(client, net, persona, status_, code):
    story = story_of(net, status=status_)
    path = f"/stories/{story.pk}"
    assert refused(client, "delete", path, user=getattr(net, persona)) == code


def test_delete_by_another_reporter_of_the_unit_is_refused(client, net):
    colleague = UserFactory.create(username="tehran.reporter2")
    colleague.memberships.create(unit=net.tehran, role="reporter")
    story = story_of(net)
    assert refused(client, "delete", f"/stories/{story.pk}", user=colleague) == 403


# --- The workflow --------------------------------------------------------------------------


def test_draft_submit_return_resubmit_approve_publish(client, net):
    status, story = call(
        client, "post", "/stories", {"headline": "خبر تازه"}, user=net.tehran_reporter
    )
    path = f"/stories/{story['id']}"
    status, story = call(client, "post", f"{path}/submit", {"version": story["version"]})
    assert (status, story["status"]) == (200, "submitted")

    client.force_login(net.tehran_editor)
    body = {"version": story["version"], "note": NOTE}
    status, story = call(client, "post", f"{path}/return", body)
    assert (status, story["status"]) == (200, "returned")
    assert Notification.objects.filter(
        recipient=net.tehran_reporter, kind="newsroom.story.return"
    ).exists()

    client.force_login(net.tehran_reporter)
    body = {"version": story["version"], "headline": "خبر تازه، اصلاح‌شده"}
    status, story = call(client, "patch", path, body)
    status, story = call(client, "post", f"{path}/submit", {"version": story["version"]})
    assert story["status"] == "submitted"

    client.force_login(net.tehran_editor)
    status, story = call(client, "post", f"{path}/approve", {"version": story["version"]})
    assert (status, story["status"]) == (200, "approved")
    status, story = call(client, "post", f"{path}/publish", {"version": story["version"]})
    assert (status, story["status"]) == (200, "published")
    assert story["code"] is not None
    assert story["published_at"] == story["first_published_at"]
    actions = AuditEntry.objects.filter(object_id=str(story["id"])).values_list("action", flat=True)
    assert list(actions.order_by("id")) == [
        "newsroom.story.create",
        "newsroom.story.submit",
        "newsroom.story.return",
        "newsroom.story.update",
        "newsroom.story.submit",
        "newsroom.story.approve",
        "newsroom.story.publish",
    ]


def test_transition_without_a_body(client, net):
    story = story_of(net)
    client.force_login(net.tehran_reporter)
    response = client.post(
        f"{API}/stories/{story.pk}/submit", data=b"", content_type="application/json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "submitted")


def test_stale_transition_is_409_and_changes_nothing(client, net):
    story = story_of(net, status=S.SUBMITTED)
    path = f"/stories/{story.pk}"
    call(client, "patch", path, {"version": 1, "lead": "تازه"}, user=net.tehran_editor)
    with unchanged():
        status, data = call(client, "post", f"{path}/approve", {"version": 1})
    assert (status, data["code"], data["current"]["version"]) == (409, "conflict", 2)
    assert Story.objects.get(pk=story.pk).status == S.SUBMITTED


def test_two_person_rule_the_author_may_not_approve(client, net):
    story = story_of(net, status=S.SUBMITTED, created_by=net.tehran_editor)
    path = f"/stories/{story.pk}/approve"
    assert refused(client, "post", path, {}, user=net.tehran_editor) == 400
    status, data = call(client, "post", path, {}, user=net.tehran_head)
    assert (status, data["status"]) == (200, "approved")


def test_a_co_author_may_not_approve_either(client, net):
    story = story_of(net, status=S.SUBMITTED)
    story.authors.add(net.tehran_head)
    assert refused(client, "post", f"/stories/{story.pk}/approve", {}, user=net.tehran_head) == 400


@pytest.mark.parametrize(
    ("name", "status_", "body", "code"),
    [
        ("return", S.SUBMITTED, {}, 400),  # a note is required
        ("unpublish", S.PUBLISHED, {"note": "  "}, 400),
        ("publish", S.DRAFT, {}, 400),  # not from a draft
        ("approve", S.APPROVED, {}, 400),
        ("schedule", S.APPROVED, {"when": "2001-01-01T10:00:00+03:30"}, 400),  # the past
        ("schedule", S.APPROVED, {}, 422),
        ("schedule", S.APPROVED, {"when": "فردا"}, 422),
        ("submit", S.DRAFT, {"version": "one"}, 422),
    ],
)
def test_transition_bad_input_changes_nothing(client, net, name, status_, body, code):
    story = story_of(net, status=status_)
    path = f"/stories/{story.pk}/{name}"
    assert refused(client, "post", path, body, user=net.tehran_head) == code


def test_schedule_and_unschedule(client, net):
    story = story_of(net, status=S.APPROVED)
    path = f"/stories/{story.pk}"
    when = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    body = {"version": 1, "when": when.isoformat()}
    status, data = call(client, "post", f"{path}/schedule", body, user=net.tehran_editor)
    assert (status, data["status"]) == (200, "scheduled")
    assert datetime.fromisoformat(data["scheduled_for"]) == when
    status, data = call(client, "post", f"{path}/unschedule", {"version": 2})
    assert (status, data["status"], data["scheduled_for"]) == (200, "approved", None)


def test_schedule_without_a_time_zone_means_tehran_time(client, net):
    story = story_of(net, status=S.APPROVED)
    local = (timezone.now() + timedelta(days=2)).astimezone(ZoneInfo("Asia/Tehran"))
    naive = local.replace(tzinfo=None, microsecond=0).isoformat()
    path = f"/stories/{story.pk}/schedule"
    call(client, "post", path, {"when": naive}, user=net.tehran_editor)
    assert Story.objects.get(pk=story.pk).scheduled_for == local.replace(microsecond=0)


def test_force_publish_then_retro_approval_by_another_editor(client, net):
    story = story_of(net)
    path = f"/stories/{story.pk}"
    body = {"note": "خبر فوری"}
    assert refused(client, "post", f"{path}/force_publish", body, user=net.tehran_editor) == 403
    status, data = call(client, "post", f"{path}/force_publish", body, user=net.tehran_head)
    assert (status, data["status"], data["needs_retro_approval"]) == (200, "published", True)
    assert refused(client, "post", f"{path}/retro_approve", {}, user=net.tehran_head) == 400
    assert refused(client, "post", f"{path}/retro_approve", {}, user=net.tehran_reporter) == 403
    assert (
        refused(client, "post", f"{path}/retro_approve", {"version": 1}, user=net.tehran_editor)
        == 409
    )
    status, data = call(client, "post", f"{path}/retro_approve", {}, user=net.tehran_editor)
    assert (status, data["needs_retro_approval"]) == (200, False)
    assert refused(client, "post", f"{path}/retro_approve", {}, user=net.tehran_editor) == 400


def test_spike_and_restore(client, net):
    story = story_of(net)
    path = f"/stories/{story.pk}"
    status, data = call(client, "post", f"{path}/spike", {}, user=net.tehran_reporter)
    assert (status, data["status"]) == (200, "spiked")
    status, data = call(client, "post", f"{path}/restore", {})
    assert (status, data["status"]) == (200, "draft")


def test_unpublish_and_archive(client, net):
    story = story_of(net, status=S.PUBLISHED)
    path = f"/stories/{story.pk}"
    status, data = call(client, "post", f"{path}/unpublish", {"note": NOTE}, user=net.tehran_editor)
    assert (status, data["status"]) == (200, "unpublished")
    assert call(client, "get", path, user=net.isfahan_editor)[0] == 404
    status, data = call(client, "post", f"{path}/archive", {}, user=net.tehran_editor)
    assert (status, data["status"]) == (200, "archived")


# --- The national front page ---------------------------------------------------------------


def test_feature_request_then_hq_decides(client, net):
    story = story_of(net, status=S.PUBLISHED)
    path = f"/stories/{story.pk}"
    assert refused(client, "post", f"{path}/request_feature", {}, user=net.hq_editor) == 403
    status, data = call(client, "post", f"{path}/request_feature", {}, user=net.tehran_editor)
    assert (status, data["feature"]) == (200, "requested")
    assert refused(client, "post", f"{path}/feature", {}, user=net.tehran_head) == 403
    status, data = call(client, "post", f"{path}/feature", {}, user=net.hq_editor)
    assert (status, data["feature"]) == (200, "featured")
    status, data = call(client, "post", f"{path}/unfeature", {"version": data["version"]})
    assert (status, data["feature"]) == (200, "")


def test_feature_decline_and_stale_version(client, net):
    story = story_of(net, status=S.PUBLISHED, feature=Story.Feature.REQUESTED)
    path = f"/stories/{story.pk}"
    assert (
        refused(client, "post", f"{path}/decline_feature", {"version": 7}, user=net.hq_editor)
        == 409
    )
    status, data = call(client, "post", f"{path}/decline_feature", {"note": "تکراری"})
    assert (status, data["feature"]) == (200, "declined")


def test_feature_of_a_draft_is_refused(client, net):
    story = story_of(net)
    path = f"/stories/{story.pk}/request_feature"
    assert refused(client, "post", path, {}, user=net.tehran_editor) == 400
    assert refused(client, "post", path, {}, user=net.isfahan_editor) == 404


# --- Revisions -----------------------------------------------------------------------------


def test_revisions_list_detail_and_restore(client, net):
    story = story_of(net, headline="تیتر نخست")
    path = f"/stories/{story.pk}"
    client.force_login(net.tehran_reporter)
    call(client, "patch", path, {"version": 1, "headline": "تیتر دوم"})
    status, revisions = call(client, "get", f"{path}/revisions")
    assert status == 200
    assert [(r["version"], r["author"]) for r in revisions] == [
        (2, "tehran.reporter"),
        (1, "tehran.reporter"),
    ]
    status, first = call(client, "get", f"{path}/revisions/1")
    assert (status, first["data"]["headline"]) == (200, "تیتر نخست")

    body = {"version": 2}
    status, restored = call(client, "post", f"{path}/revisions/1/restore", body)
    assert (status, restored["headline"], restored["version"]) == (200, "تیتر نخست", 3)
    assert StoryRevision.objects.filter(story=story).count() == 3
    # Restoring from an out-of-date version is a conflict like any other save.
    assert (
        refused(client, "post", f"{path}/revisions/2/restore", body, user=net.tehran_reporter)
        == 409
    )


def test_revision_unknown_is_404(client, net):
    story = story_of(net)
    path = f"/stories/{story.pk}/revisions/9"
    assert refused(client, "get", path, user=net.tehran_editor) == 404
    assert refused(client, "post", f"{path}/restore", {"version": 1}) == 404


def test_restore_a_revision_of_a_published_story_is_a_correction(client, net):
    story = story_of(net, status=S.PUBLISHED)
    path = f"/stories/{story.pk}/revisions/1/restore"
    assert refused(client, "post", path, {"version": 1}, user=net.tehran_editor) == 400
    body = {"version": 1, "change_note": "بازگشت به متن نخست"}
    status, data = call(client, "post", path, body)
    assert (status, data["status"]) == (200, "corrected")


def test_revisions_are_for_the_owning_units_desk(client, net):
    story = story_of(net, status=S.PUBLISHED)
    for suffix in ("revisions", "revisions/1", "notes"):
        path = f"/stories/{story.pk}/{suffix}"
        assert call(client, "get", path, user=net.tehran_viewer)[0] == 200
        assert refused(client, "get", path, user=net.isfahan_editor) == 403
        assert refused(client, "get", path, user=net.hq_editor) == 403
    draft = story_of(net)
    assert refused(client, "get", f"/stories/{draft.pk}/revisions", user=net.isfahan_editor) == 404


# --- Editorial notes -----------------------------------------------------------------------


def test_notes_add_and_list(client, net):
    story = story_of(net, status=S.SUBMITTED)
    EditorialNoteFactory.create(story=story, author=net.tehran_reporter, body="نخست")
    path = f"/stories/{story.pk}/notes"
    status, note = call(client, "post", path, {"body": "  منبع؟  "}, user=net.tehran_editor)
    assert (status, note["author"], note["body"]) == (201, "tehran.editor", "منبع؟")
    assert Notification.objects.filter(
        recipient=net.tehran_reporter, kind="newsroom.story.note"
    ).exists()
    status, notes = call(client, "get", path, user=net.tehran_viewer)
    assert (status, [n["body"] for n in notes]) == (200, ["نخست", "منبع؟"])


@pytest.mark.parametrize(
    ("persona", "status_", "body", "code"),
    [
        ("tehran_editor", S.DRAFT, {"body": "   "}, 400),
        ("tehran_editor", S.DRAFT, {"body": "ی" * 4001}, 400),
        ("tehran_editor", S.DRAFT, {}, 422),
        ("isfahan_editor", S.DRAFT, {"body": "x"}, 404),
        ("isfahan_editor", S.PUBLISHED, {"body": "x"}, 403),
        ("outsider", S.DRAFT, {"body": "x"}, 403),
    ],
)
def test_notes_add_refused(client, net, persona, status_, body, code):
    story = story_of(net, status=status_)
    path = f"/stories/{story.pk}/notes"
    assert refused(client, "post", path, body, user=getattr(net, persona)) == code
    assert not EditorialNote.objects.exists()
