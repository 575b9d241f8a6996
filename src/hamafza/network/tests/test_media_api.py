"""`/api/v1/media`: contacts, outlets, interactions and enquiries through the services, with
the desk's scoping; conflicts are 409s; the network view's figures (``domain_activity``) and
its edges (none: media relations are not unit-to-unit)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from hamafza.network.models.media import MediaContact, MediaInteraction, PressEnquiry
from hamafza.network.selectors.media import domain_activity, network_edges
from hamafza.network.services import media as services
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    interaction_for,
    outlet_for,
    unchanged,
)
from hamafza.newsroom.models import Story
from hamafza.newsroom.tests.factories import StoryFactory
from hamafza.notifications.models import Notification


def test_outlets_and_contacts_round_trip(net, client):
    client.force_login(net.tehran_editor)
    outlet = client.post(
        "/api/v1/media/outlets",
        {
            "owner_unit": "tehran",
            "name": "رادیو تهران",
            "kind": "radio",
            "region": "tehran",
            "website": "https://radio.example.ir",
            "links": "https://t.me/radiotehran",
        },
        content_type="application/json",
    )
    assert outlet.status_code == 201, outlet.json()
    outlet_id = outlet.json()["id"]
    assert outlet.json()["links"] == ["https://t.me/radiotehran"]
    created = client.post(
        "/api/v1/media/contacts",
        {
            "owner_unit": "shemiranat",
            "name": "حمید گزارشگر",
            "outlet": outlet_id,
            "beats": ["health", "disability"],
            "region": "shemiranat",
            "email": "h@example.ir",
            "basis": "professional",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["beats"] == ["disability", "health"]
    assert body["owner_unit"]["slug"] == "shemiranat"
    assert body["outlet"]["name"] == "رادیو تهران"
    updated = client.patch(
        f"/api/v1/media/contacts/{body['id']}",
        {"version": body["version"], "beats": ["health"], "outlet": None},
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert (updated.json()["beats"], updated.json()["outlet"]) == (["health"], None)
    stale = client.patch(
        f"/api/v1/media/contacts/{body['id']}",
        {"version": 1, "name": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["version"] == 2
    filtered = client.get("/api/v1/media/contacts", {"beat": "health", "region": "tehran"}).json()
    assert [c["name"] for c in filtered["items"]] == ["حمید گزارشگر"]
    assert client.get("/api/v1/media/contacts", {"beat": "elderly"}).json()["count"] == 0
    by_unit = client.get("/api/v1/media/contacts", {"unit": "tehran"}).json()
    assert by_unit["count"] == 1  # the county's, under its province


def test_bad_input_is_a_persian_400_and_changes_nothing(net, client):
    client.force_login(net.tehran_editor)
    with unchanged():
        for payload in (
            {"owner_unit": "tehran", "name": "  ", "basis": "consent"},
            {"owner_unit": "tehran", "name": "x", "basis": "nonsense"},
            {"owner_unit": "tehran", "name": "x", "basis": "consent", "email": "not-an-email"},
            {"owner_unit": "tehran", "name": "x", "basis": "consent", "beats": ["x"]},
            {"owner_unit": "nowhere", "name": "x", "basis": "consent"},
        ):
            response = client.post(
                "/api/v1/media/contacts", payload, content_type="application/json"
            )
            assert response.status_code == 400, payload
            assert response.json()["detail"]


def test_interactions_with_a_story(net, client):
    contact = contact_for(net.tehran)
    story = StoryFactory.create(
        unit=net.shemiranat, created_by=net.shemiranat_reporter, status=Story.Status.DRAFT
    )
    client.force_login(net.tehran_reporter)
    response = client.post(
        "/api/v1/media/interactions",
        {
            "unit": "tehran",
            "kind": "press_release",
            "contact": contact.pk,
            "story": story.pk,
            "note": "ارسال خبر پیش از انتشار",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["story"]["id"] == story.pk
    assert response.json()["contact_label"] == contact.name
    listed = client.get("/api/v1/media/interactions", {"contact": contact.pk}).json()
    assert listed["count"] == 1
    # The county's reporter does not see Tehran's contact, so neither the interaction.
    client.force_login(net.shemiranat_reporter)
    assert client.get("/api/v1/media/interactions").json()["count"] == 0
    interaction_id = response.json()["id"]
    client.force_login(net.tehran_viewer)
    with unchanged():
        assert client.delete(f"/api/v1/media/interactions/{interaction_id}").status_code == 403
    client.force_login(net.tehran_editor)
    assert client.delete(f"/api/v1/media/interactions/{interaction_id}").status_code == 204
    assert not MediaInteraction.objects.exists()


def test_enquiries_through_the_api(net, client):
    contact = contact_for(net.tehran)
    client.force_login(net.tehran_editor)
    received = timezone.now()
    response = client.post(
        "/api/v1/media/enquiries",
        {
            "unit": "tehran",
            "contact": contact.pk,
            "subject": "آمار مستمری",
            "received_at": received.isoformat(),
            "deadline": (received + timedelta(hours=4)).isoformat(),
            "owner": "tehran.reporter",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    enquiry = response.json()
    assert (enquiry["status"], enquiry["owner"], enquiry["overdue"]) == (
        "new",
        "tehran.reporter",
        False,
    )
    assert Notification.objects.filter(recipient=net.tehran_reporter).count() == 1
    pk = enquiry["id"]
    wrong_owner = client.post(
        f"/api/v1/media/enquiries/{pk}/assign",
        {"owner": "isfahan.head"},
        content_type="application/json",
    )
    assert wrong_owner.status_code == 400
    client.force_login(net.tehran_reporter)
    answered = client.post(
        f"/api/v1/media/enquiries/{pk}/answer",
        {"answer": "پاسخ مستند"},
        content_type="application/json",
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "answered"
    mine = client.get("/api/v1/media/enquiries", {"scope": "mine"}).json()
    assert [e["id"] for e in mine["items"]] == [pk]
    assert PressEnquiry.objects.get(pk=pk).answered_at is not None


def test_the_openapi_names_media_schemas_with_their_prefix(client, net):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    ours = [name for name in schemas if "Media" in name or "PressEnquiry" in name]
    assert "MediaContactOut" in ours
    assert "PressEnquiryOut" in ours
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/media/contacts/{pk}/export" in paths
    assert "/api/v1/media/enquiries/{pk}/answer" in paths


def test_domain_activity_counts_interactions_and_answered_enquiries_per_month(net):
    contact = contact_for(net.tehran)
    october = datetime(2026, 10, 15, 9, tzinfo=UTC)
    november = datetime(2026, 11, 10, 9, tzinfo=UTC)
    interaction_for(contact, occurred_at=october)
    interaction_for(contact, occurred_at=november)
    interaction_for(contact, occurred_at=november + timedelta(days=2))
    answered = enquiry_for(net.tehran, contact=contact, received_at=october)
    services.enquiry_transition(
        actor=net.tehran_editor, enquiry=answered, name="answer", answer="پاسخ"
    )
    PressEnquiry.objects.filter(pk=answered.pk).update(answered_at=october)
    enquiry_for(net.tehran, contact=contact, received_at=november)  # open: not counted
    found = domain_activity(
        since=datetime(2026, 10, 1, tzinfo=UTC), until=datetime(2026, 12, 1, tzinfo=UTC)
    )
    assert found == [("extra_agency", date(2026, 10, 1), 2), ("extra_agency", date(2026, 11, 1), 2)]
    assert network_edges(since=october, until=november) == []


@pytest.mark.parametrize("persona", ["tehran_viewer", "hq_admin"])
def test_lists_do_not_grow_queries_with_rows(net, client, persona, django_assert_max_num_queries):
    irna = outlet_for(net.hq)
    for n in range(12):
        contact_for(net.tehran, name=f"خبرنگار {n}", outlet=irna)
    client.force_login(getattr(net, persona))
    client.get("/desk/network/media/contacts/")  # warm the session and caches
    with django_assert_max_num_queries(14):
        assert client.get("/desk/network/media/contacts/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/media/contacts").status_code == 200
    assert MediaContact.objects.count() == 12
    for n in range(8):
        enquiry_for(
            net.tehran,
            contact=MediaContact.objects.first(),
            owner=net.tehran_reporter,
            subject=f"پرسش {n}",
            hours=1 if n % 2 else 50,
            received_at=timezone.now() - timedelta(hours=2),
        )
    with django_assert_max_num_queries(14):
        assert client.get("/desk/network/media/enquiries/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/desk/network/media/outlets/").status_code == 200
