"""Press enquiries: the workflow's one table (who moves what, from where), the owner told when
assigned, overdue ones flagged in the list (filter and badge) and their owner notified once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.media import PressEnquiry
from hamafza.network.services import media as services
from hamafza.network.services.media import StaleMedia, press_enquiry_overdue_notify
from hamafza.network.tests.factories_media import (
    contact_for,
    enquiry_for,
    media_state,
    unchanged,
)
from hamafza.notifications.models import Notification

S = PressEnquiry.Status


@pytest.fixture
def contact(net):
    return contact_for(net.tehran, name="علی خبرنگار")


def test_the_owner_is_told_when_assigned_and_must_belong_to_the_unit(net, contact):
    enquiry = enquiry_for(
        net.tehran, contact=contact, owner=net.tehran_reporter, actor=net.tehran_editor
    )
    told = Notification.objects.get(recipient=net.tehran_reporter)
    assert told.kind == "network.media.enquiry.assigned"
    assert told.url == f"/desk/network/media/enquiries/{enquiry.pk}/"
    with unchanged(), pytest.raises(ValidationError):
        services.enquiry_assign(actor=net.tehran_editor, enquiry=enquiry, owner=net.isfahan_editor)
    with unchanged(), pytest.raises(ValidationError):  # a viewer does not own enquiries
        services.enquiry_assign(actor=net.tehran_editor, enquiry=enquiry, owner=net.tehran_viewer)
    services.enquiry_assign(actor=net.tehran_editor, enquiry=enquiry, owner=net.tehran_head)
    assert Notification.objects.filter(
        recipient=net.tehran_head, kind="network.media.enquiry.assigned"
    ).exists()


def test_new_in_progress_answered_closed(net, contact):
    enquiry = enquiry_for(net.tehran, contact=contact, owner=net.tehran_reporter)
    enquiry = services.enquiry_transition(actor=net.tehran_reporter, enquiry=enquiry, name="start")
    assert enquiry.status == S.IN_PROGRESS
    with unchanged(), pytest.raises(ValidationError):  # the answer text is required
        services.enquiry_transition(actor=net.tehran_reporter, enquiry=enquiry, name="answer")
    enquiry = services.enquiry_transition(
        actor=net.tehran_reporter, enquiry=enquiry, name="answer", answer="پاسخ روشن و مستند"
    )
    assert (enquiry.status, enquiry.answer) == (S.ANSWERED, "پاسخ روشن و مستند")
    assert enquiry.answered_at is not None
    with unchanged(), pytest.raises(ValidationError):  # not from answered
        services.enquiry_transition(actor=net.tehran_reporter, enquiry=enquiry, name="start")
    enquiry = services.enquiry_transition(actor=net.tehran_editor, enquiry=enquiry, name="close")
    assert enquiry.status == S.CLOSED
    moves = AuditEntry.objects.filter(action__startswith="network.media.enquiry.").values_list(
        "action", "changes"
    )
    assert ("network.media.enquiry.answer", {"status": ["in_progress", "answered"]}) in list(moves)


def test_decline_needs_a_reason(net, contact):
    enquiry = enquiry_for(net.tehran, contact=contact)
    with unchanged(), pytest.raises(ValidationError):
        services.enquiry_transition(actor=net.tehran_editor, enquiry=enquiry, name="decline")
    enquiry = services.enquiry_transition(
        actor=net.tehran_editor, enquiry=enquiry, name="decline", note="خارج از حوزه سازمان"
    )
    assert (enquiry.status, enquiry.status_note) == (S.DECLINED, "خارج از حوزه سازمان")


@pytest.mark.parametrize("persona", ["tehran_viewer", "isfahan_head", "shemiranat_head"])
def test_who_may_not_move_it(net, client, contact, persona):
    enquiry = enquiry_for(net.tehran, contact=contact)
    client.force_login(getattr(net, persona))
    with unchanged():
        page = client.post(
            f"/desk/network/media/enquiries/{enquiry.pk}/do/start/", {"start-version": 1}
        )
        api = client.post(
            f"/api/v1/media/enquiries/{enquiry.pk}/start", {}, content_type="application/json"
        )
    expected = 403 if persona == "tehran_viewer" else 404
    assert (page.status_code, api.status_code) == (expected, expected)


def test_the_owner_moves_it_even_as_a_reporter(net, client, contact):
    enquiry = enquiry_for(
        net.shemiranat,
        outlet=contact.outlet or None,
        contact=contact_for(net.shemiranat, name="سارا"),
        owner=net.shemiranat_reporter,
    )
    client.force_login(net.shemiranat_reporter)
    response = client.post(
        f"/desk/network/media/enquiries/{enquiry.pk}/do/answer/",
        {"answer-version": enquiry.version, "answer-answer": "پاسخ شهرستان"},
    )
    assert response.status_code == 302
    assert PressEnquiry.objects.get(pk=enquiry.pk).status == S.ANSWERED


def test_a_stale_version_is_refused(net, client, contact):
    enquiry = enquiry_for(net.tehran, contact=contact)
    services.enquiry_transition(actor=net.tehran_editor, enquiry=enquiry, name="start")
    with unchanged(), pytest.raises(StaleMedia):
        services.enquiry_transition(
            actor=net.tehran_editor, enquiry=enquiry, name="close", version=1
        )
    client.force_login(net.tehran_editor)
    with unchanged():
        response = client.post(
            f"/api/v1/media/enquiries/{enquiry.pk}/close",
            {"version": 1},
            content_type="application/json",
        )
    assert response.status_code == 409
    assert response.json()["version"] == 2


def test_bad_deadline_is_refused_with_a_persian_message(net, client, contact):
    client.force_login(net.tehran_editor)
    before = media_state()
    response = client.post(
        "/desk/network/media/enquiries/new/",
        {
            "unit": "tehran",
            "contact": contact.pk,
            "subject": "پرسش",
            "received_at_date": "۱۴۰۵/۰۹/۰۶",
            "deadline_date": "۱۴۰۵/۱۳/۴۰",
        },
    )
    assert response.status_code == 400
    assert "تاریخ" in response.content.decode()
    assert media_state() == before
    with pytest.raises(ValidationError):
        services.enquiry_create(
            actor=net.tehran_editor,
            unit=net.tehran,
            contact=contact,
            subject="x",
            received_at=timezone.now(),
            deadline=timezone.now() - timedelta(days=1),
        )
    assert media_state() == before


def test_registering_through_the_desk(net, client, contact):
    client.force_login(net.tehran_editor)
    response = client.post(
        "/desk/network/media/enquiries/new/",
        {
            "unit": "tehran",
            "contact": contact.pk,
            "subject": "آمار اشتغال معلولان",
            "received_at_date": "۱۴۰۵/۰۹/۰۶",
            "received_at_time": "۱۰:۳۰",
            "deadline_date": "۱۴۰۵/۰۹/۰۷",
            "deadline_time": "12:00",
            "owner": net.tehran_reporter.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enquiry = PressEnquiry.objects.get()
    assert enquiry.owner == net.tehran_reporter
    assert enquiry.deadline - enquiry.received_at == timedelta(hours=25, minutes=30)
    assert Notification.objects.filter(recipient=net.tehran_reporter).count() == 1


def test_overdue_flagged_filtered_and_badged(net, client, contact):
    long_ago = timezone.now() - timedelta(days=3)
    late = enquiry_for(
        net.tehran,
        contact=contact,
        subject="پرسش دیرکرده",
        received_at=long_ago,
        hours=2,
        owner=net.tehran_reporter,
    )
    enquiry_for(net.tehran, contact=contact, subject="پرسش در مهلت", hours=48)
    answered = enquiry_for(
        net.tehran, contact=contact, subject="پاسخ‌داده", received_at=long_ago, hours=2
    )
    services.enquiry_transition(
        actor=net.tehran_editor, enquiry=answered, name="answer", answer="پاسخ"
    )
    client.force_login(net.tehran_editor)
    overdue = client.get("/desk/network/media/enquiries/?scope=overdue").content.decode()
    assert "پرسش دیرکرده" in overdue
    assert "پرسش در مهلت" not in overdue
    assert "پاسخ‌داده" not in overdue
    everything = client.get("/desk/network/media/enquiries/").content.decode()
    assert (
        'chip chip-danger" href="/desk/network/media/enquiries/?scope=overdue" data-overdue="1"'
        in everything
    )  # the section's badge
    assert everything.count('<tr data-overdue="1">') == 1  # and the late row, flagged
    api = client.get("/api/v1/media/enquiries?scope=overdue").json()
    assert [e["subject"] for e in api["items"]] == ["پرسش دیرکرده"]
    assert api["overdue"] == 1
    assert api["items"][0]["overdue"] is True
    assert client.get(f"/desk/network/media/enquiries/{late.pk}/").status_code == 200


def test_the_overdue_notification_is_sent_once(net, contact):
    long_ago = timezone.now() - timedelta(days=2)
    late = enquiry_for(
        net.tehran, contact=contact, received_at=long_ago, hours=1, owner=net.tehran_reporter
    )
    nobodys = enquiry_for(
        net.shemiranat,
        contact=contact_for(net.shemiranat, name="سارا"),
        received_at=long_ago,
        hours=1,
    )
    enquiry_for(net.tehran, contact=contact, hours=10)  # not due yet
    Notification.objects.all().delete()
    assert press_enquiry_overdue_notify() == 2
    assert press_enquiry_overdue_notify() == 0  # idempotent
    assert press_enquiry_overdue_notify(now=timezone.now() + timedelta(hours=1)) == 0
    overdue = Notification.objects.filter(kind="network.media.enquiry.overdue")
    assert sorted(n.recipient.username for n in overdue) == [
        "shemiranat.head",  # no owner: the unit's editors and heads
        "tehran.reporter",
    ]
    assert PressEnquiry.objects.get(pk=late.pk).overdue_notified_at is not None
    assert PressEnquiry.objects.get(pk=nobodys.pk).overdue_notified_at is not None
    # The next sweep after the third one's deadline tells about it alone.
    assert press_enquiry_overdue_notify(now=timezone.now() + timedelta(hours=11)) == 1


def test_a_refused_creation_sends_nothing(net, contact):
    with unchanged(), pytest.raises(PermissionDenied):
        enquiry_for(net.tehran, contact=contact, actor=net.isfahan_head, owner=net.tehran_reporter)
