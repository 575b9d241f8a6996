"""`/api/v1/campaigns`: the same services and scoping as the desk."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamafza.network.models.campaigns import Campaign, CampaignAsset
from hamafza.network.services import campaigns as services
from hamafza.network.tests.factories_campaigns import (
    HASHTAG,
    active_strategy,
    campaigns_state,
    make_campaign,
    published_story,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def test_create_launch_join_and_board(net, client):
    goal, message = active_strategy()
    today = timezone.localdate()
    client.force_login(net.tehran_head)
    response = client.post(
        "/api/v1/campaigns",
        {"owner_unit": "tehran", "title": "کارزار استانی", "starts_on": str(today),
         "ends_on": str(today + timedelta(days=5)), "hashtag": "#تهران_توانا",
         "goals": [goal.pk], "key_messages": [message.pk]},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["units"] == ["shemiranat"]
    assert body["hashtag"] == "تهران_توانا"
    pk = body["id"]
    stale = client.post(f"/api/v1/campaigns/{pk}/launch", {"version": 9}, content_type=JSON)
    assert stale.status_code == 409
    assert stale.json()["version"] == 1
    launched = client.post(f"/api/v1/campaigns/{pk}/launch", {"version": 1}, content_type=JSON)
    assert launched.status_code == 200
    assert launched.json()["status"] == "launched"
    client.force_login(net.shemiranat_head)
    joined = client.post(f"/api/v1/campaigns/{pk}/join", {"unit": "shemiranat"}, content_type=JSON)
    assert joined.status_code == 200
    assert joined.json()["joined_at"]
    assert client.get(f"/api/v1/campaigns/{pk}/board").status_code == 403
    client.force_login(net.tehran_viewer)
    board = client.get(f"/api/v1/campaigns/{pk}/board").json()
    assert (board["invited"], board["joined"], board["silent"]) == (1, 1, 1)
    assert board["rows"][0]["state"] == "joined"


def test_scoping_in_the_api(net, client):
    draft = make_campaign(net.tehran, net.tehran_head, launch=False)
    client.force_login(net.isfahan_head)
    assert client.get(f"/api/v1/campaigns/{draft.pk}").status_code == 404
    assert client.get("/api/v1/campaigns").json()["count"] == 0
    before = campaigns_state()
    response = client.post(f"/api/v1/campaigns/{draft.pk}/launch", {}, content_type=JSON)
    assert response.status_code == 404
    client.force_login(net.shemiranat_head)
    response = client.post(
        "/api/v1/campaigns",
        {"owner_unit": "shemiranat", "title": "x", "starts_on": "2026-01-01",
         "ends_on": "2026-01-02", "hashtag": "x"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 403
    assert campaigns_state() == before
    client.force_login(net.hq_editor)
    assert client.get("/api/v1/campaigns?state=draft").json()["count"] == 1


def test_detail_lists_the_toolkit_without_offering_unconsented_files(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_asset_add(
        actor=net.hq_editor, campaign=campaign, title="بی‌رضایت",
        consent=CampaignAsset.Consent.MISSING,
        file=SimpleUploadedFile("a.png", PNG),
    )  # fmt: skip
    client.force_login(net.tehran_reporter)
    body = client.get(f"/api/v1/campaigns/{campaign.pk}").json()
    assert body["assets"][0]["downloadable"] is False
    assert body["assets"][0]["url"] is None


def test_outputs_and_logging_an_external_post(net, client):
    campaign = make_campaign(net.hq, net.hq_editor)
    services.campaign_story_sync(
        story=published_story(net.tehran, net.tehran_reporter, tags=[HASHTAG])
    )
    services.campaign_story_sync(
        story=published_story(net.isfahan, net.isfahan_editor, tags=[HASHTAG])
    )
    client.force_login(net.tehran_reporter)
    response = client.post(
        f"/api/v1/campaigns/{campaign.pk}/outputs",
        {"unit": "tehran", "url": "https://example.org/p/1",
         "occurred_on": str(timezone.localdate()),
         "evidence": SimpleUploadedFile("shot.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "external"
    assert response.json()["has_evidence"]
    mine = client.get(f"/api/v1/campaigns/{campaign.pk}/outputs").json()
    assert sorted(o["unit"]["slug"] for o in mine) == ["tehran", "tehran"]
    client.force_login(net.hq_editor)
    everything = client.get(f"/api/v1/campaigns/{campaign.pk}/outputs?kind=story").json()
    assert sorted(o["unit"]["slug"] for o in everything) == ["isfahan", "tehran"]
    client.force_login(net.isfahan_editor)
    before = campaigns_state()
    response = client.post(
        f"/api/v1/campaigns/{campaign.pk}/outputs",
        {"unit": "tehran", "url": "https://example.org/p/2",
         "occurred_on": str(timezone.localdate()),
         "evidence": SimpleUploadedFile("shot.png", PNG, content_type="image/png")},
    )  # fmt: skip
    assert response.status_code == 403
    assert campaigns_state() == before
    assert Campaign.objects.count() == 1
