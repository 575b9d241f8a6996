"""Who sees and changes whose media contacts, in the desk and the API: the unit that owns a
contact, the units above it and HQ; a province its own and its counties', a county only its
own; anybody else a 404 (the workspace refuses outsiders with a 403) and nothing changes."""

import pytest

from hamafza.network.models.media import MediaContact
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    interaction_for,
    media_state,
    outlet_for,
    unchanged,
)

# persona → sees (Tehran's contact, Shemiranat's contact, Isfahan's contact, HQ's contact)
SEES = {
    "hq_admin": (True, True, True, True),
    "hq_editor": (True, True, True, True),  # HQ's office: HQ sees everything
    "tehran_head": (True, True, False, False),
    "tehran_reporter": (True, True, False, False),
    "tehran_viewer": (True, True, False, False),
    "shemiranat_head": (False, True, False, False),  # a county: only its own
    "shemiranat_reporter": (False, True, False, False),
    "isfahan_head": (False, False, True, False),
    "khorasan_video": (False, False, False, False),
}


@pytest.fixture
def contacts(net):
    irna = outlet_for(net.hq)
    return {
        "tehran": contact_for(net.tehran, name="علی تهرانی", outlet=irna),
        "shemiranat": contact_for(net.shemiranat, name="سارا شمیرانی"),
        "isfahan": contact_for(net.isfahan, name="رضا اصفهانی"),
        "hq": contact_for(net.hq_pr, name="نرگس ستادی", outlet=irna),
    }


@pytest.mark.parametrize(("persona", "sees"), SEES.items())
def test_contacts_are_seen_by_their_unit_the_units_above_and_hq(
    net, client, contacts, persona, sees
):
    client.force_login(getattr(net, persona))
    listed_page = client.get("/desk/network/media/contacts/").content.decode()
    listed_api = {c["name"] for c in client.get("/api/v1/media/contacts").json()["items"]}
    for (key, contact), visible in zip(contacts.items(), sees, strict=True):
        page = client.get(f"/desk/network/media/contacts/{contact.pk}/")
        api = client.get(f"/api/v1/media/contacts/{contact.pk}")
        expected = 200 if visible else 404
        assert (page.status_code, api.status_code) == (expected, expected), key
        assert (contact.name in listed_page) is visible, key
        assert (contact.name in listed_api) is visible, key


def test_outsiders_are_refused_the_workspace(net, client, contacts):
    client.force_login(net.outsider)
    assert client.get(f"/desk/network/media/contacts/{contacts['tehran'].pk}/").status_code == 403
    assert client.get("/api/v1/media/contacts").status_code == 403


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("isfahan_head", 404),
        ("shemiranat_head", 404),
        ("khorasan_video", 404),
        ("tehran_viewer", 403),
        ("outsider", 403),
    ],
)
def test_others_change_nothing(net, client, contacts, persona, code):
    contact = contacts["tehran"]
    client.force_login(getattr(net, persona))
    with unchanged():
        edit = client.post(
            f"/desk/network/media/contacts/{contact.pk}/edit/",
            {"name": "دیگر", "version": contact.version, "basis": "consent"},
        )
        api = client.patch(
            f"/api/v1/media/contacts/{contact.pk}",
            {"version": contact.version, "name": "دیگر"},
            content_type="application/json",
        )
        erase = client.post(f"/desk/network/media/contacts/{contact.pk}/erase/", {"confirm": "on"})
        api_erase = client.delete(f"/api/v1/media/contacts/{contact.pk}")
        export = client.get(f"/api/v1/media/contacts/{contact.pk}/export")
        log = client.post(
            f"/desk/network/media/contacts/{contact.pk}/interactions/new/",
            {"unit": "tehran", "kind": "interview"},
        )
    assert {
        edit.status_code,
        api.status_code,
        erase.status_code,
        api_erase.status_code,
        export.status_code,
        log.status_code,
    } == {code}


def test_a_province_writes_its_countys_contacts_and_the_county_not_the_provinces(
    net, client, contacts
):
    client.force_login(net.tehran_editor)
    county = contacts["shemiranat"]
    response = client.patch(
        f"/api/v1/media/contacts/{county.pk}",
        {"version": county.version, "role": "دبیر سرویس اجتماعی"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert MediaContact.objects.get(pk=county.pk).role == "دبیر سرویس اجتماعی"
    client.force_login(net.shemiranat_head)
    with unchanged():
        response = client.patch(
            f"/api/v1/media/contacts/{contacts['tehran'].pk}",
            {"version": 1, "role": "x"},
            content_type="application/json",
        )
    assert response.status_code == 404


def test_a_county_cannot_register_contacts_for_its_province(net, client):
    client.force_login(net.shemiranat_reporter)
    with unchanged():
        response = client.post(
            "/api/v1/media/contacts",
            {"owner_unit": "tehran", "name": "کسی", "basis": "consent"},
            content_type="application/json",
        )
    assert response.status_code == 403


def test_interactions_and_enquiries_follow_their_unit(net, client, contacts):
    interaction = interaction_for(contacts["tehran"], note="ارسال بیانیه")
    enquiry = enquiry_for(net.tehran, contact=contacts["tehran"])
    for persona, code in (
        ("tehran_viewer", 200),
        ("shemiranat_head", 404),
        ("isfahan_head", 404),
        ("hq_editor", 200),
    ):
        client.force_login(getattr(net, persona))
        assert client.get(f"/desk/network/media/enquiries/{enquiry.pk}/").status_code == code
        assert client.get(f"/api/v1/media/enquiries/{enquiry.pk}").status_code == code
        assert client.get(f"/api/v1/media/interactions/{interaction.pk}").status_code == code


def test_a_story_the_unit_may_not_see_is_refused(net, client, contacts):
    from hamafza.newsroom.models import Story
    from hamafza.newsroom.tests.factories import StoryFactory

    draft = StoryFactory.create(
        unit=net.isfahan, created_by=net.isfahan_head, status=Story.Status.DRAFT
    )
    client.force_login(net.tehran_editor)
    before = media_state()
    response = client.post(
        "/api/v1/media/interactions",
        {
            "unit": "tehran",
            "kind": "press_release",
            "contact": contacts["tehran"].pk,
            "story": draft.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert media_state() == before
