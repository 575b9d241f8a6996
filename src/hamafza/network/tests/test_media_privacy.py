"""A contact's data on request: the export holds the contact, their interactions and enquiries
(JSON, CSV and a readable page); erasure removes the personal data everywhere — the row, the
texts that named them, the notifications, the search — and the audit log never held it."""

import csv
import io
import json

import pytest

from hamafza.common.models import AuditEntry
from hamafza.network.models.media import (
    MediaContact,
    MediaContactBeat,
    MediaInteraction,
    PressEnquiry,
)
from hamafza.network.services import media as services
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    interaction_for,
    outlet_for,
    unchanged,
)
from hamafza.notifications.models import Notification

NAME = "پرستو نیک‌خواه"
EMAIL = "parastoo.n@hamshahri.example"
PHONE = "09121234567"
HANDLE = "@parastoo_news"


@pytest.fixture
def person(net):
    outlet = outlet_for(net.hq, name="روزنامه همشهری", kind="newspaper")
    contact = contact_for(
        net.tehran,
        name=NAME,
        outlet=outlet,
        role="خبرنگار سرویس اجتماعی",
        email=EMAIL,
        phone=PHONE,
        messenger=f"بله: {HANDLE}",
        notes="ترجیح می‌دهد صبح‌ها تماس بگیریم.",
        basis="consent",
        basis_note="رضایت شفاهی در نشست خبری",
        actor=net.tehran_editor,
    )
    services.contact_update(
        actor=net.tehran_editor,
        contact=contact,
        version=1,
        phone="09127654321",
        notes="یادداشت تازه",
    )
    contact.refresh_from_db()
    services.contact_update(actor=net.tehran_editor, contact=contact, version=2, phone=PHONE)
    contact.refresh_from_db()
    interaction_for(
        contact,
        actor=net.tehran_reporter,
        kind="interview",
        note=f"مصاحبه با {NAME} درباره اشتغال؛ شماره {PHONE}",
    )
    interaction_for(contact, actor=net.tehran_reporter, kind="press_release", note="ارسال بیانیه")
    enquiry = enquiry_for(
        net.tehran,
        contact=contact,
        subject=f"پرسش {NAME} درباره بودجه",
        owner=net.tehran_reporter,
        actor=net.tehran_editor,
    )
    services.enquiry_transition(
        actor=net.tehran_reporter,
        enquiry=enquiry,
        name="answer",
        answer=f"پاسخ به {EMAIL} فرستاده شد.",
    )
    return contact


def test_the_export_holds_everything_about_the_person(net, client, person):
    client.force_login(net.tehran_editor)
    data = client.get(f"/desk/network/media/contacts/{person.pk}/export/?format=json")
    assert data["Content-Disposition"].startswith("attachment")
    exported = json.loads(data.content)
    assert exported["contact"]["name"] == NAME
    assert exported["contact"]["email"] == EMAIL
    assert exported["contact"]["basis"] == "consent"
    assert sorted(exported["contact"]["beats"]) == ["disability", "social"]
    assert {i["kind"] for i in exported["interactions"]} == {"interview", "press_release"}
    assert exported["enquiries"][0]["answer"] == f"پاسخ به {EMAIL} فرستاده شد."
    api = client.get(f"/api/v1/media/contacts/{person.pk}/export").json()
    assert api["contact"]["phone"] == PHONE
    assert len(api["interactions"]) == 2
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(
                    f"/desk/network/media/contacts/{person.pk}/export/?format=csv"
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert ["مخاطب", "name", NAME] in rows
    assert any(row[1] == "subject" and NAME in row[2] for row in rows)
    page = client.get(f"/desk/network/media/contacts/{person.pk}/export/").content.decode()
    assert NAME in page
    assert "هماهنگی مصاحبه" in page
    assert "پاسخ داده شد" in page
    exports = AuditEntry.objects.filter(action="network.media.contact.export")
    assert exports.count() == 4
    first = exports.first()
    assert first is not None
    assert first.actor == net.tehran_editor


@pytest.mark.parametrize(
    ("persona", "code"),
    [("tehran_reporter", 403), ("isfahan_head", 404), ("hq_editor", 200), ("tehran_head", 200)],
)
def test_who_may_export(net, client, person, persona, code):
    client.force_login(getattr(net, persona))
    assert client.get(f"/api/v1/media/contacts/{person.pk}/export").status_code == code
    assert client.get(f"/desk/network/media/contacts/{person.pk}/export/").status_code == code


def _everything_as_text() -> str:
    """Every row the app, notifications and the audit log hold, as one text."""
    return json.dumps(
        [
            list(MediaContact.objects.values()),
            list(MediaInteraction.objects.values()),
            list(PressEnquiry.objects.values()),
            list(Notification.objects.values("text", "url")),
            list(AuditEntry.objects.values("object_repr", "summary", "changes")),
        ],
        ensure_ascii=False,
        default=str,
    )


def test_the_audit_log_never_holds_the_persons_data(net, person):
    audit = json.dumps(
        list(AuditEntry.objects.values("object_repr", "summary", "changes")),
        ensure_ascii=False,
    )
    for value in (NAME, EMAIL, PHONE, HANDLE, "09127654321", "ترجیح"):
        assert value not in audit


def test_erasure_removes_the_personal_data_everywhere(net, client, person):
    interactions = set(MediaInteraction.objects.values_list("pk", flat=True))
    enquiry = PressEnquiry.objects.get()
    assert NAME in _everything_as_text()
    client.force_login(net.tehran_head)
    response = client.post(
        f"/desk/network/media/contacts/{person.pk}/erase/",
        {"confirm": "on", "reason": f"درخواست کتبی {NAME}، شماره ۱۲"},
    )
    assert response.status_code == 302
    assert not MediaContact.objects.filter(pk=person.pk).exists()
    assert not MediaContactBeat.objects.exists()
    everything = _everything_as_text()
    for value in (NAME, EMAIL, PHONE, HANDLE, "ترجیح"):
        assert value not in everything, value
    # The facts stay, without the person.
    kept = MediaInteraction.objects.filter(pk__in=interactions)
    assert kept.count() == 2
    assert all(i.contact_id is None and i.contact_erased for i in kept)
    assert {i.contact_label for i in kept} == {"مخاطب حذف‌شده"}
    assert kept.get(kind="interview").note.startswith("مصاحبه با مخاطب حذف‌شده درباره اشتغال")
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.contact_erased) == ("answered", True)
    assert enquiry.subject == "پرسش مخاطب حذف‌شده درباره بودجه"
    erased = AuditEntry.objects.get(action="network.media.contact.erase")
    assert erased.object_id == str(person.pk)
    assert erased.actor == net.tehran_head
    assert erased.changes == {"interactions": [2, 0], "enquiries": [1, 0]}
    assert "شماره ۱۲" in erased.summary
    # Nothing finds them any more.
    listed = client.get("/desk/network/media/contacts/", {"q": "نیک‌خواه"}).content.decode()
    assert NAME not in listed
    assert "مخاطبی پیدا نشد" in listed
    assert client.get("/api/v1/media/contacts", {"q": "پرستو"}).json()["count"] == 0
    assert client.get(f"/desk/network/media/contacts/{person.pk}/").status_code == 404
    page = client.get(f"/desk/network/media/enquiries/{enquiry.pk}/").content.decode()
    assert "مخاطب حذف‌شده" in page


def test_erasure_through_the_api(net, client, person):
    client.force_login(net.hq_editor)
    response = client.delete(f"/api/v1/media/contacts/{person.pk}")
    assert response.status_code == 200
    assert response.json() == {"erased": person.pk, "interactions": 2, "enquiries": 1}
    assert NAME not in _everything_as_text()


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("tehran_editor", 403),
        ("tehran_reporter", 403),
        ("shemiranat_head", 404),
        ("isfahan_head", 404),
    ],
)
def test_who_may_not_erase(net, client, person, persona, code):
    client.force_login(getattr(net, persona))
    with unchanged():
        page = client.post(f"/desk/network/media/contacts/{person.pk}/erase/", {"confirm": "on"})
        api = client.delete(f"/api/v1/media/contacts/{person.pk}")
    assert (page.status_code, api.status_code) == (code, code)


def test_erasure_needs_the_confirmation(net, client, person):
    client.force_login(net.tehran_head)
    with unchanged():
        response = client.post(f"/desk/network/media/contacts/{person.pk}/erase/", {})
    assert response.status_code == 400


def test_search_finds_contacts_however_the_persian_is_typed(net, client, person):
    client.force_login(net.tehran_viewer)
    # Without the ZWNJ, with Arabic yeh and kaf, with a tatweel: the same person.
    for typed in ("نیک خواه", "نيكخواه", "پرســتو", "همشهری", "اجتماعی"):
        found = client.get("/api/v1/media/contacts", {"q": typed}).json()
        assert [c["name"] for c in found["items"]] == [NAME], typed
