"""The media desk's forms and pages: registering and editing contacts and outlets (bad input
gets a Persian message and changes nothing; an edit from an old copy is refused), an outlet's
page showing only the contacts the viewer may see, logging and removing interactions, editing
an enquiry's deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hamafza.network.models.media import (
    MediaContact,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.network.services import media as services
from hamafza.network.services.media import press_enquiry_overdue_notify
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    interaction_for,
    media_state,
    outlet_for,
    unchanged,
)


def test_registering_a_contact_on_the_desk(net, client):
    outlet = outlet_for(net.hq)
    client.force_login(net.shemiranat_reporter)
    form = client.get("/desk/network/media/contacts/new/").content.decode()
    assert 'value="shemiranat"' in form
    assert 'value="tehran"' not in form.split('name="owner_unit"')[1].split("</select>")[0]
    response = client.post(
        "/desk/network/media/contacts/new/",
        {
            "owner_unit": "shemiranat",
            "name": "  زهره   امینی ",
            "outlet": outlet.pk,
            "region": "shemiranat",
            "beats": ["disability", "health"],
            "phone": "۰۹۱۲ ۱۱۱ ۲۲۳۳",
            "email": "zohreh@example.ir",
            "basis": "consent",
        },
    )
    assert response.status_code == 302
    contact = MediaContact.objects.get()
    assert contact.name == "زهره امینی"
    assert contact.owner_unit == net.shemiranat
    assert contact.beat_codes == ["disability", "health"]
    assert contact.phone == "0912 111 2233"


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", ""), ("email", "no-at-sign"), ("phone", "call me"), ("basis", "whatever")],
)
def test_bad_contact_input_changes_nothing(net, client, field, value):
    client.force_login(net.tehran_editor)
    data = {"owner_unit": "tehran", "name": "کسی", "basis": "consent", field: value}
    with unchanged():
        response = client.post("/desk/network/media/contacts/new/", data)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()


def test_an_edit_from_an_old_copy_is_refused(net, client):
    contact = contact_for(net.tehran)
    services.contact_update(actor=net.tehran_editor, contact=contact, version=1, role="دبیر")
    client.force_login(net.tehran_head)
    with unchanged():
        response = client.post(
            f"/desk/network/media/contacts/{contact.pk}/edit/",
            {"name": "نام دیگر", "basis": "consent", "version": 1},
        )
    assert response.status_code == 409
    assert "تغییر کرده است" in response.content.decode()


def test_outlets_register_and_page(net, client):
    client.force_login(net.isfahan_editor)
    response = client.post(
        "/desk/network/media/outlets/new/",
        {"owner_unit": "isfahan", "name": "روزنامه زاینده‌رود", "kind": "newspaper",
         "region": "isfahan", "website": "https://zayandeh.example.ir"},
    )  # fmt: skip
    assert response.status_code == 302
    outlet = MediaOutlet.objects.get()
    bad = client.post(
        f"/desk/network/media/outlets/{outlet.pk}/edit/",
        {"name": "x", "kind": "newspaper", "website": "not a url", "version": outlet.version},
    )
    assert bad.status_code == 400
    contact_for(net.isfahan, name="خبرنگار اصفهانی", outlet=outlet)
    contact_for(net.tehran, name="خبرنگار تهرانی", outlet=outlet)
    page = client.get(f"/desk/network/media/outlets/{outlet.pk}/").content.decode()
    assert "خبرنگار اصفهانی" in page
    assert "خبرنگار تهرانی" not in page  # another province's contact
    listed = client.get("/desk/network/media/outlets/").content.decode()
    assert "روزنامه زاینده‌رود" in listed
    client.force_login(net.tehran_editor)
    with unchanged():  # Tehran sees the outlet but does not maintain Isfahan's entry
        assert client.get(f"/desk/network/media/outlets/{outlet.pk}/").status_code == 200
        response = client.post(
            f"/desk/network/media/outlets/{outlet.pk}/edit/",
            {"name": "x", "kind": "radio", "version": outlet.version},
        )
        assert response.status_code == 403


def test_logging_and_removing_an_interaction_on_the_desk(net, client):
    contact = contact_for(net.tehran)
    client.force_login(net.tehran_reporter)
    response = client.post(
        f"/desk/network/media/contacts/{contact.pk}/interactions/new/",
        {"log-unit": "tehran", "log-kind": "interview", "log-occurred_at_date": "۱۴۰۵/۰۹/۰۱",
         "log-occurred_at_time": "۱۱:۱۵", "log-note": "گفت‌وگو درباره سالمندان"},
    )  # fmt: skip
    assert response.status_code == 302
    interaction = MediaInteraction.objects.get()
    assert (interaction.occurred_at.hour, interaction.occurred_at.minute) == (7, 45)  # UTC
    bad = client.post(
        f"/desk/network/media/contacts/{contact.pk}/interactions/new/",
        {"log-unit": "tehran", "log-kind": "interview", "log-occurred_at_date": "فردا"},
    )
    assert bad.status_code == 400
    assert MediaInteraction.objects.count() == 1
    client.force_login(net.tehran_viewer)
    page = client.get(f"/desk/network/media/contacts/{contact.pk}/").content.decode()
    assert 'id="log-form"' not in page  # a viewer reads only
    assert (
        client.post(f"/desk/network/media/interactions/{interaction.pk}/remove/").status_code == 403
    )
    client.force_login(net.tehran_editor)
    response = client.post(f"/desk/network/media/interactions/{interaction.pk}/remove/")
    assert response.status_code == 302
    assert not MediaInteraction.objects.exists()


def test_a_later_deadline_makes_the_enquiry_due_again(net, client):
    contact = contact_for(net.tehran)
    enquiry = enquiry_for(net.tehran, contact=contact, owner=net.tehran_reporter,
                          received_at=timezone.now() - timedelta(days=1), hours=1)  # fmt: skip
    assert press_enquiry_overdue_notify() == 1
    client.force_login(net.tehran_editor)
    response = client.post(
        f"/desk/network/media/enquiries/{enquiry.pk}/edit/",
        {"subject": enquiry.subject, "deadline_date": "۱۴۹۹/۰۱/۰۱", "deadline_time": "۱۰:۰۰",
         "version": PressEnquiry.objects.get(pk=enquiry.pk).version},
    )  # fmt: skip
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.overdue_notified_at is None
    assert not enquiry.is_overdue()


def test_the_erase_page_says_what_stays(net, client):
    contact = contact_for(net.tehran, name="نام فرد")
    interaction_for(contact)
    client.force_login(net.tehran_head)
    page = client.get(f"/desk/network/media/contacts/{contact.pk}/erase/").content.decode()
    assert "مخاطب حذف‌شده" in page
    assert "۱ ارتباط" in page
    before = media_state()
    assert client.get(f"/desk/network/media/contacts/{contact.pk}/erase/").status_code == 200
    assert media_state() == before


def test_every_form_opens(net, client):
    outlet = outlet_for(net.tehran, name="رادیو تهران", kind="radio")
    contact = contact_for(net.tehran, outlet=outlet)
    enquiry = enquiry_for(net.tehran, contact=contact)
    client.force_login(net.tehran_editor)
    new_enquiry = client.get("/desk/network/media/enquiries/new/", {"contact": contact.pk})
    assert new_enquiry.status_code == 200
    assert f'<option value="{contact.pk}" selected>' in new_enquiry.content.decode()
    for url in (
        f"/desk/network/media/contacts/{contact.pk}/edit/",
        f"/desk/network/media/outlets/{outlet.pk}/edit/",
        f"/desk/network/media/enquiries/{enquiry.pk}/edit/",
        "/desk/network/media/outlets/new/",
        "/desk/network/media/contacts/new/",
        f"/desk/network/media/contacts/{contact.pk}/export/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(net.tehran_viewer)
    for url in ("/desk/network/media/contacts/new/", "/desk/network/media/enquiries/new/"):
        assert client.get(url).status_code == 403, url


def test_logging_an_interaction_with_an_outlets_newsroom(net, client):
    outlet = outlet_for(net.hq)
    client.force_login(net.isfahan_editor)
    response = client.post(
        f"/desk/network/media/outlets/{outlet.pk}/interactions/new/",
        {
            "log-unit": "isfahan",
            "log-kind": "press_release",
            "log-note": "ارسال بیانیه به دبیرخانه",
        },
    )
    assert response.status_code == 302
    interaction = MediaInteraction.objects.get()
    assert (interaction.outlet, interaction.contact, interaction.unit) == (
        outlet,
        None,
        net.isfahan,
    )
    page = client.get(f"/desk/network/media/outlets/{outlet.pk}/").content.decode()
    assert "ارسال بیانیه به دبیرخانه" in page
    client.force_login(net.tehran_editor)  # another province does not see Isfahan's log
    assert (
        "ارسال بیانیه به دبیرخانه"
        not in client.get(f"/desk/network/media/outlets/{outlet.pk}/").content.decode()
    )
    client.force_login(net.tehran_viewer)
    with unchanged():
        response = client.post(
            f"/desk/network/media/outlets/{outlet.pk}/interactions/new/",
            {"log-unit": "tehran", "log-kind": "press_release"},
        )
    assert response.status_code == 403
