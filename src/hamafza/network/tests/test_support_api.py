"""``/api/v1/support-requests``: the same services and scoping as the desk."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamafza.config.api import api
from hamafza.network.models.support import SupportRequest
from hamafza.network.services import support as services
from hamafza.network.tests.factories_support import offer_of, skilled, support_for, support_state
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/support-requests"


def _body(**overrides):
    return {
        "unit": "shemiranat",
        "skill": "photo",
        "title": "عکاس برای نمایشگاه",
        "place": "نگارخانه",
        "starts_at": (timezone.now() + timedelta(days=2)).isoformat(),
        "people_needed": 1,
    } | overrides


def test_the_schema_lists_the_operations():
    paths = api.get_openapi_schema()["paths"]
    assert f"{BASE}" in paths
    assert f"{BASE}/{{pk}}/complete" in paths
    assert f"{BASE}/offers/{{offer_id}}/decline" in paths


def test_create_list_and_detail(client, net):
    skilled(net.tehran_editor)
    client.force_login(net.shemiranat_reporter)
    response = client.post(BASE, _body(), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "open"
    assert data["skill"] == "photo"
    assert [o["user"] for o in data["offers"]] == ["tehran.editor"]
    assert data["offers"][0]["tier"] == 1
    listed = client.get(BASE, {"status": "open"}).json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == data["id"]
    client.force_login(net.isfahan_head)
    assert client.get(f"{BASE}/{data['id']}").status_code == 404
    assert client.get(BASE).json()["count"] == 0


def test_refusals_change_nothing(client, net):
    before = support_state()
    client.force_login(net.tehran_viewer)
    response = client.post(BASE, _body(unit="tehran"), content_type="application/json")
    assert response.status_code == 403
    client.force_login(net.tehran_head)
    bad = client.post(BASE, _body(unit="tehran", place=" "), content_type="application/json")
    assert bad.status_code == 400
    assert "محل" in bad.json()["detail"]
    unknown = client.post(
        BASE, _body(unit="tehran", skill="juggling"), content_type="application/json"
    )
    assert unknown.status_code == 400
    assert support_state() == before


def test_my_offers_answer_confirm_and_complete_with_credits(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    client.force_login(net.isfahan_editor)
    mine = client.get(f"{BASE}/offers").json()
    assert [(o["id"], o["request_title"]) for o in mine] == [(offer.pk, request.title)]
    detail = client.get(f"{BASE}/{request.pk}").json()
    assert [o["user"] for o in detail["offers"]] == ["isfahan.editor"]
    accepted = client.post(f"{BASE}/offers/{offer.pk}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    client.force_login(net.isfahan_head)
    assert client.post(f"{BASE}/offers/{offer.pk}/confirm").status_code == 404
    client.force_login(net.shemiranat_head)
    assert client.post(f"{BASE}/offers/{offer.pk}/confirm").json()["status"] == "confirmed"
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=Story.Status.PUBLISHED
    )
    current = SupportRequest.objects.get(pk=request.pk).version
    stale = client.post(
        f"{BASE}/{request.pk}/complete",
        {"version": current - 1, "stories": [story.pk]},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == current
    done = client.post(
        f"{BASE}/{request.pk}/complete",
        {"version": current, "stories": [story.pk]},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed"
    assert done.json()["stories"] == [story.pk]
    assert done.json()["offers"][0]["status"] == "done"


def test_decline_with_a_reason(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    offer = offer_of(request, net.isfahan_editor)
    client.force_login(net.isfahan_editor)
    response = client.post(
        f"{BASE}/offers/{offer.pk}/decline", {"reason": "مأموریت"}, content_type="application/json"
    )
    assert response.json()["status"] == "declined"
    assert response.json()["reason"] == "مأموریت"
    client.force_login(net.tehran_head)  # the line sees the reason
    assert client.get(f"{BASE}/{request.pk}").json()["offers"][0]["reason"] == "مأموریت"


def test_offer_more_and_cancel(client, net):
    skilled(net.isfahan_editor, net.hq_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter, offer_count=1)
    client.force_login(net.shemiranat_head)
    more = client.post(
        f"{BASE}/{request.pk}/offers", {"usernames": ["hq.editor"]}, content_type="application/json"
    )
    assert sorted(o["user"] for o in more.json()["offers"]) == ["hq.editor", "isfahan.editor"]
    wrong = client.post(
        f"{BASE}/{request.pk}/offers", {"usernames": ["outsider"]}, content_type="application/json"
    )
    assert wrong.status_code == 400
    cancelled = client.post(
        f"{BASE}/{request.pk}/cancel", {"note": "برگزار نمی‌شود"}, content_type="application/json"
    )
    assert cancelled.json()["status"] == "cancelled"
    client.force_login(net.isfahan_editor)
    assert client.get(f"{BASE}/{request.pk}").status_code == 200  # still offered to them


def test_another_unit_cannot_manage_through_the_api(client, net):
    skilled(net.isfahan_editor)
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    services.support_offer_accept(
        actor=net.isfahan_editor, offer=offer_of(request, net.isfahan_editor)
    )
    before = support_state()
    client.force_login(net.isfahan_editor)  # offered: sees it, may not cancel it
    response = client.post(f"{BASE}/{request.pk}/cancel", {}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(net.isfahan_head)
    assert (
        client.post(f"{BASE}/{request.pk}/cancel", {}, content_type="application/json").status_code
        == 404
    )
    assert support_state() == before


def test_patch_with_a_stale_version_is_a_409(client, net):
    request = support_for(net.shemiranat, net.shemiranat_reporter)
    client.force_login(net.shemiranat_head)
    url = f"{BASE}/{request.pk}"
    ok = client.patch(
        url, {"version": request.version, "hours": 4}, content_type="application/json"
    )
    assert ok.status_code == 200
    assert ok.json()["hours"] == 4
    before = support_state()
    stale = client.patch(
        url, {"version": request.version, "hours": 5}, content_type="application/json"
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == request.version + 1
    assert support_state() == before
