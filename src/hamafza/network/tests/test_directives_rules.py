"""Directive rules per role and unit: who issues to whom, who sees what, drafts frozen by
sending, read receipts once, acknowledgement and report, overdue, reminders exactly once."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.network.permissions.directives import (
    access_directive,
    access_recipient,
    issuer_unit_ids,
    visible_directives,
)
from hamafza.network.selectors import directives as selectors
from hamafza.network.services import directives as services
from hamafza.network.services.directives import StaleDirective
from hamafza.network.tests.factories_directives import (
    pdf,
    recipient,
    sent_directive,
    unchanged,
)
from hamafza.notifications.models import Notification
from hamafza.org.models import Unit
from hamafza.org.permissions import access_for

D = Directive


def _due(days: float = 3) -> datetime:
    return timezone.now() + timedelta(days=days)


def _draft(actor, issuer, units, **kw):
    fields: dict[str, Any] = {"title": "گزارش هفته بهزیستی", "body": "متن", "due_at": _due()} | kw
    return services.directive_create(actor=actor, issuer_unit=issuer, units=units, **fields)


# --- Issuing ---------------------------------------------------------------------------------


def test_who_may_issue_for_which_unit(net):
    def issuers(user):
        return {Unit.objects.get(pk=pk).slug for pk in issuer_unit_ids(access_for(user))}

    assert {"hq", "hq-pr", "tehran", "isfahan", "khorasan-razavi"} <= issuers(net.hq_admin)
    assert issuers(net.hq_editor) == {"hq", "hq-pr"}
    assert issuers(net.tehran_head) == {"tehran"}
    assert issuers(net.tehran_editor) == set()
    assert issuers(net.shemiranat_head) == set()  # a county does not issue
    assert issuers(net.outsider) == set()


def test_a_county_cannot_send(net):
    with unchanged(), pytest.raises(PermissionDenied):
        _draft(net.shemiranat_head, net.shemiranat, [net.tehran])


def test_a_province_sends_only_within_its_subtree(net):
    with unchanged():
        with pytest.raises(ValidationError) as outside:
            _draft(net.tehran_head, net.tehran, [net.shemiranat, net.kashan])
        with pytest.raises(ValidationError):
            _draft(net.tehran_head, net.tehran, [], audience=D.Audience.PROVINCES)
        with pytest.raises(PermissionDenied):
            _draft(net.tehran_head, net.isfahan, [net.kashan])
    assert "units" in outside.value.error_dict
    draft = _draft(net.tehran_head, net.tehran, [], audience=D.Audience.BELOW)
    assert set(draft.recipients.values_list("unit__slug", flat=True)) == {"shemiranat"}


def test_hq_sends_to_all_provinces(net):
    draft = _draft(net.hq_editor, net.hq, [], audience=D.Audience.PROVINCES)
    slugs = set(draft.recipients.values_list("unit__slug", flat=True))
    assert slugs == {"tehran", "isfahan", "khorasan-razavi"}
    below = _draft(net.hq_editor, net.hq, [], audience=D.Audience.BELOW)
    assert below.recipients.count() == 6  # provinces and counties, not HQ's offices


def test_bad_input_is_refused_in_persian_and_changes_nothing(net):
    with unchanged(), pytest.raises(ValidationError) as error:
        _draft(net.hq_editor, net.hq, [net.tehran], title="  ", due_at=_due(-1))
    assert set(error.value.error_dict) == {"title", "due_at"}
    assert "آینده" in " ".join(error.value.messages)


# --- Drafts and sending ----------------------------------------------------------------------


def test_sending_freezes_the_draft_and_a_stale_edit_is_refused(net):
    draft = _draft(net.hq_editor, net.hq, [net.tehran, net.isfahan])
    services.directive_update(actor=net.hq_editor, directive=draft, version=1, title="عنوان نو")
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("عنوان نو", 2)
    with unchanged(), pytest.raises(StaleDirective):
        services.directive_update(actor=net.hq_editor, directive=draft, version=1, title="x")
    services.directive_send(actor=net.hq_editor, directive=draft, version=2)
    draft.refresh_from_db()
    assert draft.status == D.Status.SENT
    assert draft.version == 3
    with unchanged():
        with pytest.raises(StaleDirective):
            services.directive_update(actor=net.hq_editor, directive=draft, version=2, title="x")
        with pytest.raises(ValidationError):
            services.directive_update(actor=net.hq_editor, directive=draft, version=3, title="x")
        with pytest.raises(ValidationError):
            services.directive_file_add(actor=net.hq_editor, directive=draft, files=[pdf()])


def test_sending_notifies_the_recipient_heads_and_editors(net):
    draft = _draft(net.hq_editor, net.hq, [net.tehran, net.shemiranat])
    services.directive_send(actor=net.hq_editor, directive=draft, version=1)
    notified = set(
        Notification.objects.filter(kind="network.directives.sent").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"tehran.head", "tehran.editor", "shemiranat.head"}
    assert AuditEntry.objects.filter(action="network.directive.send").count() == 1


def test_only_the_issuer_edits_and_sends_the_draft(net):
    draft = _draft(net.hq_editor, net.hq, [net.tehran])
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.directive_send(actor=net.tehran_head, directive=draft, version=1)
        with pytest.raises(Http404):
            access_directive(net.tehran_head, draft.pk)  # a draft is not shown to recipients


def test_files_are_checked_and_attached_to_the_draft(net):
    draft = _draft(net.hq_editor, net.hq, [net.tehran])
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("virus.pdf", b"MZ not a pdf")
    with unchanged(), pytest.raises(ValidationError):
        services.directive_file_add(actor=net.hq_editor, directive=draft, files=[fake])
    rows = services.directive_file_add(actor=net.hq_editor, directive=draft, files=[pdf()])
    assert rows[0].title == "بخشنامه"
    assert str(rows[0].file.name).endswith(".pdf")
    draft.refresh_from_db()
    assert draft.version == 2


# --- Scoping ---------------------------------------------------------------------------------


@pytest.fixture
def hq_directive(net):
    return sent_directive(net.hq, [net.tehran, net.isfahan, net.shemiranat], sent_by=net.hq_editor)


def test_a_recipient_sees_only_its_own_directives_and_copy(net, hq_directive):
    province = sent_directive(net.isfahan, [net.kashan], title="ویژه کاشان")
    assert set(visible_directives(net.tehran_reporter)) == {hq_directive}
    assert set(visible_directives(net.isfahan_editor)) == {hq_directive, province}
    assert visible_directives(net.outsider).count() == 0
    assert set(visible_directives(net.hq_editor)) == {hq_directive, province}
    mine = access_recipient(net.tehran_reporter, hq_directive.pk, "tehran")
    assert mine.unit == net.tehran
    with pytest.raises(Http404):
        access_recipient(net.tehran_reporter, hq_directive.pk, "isfahan")
    with pytest.raises(Http404):
        access_directive(net.tehran_head, province.pk)
    # The province's line covers its county's copy; the county sees only its own.
    assert access_recipient(net.tehran_head, hq_directive.pk, "shemiranat").unit == net.shemiranat
    with pytest.raises(Http404):
        access_recipient(net.shemiranat_head, hq_directive.pk, "tehran")


def test_another_recipients_report_is_a_404(net, hq_directive):
    row = recipient(hq_directive, net.isfahan)
    services.directive_report(actor=net.isfahan_head, recipient=row, text="انجام شد")
    with pytest.raises(Http404):
        access_recipient(net.tehran_head, hq_directive.pk, "isfahan")


# --- Read receipts, acknowledgement, report ------------------------------------------------


def test_the_read_receipt_is_recorded_once_by_a_member_of_the_unit(net, hq_directive):
    row = recipient(hq_directive, net.shemiranat)
    # Opened by the province above: not a receipt of the county.
    assert not services.directive_mark_read(actor=net.tehran_head, recipient=row)
    assert services.directive_mark_read(actor=net.shemiranat_reporter, recipient=row)
    row = recipient(hq_directive, net.shemiranat)
    assert not services.directive_mark_read(actor=net.shemiranat_head, recipient=row)
    row.refresh_from_db()
    assert row.read_by == net.shemiranat_reporter
    assert AuditEntry.objects.filter(action="network.directive.read").count() == 1


def test_acknowledgement_by_head_or_editor_once(net, hq_directive):
    row = recipient(hq_directive, net.tehran)
    with unchanged():
        for actor in (net.tehran_reporter, net.tehran_viewer, net.hq_admin, net.isfahan_head):
            if actor.is_superuser:
                continue
            with pytest.raises(PermissionDenied):
                services.directive_acknowledge(actor=actor, recipient=row)
    services.directive_acknowledge(actor=net.tehran_editor, recipient=row)
    row.refresh_from_db()
    assert row.acknowledged_by == net.tehran_editor
    assert row.read_at is not None
    assert row.is_done
    with unchanged(), pytest.raises(ValidationError):
        services.directive_acknowledge(actor=net.tehran_head, recipient=row)
    assert Notification.objects.filter(
        kind="network.directives.acknowledged", recipient=net.hq_editor
    ).exists()


def test_report_with_text_and_files(net):
    directive = sent_directive(
        net.hq, [net.tehran], required_action=D.RequiredAction.REPORT, sent_by=net.hq_editor
    )
    row = recipient(directive, net.tehran)
    services.directive_acknowledge(actor=net.tehran_head, recipient=row)
    row.refresh_from_db()
    assert not row.is_done  # acknowledging is not reporting
    with unchanged(), pytest.raises(ValidationError):
        services.directive_report(actor=net.tehran_head, recipient=row, text="  ")
    services.directive_report(
        actor=net.tehran_head, recipient=row, text="سه خبر منتشر شد.", files=[pdf("گزارش.pdf")]
    )
    row.refresh_from_db()
    assert row.is_done
    assert row.state == "reported"
    assert row.files.count() == 1
    assert Notification.objects.filter(
        kind="network.directives.reported", recipient=net.hq_editor
    ).exists()
    with unchanged(), pytest.raises(ValidationError):
        services.directive_report(actor=net.tehran_head, recipient=row, text="دوباره")


def test_the_reply_thread_notifies_the_other_side(net, hq_directive):
    row = recipient(hq_directive, net.tehran)
    services.directive_reply_post(actor=net.tehran_reporter, recipient=row, body="پرسش داریم")
    assert Notification.objects.filter(
        kind="network.directives.reply", recipient=net.hq_editor
    ).exists()
    reply = services.directive_reply_post(actor=net.hq_editor, recipient=row, body="بفرمایید")
    assert reply.from_issuer
    assert Notification.objects.filter(
        kind="network.directives.reply", recipient=net.tehran_reporter
    ).exists()
    other = recipient(hq_directive, net.isfahan)
    with unchanged(), pytest.raises(PermissionDenied):
        services.directive_reply_post(actor=net.tehran_head, recipient=other, body="x")
    with unchanged(), pytest.raises(PermissionDenied):
        services.directive_reply_post(actor=net.tehran_viewer, recipient=row, body="x")


# --- Overdue and reminders -------------------------------------------------------------------


def test_overdue_computation_and_list(net):
    now = timezone.now()
    late = sent_directive(net.hq, [net.tehran, net.isfahan], due_at=now - timedelta(hours=2))
    services.directive_acknowledge(actor=net.isfahan_head, recipient=recipient(late, net.isfahan))
    on_time = sent_directive(net.hq, [net.tehran], due_at=now + timedelta(days=2))
    assert recipient(late, net.tehran).is_overdue(now)
    assert not recipient(late, net.isfahan).is_overdue(now)
    assert not recipient(on_time, net.tehran).is_overdue(now)
    rows = list(selectors.overdue_list(viewer=net.hq_editor, now=now))
    assert [(r.directive_id, r.unit_id) for r in rows] == [(late.pk, net.tehran.pk)]
    assert list(selectors.overdue_list(viewer=net.tehran_head, now=now)) == []


def test_reminders_are_sent_exactly_once(net):
    now = timezone.now()
    soon = sent_directive(net.hq, [net.tehran, net.isfahan], due_at=now + timedelta(hours=5))
    late = sent_directive(net.hq, [net.shemiranat], due_at=now - timedelta(hours=1))
    later = sent_directive(net.hq, [net.tehran], due_at=now + timedelta(days=4))
    services.directive_acknowledge(actor=net.isfahan_head, recipient=recipient(soon, net.isfahan))
    before = Notification.objects.filter(kind="network.directives.reminder").count()
    sent = services.directive_reminders_send(now=now)
    # tehran head + editor for the near due date, shemiranat head for the passed one.
    assert sent == 3
    assert Notification.objects.filter(kind="network.directives.reminder").count() == before + 3
    assert services.directive_reminders_send(now=now) == 0
    assert services.directive_reminders_send(now=now + timedelta(minutes=5)) == 0
    # When the near one passes its due date, the overdue reminder goes out once.
    assert services.directive_reminders_send(now=now + timedelta(hours=6)) == 2
    assert services.directive_reminders_send(now=now + timedelta(hours=7)) == 0
    row = recipient(soon, net.tehran)
    assert row.reminded_due_soon_at is not None
    assert row.reminded_overdue_at is not None
    assert recipient(later, net.tehran).reminded_due_soon_at is None
    assert recipient(late, net.shemiranat).reminded_overdue_at is not None


def test_remind_by_hand_only_for_units_not_done(net, hq_directive):
    services.directive_acknowledge(
        actor=net.tehran_head, recipient=recipient(hq_directive, net.tehran)
    )
    with unchanged(), pytest.raises(PermissionDenied):
        services.directive_remind(actor=net.tehran_head, directive=hq_directive)
    assert services.directive_remind(actor=net.hq_editor, directive=hq_directive) == 2
    assert DirectiveRecipient.objects.filter(reminded_at__isnull=False).count() == 2


# --- Figures for the network view -------------------------------------------------------------


def test_domain_activity_and_edges(net, hq_directive):
    services.directive_acknowledge(
        actor=net.tehran_head, recipient=recipient(hq_directive, net.tehran)
    )
    since, until = timezone.now() - timedelta(days=40), timezone.now() + timedelta(days=1)
    activity = selectors.domain_activity(since=since, until=until)
    assert {code for code, _month, _n in activity} == {"intra_agency"}
    assert sum(n for *_rest, n in activity) == 2  # one sent, one answered
    assert selectors.network_edges(since=since, until=until) == [
        (net.hq.pk, net.tehran.pk, "directive", 1)
    ]


def test_directive_files_stay_out_of_the_public_media_folder(net, client, settings):
    """MEDIA_ROOT is served to anyone who has a file's path; a directive's files live in the
    private storage and are handed out only by the view that checks who asks."""
    from pathlib import Path

    draft = _draft(net.hq_editor, net.hq, [net.tehran])
    [row] = services.directive_file_add(actor=net.hq_editor, directive=draft, files=[pdf()])
    stored = Path(row.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    client.force_login(net.hq_editor)
    assert client.get(f"/media/{row.file.name}").status_code == 404
    response = client.get(reverse("network:directive_file", args=[draft.pk, row.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
