"""The directives desk: inbox with unread markers, drafting and sending, the issuer's status
page, one unit's page (read receipt, acknowledgement, report, thread) and the refusals."""

from datetime import timedelta

import pytest
from django.utils import timezone
from persiantools.jdatetime import JalaliDate

from hamafza.common.persian import to_persian_digits
from hamafza.network.models.directives import Directive, DirectiveRecipient
from hamafza.network.tests.factories_directives import pdf, recipient, sent_directive, unchanged

D = Directive
BASE = "/desk/network/directives/"


@pytest.fixture
def hq_directive(net):
    return sent_directive(
        net.hq,
        [net.tehran, net.isfahan],
        required_action=D.RequiredAction.REPORT,
        sent_by=net.hq_editor,
    )


def _jalali(days: int) -> str:
    return to_persian_digits(
        JalaliDate(timezone.localdate() + timedelta(days=days)).strftime("%Y/%m/%d")
    )


def test_the_pages_render(net, client, hq_directive):
    client.force_login(net.hq_editor)
    for url in (BASE, f"{BASE}issued/", f"{BASE}overdue/", f"{BASE}new/",
                f"{BASE}{hq_directive.pk}/", f"{BASE}{hq_directive.pk}/units/tehran/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    client.force_login(net.tehran_reporter)
    for url in (BASE, f"{BASE}issued/", f"{BASE}overdue/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"{BASE}new/").status_code == 403


def test_the_inbox_marks_unread_and_opening_records_the_receipt(net, client, hq_directive):
    client.force_login(net.tehran_reporter)
    inbox = client.get(BASE).content.decode()
    assert 'class="is-unread"' in inbox
    assert hq_directive.title in inbox
    page = client.get(f"{BASE}{hq_directive.pk}/")  # a recipient is taken to its copy
    assert page.status_code == 302
    assert page["Location"].endswith("/units/tehran/")
    client.get(page["Location"])
    row = recipient(hq_directive, net.tehran)
    assert row.read_by == net.tehran_reporter
    assert 'class="is-unread"' not in client.get(BASE).content.decode()


def test_a_recipient_never_sees_another_units_copy(net, client, hq_directive):
    client.force_login(net.tehran_head)
    assert client.get(f"{BASE}{hq_directive.pk}/units/isfahan/").status_code == 404
    assert (
        client.post(f"{BASE}{hq_directive.pk}/units/isfahan/reply/", {"body": "x"}).status_code
        == 404
    )
    client.force_login(net.outsider)
    assert client.get(f"{BASE}{hq_directive.pk}/units/tehran/").status_code == 403
    client.force_login(net.khorasan_video)
    assert client.get(f"{BASE}{hq_directive.pk}/").status_code == 404


def test_drafting_and_sending_from_the_desk(net, client):
    client.force_login(net.tehran_head)
    form = client.get(f"{BASE}new/").content.decode()
    assert "شهرستان شمیرانات" in form
    assert "شهرستان کاشان" not in form
    with unchanged():
        bad = client.post(f"{BASE}new/", {
            "issuer_unit": "tehran", "kind": "instruction", "title": "", "body": "متن",
            "required_action": "report", "due_date": "۱۴۰۵/۱۳/۴۰", "audience": "chosen",
        })  # fmt: skip
    assert bad.status_code == 400
    assert "errorlist" in bad.content.decode()
    response = client.post(
        f"{BASE}new/",
        {"issuer_unit": "tehran", "kind": "instruction", "title": "پوشش نمایشگاه استانی",
         "body": "لطفاً گزارش دهید.", "required_action": "report", "due_date": _jalali(3),
         "due_time": "۱۴:۳۰", "audience": "chosen", "units": ["shemiranat"],
         "attachments": [pdf()]},
    )  # fmt: skip
    assert response.status_code == 302
    directive = Directive.objects.get(title="پوشش نمایشگاه استانی")
    assert directive.is_draft
    assert directive.files.count() == 1
    assert timezone.localtime(directive.due_at).strftime("%H:%M") == "14:30"
    edit = client.get(f"{BASE}{directive.pk}/edit/")
    assert edit.status_code == 200
    sent = client.post(f"{BASE}{directive.pk}/send/", {"version": directive.version})
    assert sent.status_code == 302
    directive.refresh_from_db()
    assert directive.status == D.Status.SENT
    # A stale edit after sending: a 403 for the frozen draft form, nothing changes.
    with unchanged():
        assert client.get(f"{BASE}{directive.pk}/edit/").status_code == 403


def test_a_stale_draft_edit_is_a_409(net, client):
    client.force_login(net.hq_editor)
    from hamafza.network.services import directives as services

    draft = services.directive_create(
        actor=net.hq_editor, issuer_unit=net.hq, title="پیش‌نویس", body="متن",
        due_at=timezone.now() + timedelta(days=3), units=[net.tehran],
    )  # fmt: skip
    data = {"kind": "instruction", "title": "نو", "body": "متن",
            "required_action": "acknowledge", "due_date": _jalali(4), "audience": "chosen",
            "units": ["tehran"], "version": 1}  # fmt: skip
    assert client.post(f"{BASE}{draft.pk}/edit/", data).status_code == 302
    with unchanged():
        stale = client.post(f"{BASE}{draft.pk}/edit/", data | {"title": "کهنه"})
    assert stale.status_code == 409
    assert "تغییر کرده" in stale.content.decode()


def test_the_issuer_status_page_filters_and_reminds(net, client, hq_directive):
    DirectiveRecipient.objects.filter(directive=hq_directive, unit=net.tehran).update(
        read_at=timezone.now()
    )
    client.force_login(net.hq_editor)
    page = client.get(f"{BASE}{hq_directive.pk}/").content.decode()
    assert 'data-unit="tehran" data-state="read"' in page
    assert 'data-unit="isfahan" data-state="unread"' in page
    unread = client.get(f"{BASE}{hq_directive.pk}/?state=unread").content.decode()
    assert 'data-unit="isfahan"' in unread
    assert 'data-unit="tehran"' not in unread
    assert client.post(f"{BASE}{hq_directive.pk}/remind/").status_code == 302
    assert DirectiveRecipient.objects.filter(reminded_at__isnull=False).count() == 2
    client.force_login(net.tehran_head)
    with unchanged():
        assert client.post(f"{BASE}{hq_directive.pk}/remind/").status_code == 403


def test_acknowledge_report_and_reply_on_the_units_page(net, client, hq_directive):
    url = f"{BASE}{hq_directive.pk}/units/tehran/"
    client.force_login(net.tehran_reporter)
    with unchanged():
        assert client.post(f"{url}acknowledge/").status_code == 403
    client.force_login(net.tehran_head)
    assert client.post(f"{url}acknowledge/").status_code == 302
    bad = client.post(f"{url}report/", {"text": ""})
    assert bad.status_code == 400
    report = client.post(f"{url}report/", {"text": "دو خبر منتشر شد.", "attachments": [pdf()]})
    assert report.status_code == 302
    row = recipient(hq_directive, net.tehran)
    assert row.is_done
    assert row.files.count() == 1
    file_url = f"{BASE}{hq_directive.pk}/files/{row.files.get().pk}/"
    assert client.get(file_url).status_code == 200
    client.force_login(net.isfahan_head)
    assert client.get(file_url).status_code == 404  # another unit's report file
    client.force_login(net.tehran_head)
    reply = client.post(
        f"{url}reply/", {"body": "پیوست را ببینید."}, headers={"HX-Request": "true"}
    )
    assert reply.status_code == 200
    assert "پیوست را ببینید." in reply.content.decode()
    assert 'id="thread"' in reply.content.decode()
    assert "<html" not in reply.content.decode()
    client.force_login(net.hq_editor)
    page = client.get(url).content.decode()
    assert "دو خبر منتشر شد." in page
    assert "پیوست را ببینید." in page


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_the_status_page_do_not_grow_queries_with_rows(net, client):
    def add(count):
        made = [
            sent_directive(net.hq, [net.tehran, net.isfahan, net.shemiranat], title=f"ابلاغیه {n}")
            for n in range(count)
        ]
        return made[-1]

    client.force_login(net.hq_editor)
    first = add(2)
    few = [_queries(client, url) for url in (f"{BASE}issued/", f"{BASE}overdue/")]
    few_status = _queries(client, f"{BASE}{first.pk}/")
    client.force_login(net.tehran_head)
    few_inbox = _queries(client, BASE)
    last = add(5)
    for unit in (net.kashan, net.neyshabur, net.khorasan):
        DirectiveRecipient.objects.create(directive=last, unit=unit, read_at=timezone.now())
    assert _queries(client, BASE) == few_inbox
    client.force_login(net.hq_editor)
    assert [_queries(client, url) for url in (f"{BASE}issued/", f"{BASE}overdue/")] == few
    assert _queries(client, f"{BASE}{last.pk}/") == few_status
