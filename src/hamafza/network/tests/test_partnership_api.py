"""`/api/v1/partnership`: the same rules and scoping as the desk, typed errors, 409 on stale."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hamafza.config.api import api
from hamafza.network.models.partnership import BulletinDelivery, JointActivity
from hamafza.network.services.partnership import bulletin_deliveries_send
from hamafza.network.tests.factories_partnership import (
    bulletin,
    joint_activity,
    partner,
    partnership_state,
    published_story,
)
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.org.models import Partner

pytestmark = pytest.mark.django_db

BASE = "/api/v1/partnership"


def test_the_openapi_document_names_the_schemas():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    for name in ("JointActivityOut", "JointActivityIn", "BulletinOut", "BulletinIssueOut"):
        assert name in schemas
    paths = api.get_openapi_schema()["paths"]
    assert f"{BASE}/activities" in paths
    assert f"{BASE}/bulletins/{{pk}}/issue" in paths


def test_record_read_filter_and_change(net, client):
    relief = partner(net.hq, "کمیته امداد", Partner.Kind.AGENCY)
    story = published_story(net.tehran, net.tehran_editor)
    client.force_login(net.tehran_head)
    created = client.post(
        f"{BASE}/activities",
        {
            "unit": "tehran",
            "title": "نشست مشترک با کمیته امداد",
            "occurred_on": str(timezone.localdate() - timedelta(days=2)),
            "domain": "inter_agency",
            "partners": [relief.pk],
            "other_units": ["isfahan"],
            "stories": [story.pk],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["unit"]["slug"] == "tehran"
    assert body["version"] == 1
    assert [u["slug"] for u in body["other_units"]] == ["isfahan"]
    assert body["stories"][0]["code"] == story.code
    pk = body["id"]

    client.force_login(net.khorasan_video)
    listed = client.get(f"{BASE}/activities", {"partner": relief.pk, "domain": "inter_agency"})
    assert listed.status_code == 200
    assert listed.json()["count"] == 1
    assert client.get(f"{BASE}/activities", {"domain": "intra_agency"}).json()["count"] == 0
    assert client.get(f"{BASE}/activities", {"unit": "isfahan"}).json()["count"] == 1
    assert client.get(f"{BASE}/activities", {"domain": "nope"}).status_code == 400
    assert client.get(f"{BASE}/activities", {"unit": "nowhere"}).status_code == 400

    before = partnership_state()
    refused = client.patch(
        f"{BASE}/activities/{pk}", {"version": 1, "title": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["code"]
    assert partnership_state() == before

    client.force_login(net.tehran_editor)
    changed = client.patch(
        f"{BASE}/activities/{pk}",
        {"version": 1, "outcome": "تفاهم‌نامه همکاری امضا شد"},
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert changed.json()["version"] == 2
    before = partnership_state()
    stale = client.patch(
        f"{BASE}/activities/{pk}", {"version": 1, "title": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json() == {
        "detail": stale.json()["detail"],
        "code": "conflict",
        "version": 2,
    }
    assert partnership_state() == before
    assert client.delete(f"{BASE}/activities/{pk}?version=2").status_code == 204
    assert not JointActivity.objects.exists()


def test_unseen_stories_and_bad_input_are_400(net, client):
    isfahan_draft = StoryFactory.create(unit=net.isfahan, created_by=net.isfahan_editor)
    client.force_login(net.tehran_head)
    before = partnership_state()
    payload = {
        "unit": "tehran",
        "title": "عنوان",
        "occurred_on": str(timezone.localdate()),
        "domain": "inter_agency",
        "stories": [isfahan_draft.pk],
    }
    response = client.post(f"{BASE}/activities", payload, content_type="application/json")
    assert response.status_code == 400
    payload |= {"stories": [], "occurred_on": str(timezone.localdate() + timedelta(days=5))}
    response = client.post(f"{BASE}/activities", payload, content_type="application/json")
    assert response.status_code == 400
    assert "آینده" in response.json()["detail"]
    payload |= {"occurred_on": str(timezone.localdate()), "unit": "isfahan"}
    assert (
        client.post(f"{BASE}/activities", payload, content_type="application/json").status_code
        == 403
    )
    assert partnership_state() == before


def test_outsiders_are_refused(net, client):
    joint_activity(net.tehran)
    client.force_login(net.outsider)
    assert client.get(f"{BASE}/activities").status_code == 403
    assert client.get(f"{BASE}/bulletins").status_code == 403
    client.logout()
    assert client.get(f"{BASE}/activities").status_code == 401


def test_bulletins_list_detail_and_issue_once(net, client, django_capture_on_commit_callbacks):
    stories = [published_story(net.tehran, net.tehran_editor)]
    draft = bulletin(net.tehran, stories, notes=["یادداشت"])
    client.force_login(net.isfahan_head)
    assert client.get(f"{BASE}/bulletins").json()["count"] == 0  # another unit's draft
    assert client.get(f"{BASE}/bulletins/{draft.pk}").status_code == 404
    before = partnership_state()
    issue = client.post(f"{BASE}/bulletins/{draft.pk}/issue", {}, content_type="application/json")
    assert issue.status_code == 404
    assert partnership_state() == before

    client.force_login(net.tehran_head)
    detail = client.get(f"{BASE}/bulletins/{draft.pk}").json()
    assert detail["status"] == "draft"
    assert detail["items"][0]["note"] == "یادداشت"
    stale = client.post(
        f"{BASE}/bulletins/{draft.pk}/issue", {"version": 9}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
    with django_capture_on_commit_callbacks(execute=False):
        first = client.post(
            f"{BASE}/bulletins/{draft.pk}/issue", {"version": 1}, content_type="application/json"
        )
        second = client.post(
            f"{BASE}/bulletins/{draft.pk}/issue", {}, content_type="application/json"
        )
    assert first.status_code == 200
    assert first.json()["deliveries_created"] == 6
    assert second.status_code == 200
    assert second.json()["deliveries_created"] == 0
    assert first.json()["bulletin"]["status"] == "issued"
    assert BulletinDelivery.objects.count() == 6
    bulletin_deliveries_send()
    bulletin_deliveries_send()
    assert len(mail.outbox) == 6

    client.force_login(net.isfahan_head)
    assert client.get(f"{BASE}/bulletins", {"status": "issued"}).json()["count"] == 1
    assert client.get(f"{BASE}/bulletins/{draft.pk}").status_code == 200
