"""`/api/v1/directives`: the same services and scoping as the desk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamafza.network.models.directives import Directive
from hamafza.network.tests.factories_directives import pdf, recipient, sent_directive, unchanged
from hamafza.notifications.models import Notification

D = Directive
API = "/api/v1/directives"


def _json(client, method, url, payload=None):
    return getattr(client, method)(url, payload or {}, content_type="application/json")


@pytest.fixture
def hq_directive(net):
    return sent_directive(
        net.hq, [net.tehran, net.isfahan], required_action=D.RequiredAction.REPORT,
        sent_by=net.hq_editor,
    )  # fmt: skip


def test_draft_edit_conflict_and_send(net, client):
    client.force_login(net.hq_editor)
    due = (timezone.now() + timedelta(days=3)).isoformat()
    payload = {"issuer_unit": "hq", "title": "هفته ملی", "body": "متن", "due_at": due,
               "units": ["tehran", "isfahan"]}  # fmt: skip
    created = _json(client, "post", API, payload)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft"
    assert len(body["recipients"]) == 2
    pk = body["id"]
    files = client.post(f"{API}/{pk}/files", {"files": [pdf()], "version": 1})
    assert files.status_code == 201, files.content
    assert files.json()[0]["url"].endswith(f"/directives/{pk}/files/{files.json()[0]['id']}/")
    with unchanged():
        stale = _json(client, "patch", f"{API}/{pk}", {"version": 1, "title": "کهنه"})
    assert stale.status_code == 409
    assert stale.json() | {"detail": ""} == {"detail": "", "code": "conflict", "version": 2,
                                             "status": "draft"}  # fmt: skip
    edited = _json(client, "patch", f"{API}/{pk}", {"version": 2, "units": ["tehran"]})
    assert edited.status_code == 200
    assert len(edited.json()["recipients"]) == 1
    sent = _json(client, "post", f"{API}/{pk}/send", {"version": 3})
    assert sent.status_code == 200
    assert sent.json()["status"] == "sent"
    with unchanged():
        frozen = _json(client, "patch", f"{API}/{pk}", {"version": 4, "title": "x"})
    assert frozen.status_code == 400
    assert "ابلاغ شده" in frozen.json()["detail"]


def test_a_county_cannot_issue_and_a_province_stays_in_its_subtree(net, client):
    due = (timezone.now() + timedelta(days=3)).isoformat()
    client.force_login(net.shemiranat_head)
    with unchanged():
        payload = {"issuer_unit": "shemiranat", "title": "t", "body": "b", "due_at": due,
                   "units": ["tehran"]}  # fmt: skip
        refused = _json(client, "post", API, payload)
    assert refused.status_code == 403
    client.force_login(net.tehran_head)
    with unchanged():
        outside = _json(client, "post", API, {"issuer_unit": "tehran", "title": "t", "body": "b",
                                              "due_at": due, "units": ["kashan"]})  # fmt: skip
    assert outside.status_code == 400


def test_lists_for_issuer_and_recipient(net, client, hq_directive):
    client.force_login(net.tehran_reporter)
    inbox = client.get(API).json()
    assert inbox["count"] == 1
    assert inbox["unread"] == 1
    assert inbox["items"][0]["unit"]["slug"] == "tehran"
    assert inbox["items"][0]["unread"]
    assert client.get(f"{API}/issued").json()["count"] == 0
    client.force_login(net.hq_editor)
    issued = client.get(f"{API}/issued").json()
    assert issued["items"][0]["recipients"] == 2
    assert issued["items"][0]["done"] == 0
    assert client.get(API).json()["count"] == 0


def test_recipient_scoping_read_receipt_ack_report_and_replies(net, client, hq_directive):
    base = f"{API}/{hq_directive.pk}/recipients"
    client.force_login(net.tehran_head)
    detail = client.get(f"{API}/{hq_directive.pk}").json()
    assert [r["unit"]["slug"] for r in detail["recipients"]] == ["tehran"]
    assert client.get(f"{base}/isfahan").status_code == 404
    assert client.get(f"{base}/isfahan/replies").status_code == 404
    opened = client.get(f"{base}/tehran").json()
    assert opened["state"] == "read"
    assert opened["read_by"] == "tehran.head"
    assert client.post(f"{base}/tehran/acknowledge").json()["state"] == "acknowledged"
    with unchanged():
        assert client.post(f"{base}/tehran/report", {"text": ""}).status_code in (400, 422)
    reported = client.post(f"{base}/tehran/report", {"text": "انجام شد", "files": [pdf()]})
    assert reported.status_code == 200, reported.content
    assert reported.json()["done"]
    assert len(reported.json()["report_files"]) == 1
    reply = _json(client, "post", f"{base}/tehran/replies", {"body": "گزارش فرستاده شد"})
    assert reply.status_code == 201
    assert not reply.json()["from_issuer"]
    client.force_login(net.isfahan_head)
    with unchanged():
        assert client.get(f"{base}/tehran").status_code == 404
        assert _json(client, "post", f"{base}/tehran/replies", {"body": "x"}).status_code == 404
    client.force_login(net.hq_editor)
    statuses = client.get(base).json()
    assert {r["unit"]["slug"]: r["state"] for r in statuses} == {
        "tehran": "reported", "isfahan": "unread",
    }  # fmt: skip
    assert client.get(f"{base}/tehran/replies").json()[0]["body"] == "گزارش فرستاده شد"
    assert client.post(f"{API}/{hq_directive.pk}/remind").json() == {"reminded": 1}
    assert Notification.objects.filter(kind="network.directives.reminder").count() == 2


def test_overdue_and_outsider(net, client):
    late = sent_directive(net.hq, [net.tehran], due_at=timezone.now() - timedelta(hours=3))
    client.force_login(net.hq_editor)
    overdue = client.get(f"{API}/overdue").json()
    assert [(r["directive"]["id"], r["unit"]["slug"], r["overdue"]) for r in overdue] == [
        (late.pk, "tehran", True)
    ]
    client.force_login(net.outsider)
    assert client.get(API).status_code == 403
    assert client.get(f"{API}/{late.pk}").status_code == 403
    assert recipient(late, net.tehran).read_at is None


def test_schema_names_are_prefixed(net, client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    mine = [name for name in schemas if "Directive" in name]
    assert mine
    assert all(name.startswith("Directive") for name in mine)


def test_a_report_without_files(net, client, hq_directive):
    client.force_login(net.isfahan_editor)
    url = f"{API}/{hq_directive.pk}/recipients/isfahan/report"
    reported = client.post(url, {"text": "انجام شد"})
    assert reported.status_code == 200, reported.content
    assert reported.json()["state"] == "reported"
    assert reported.json()["report_files"] == []
