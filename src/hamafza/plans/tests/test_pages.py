"""The desk pages of a plan and its attachment, and the attachment's PDF in Persian."""

import shutil
import subprocess

import pytest

from hamafza.plans.tests.factories import fill_attachment, plan_for
from hamafza.strategy.tests.factories import strategy_document


@pytest.fixture
def plan(net):
    strategy_document()
    plan = plan_for(net.tehran, title="طرح ملی توانمندسازی")
    fill_attachment(plan, skip=frozenset({"risk"}))
    return plan


def test_the_pages_render_with_the_checklist(net, client, plan):
    client.force_login(net.tehran_editor)
    for url in ("/desk/plans/", f"/desk/plans/{plan.pk}/", f"/desk/plans/{plan.pk}/attachment/",
                f"/desk/plans/{plan.pk}/activities/new/", "/desk/plans/new/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    page = client.get(f"/desk/plans/{plan.pk}/attachment/").content.decode()
    assert 'class="missing" data-code="risks"' in page
    assert 'class="ok" data-code="spokespeople"' in page


def test_the_attachment_editor_adds_with_htmx(net, client, plan):
    client.force_login(net.tehran_editor)
    version = plan.attachment.__class__.objects.get(plan=plan).version
    response = client.post(
        f"/desk/plans/{plan.pk}/attachment/risk/",
        {"risk-version": version, "risk-kind": "dignity", "risk-description": "تصویر کودکان",
         "risk-mitigation": "بدون چهره"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "تصویر کودکان" in body
    assert 'class="ok" data-code="risks"' in body
    stale = client.post(
        f"/desk/plans/{plan.pk}/attachment/risk/",
        {"risk-version": version, "risk-kind": "risk", "risk-description": "کهنه"},
        headers={"HX-Request": "true"},
    )
    assert stale.status_code == 409
    assert "کهنه" not in plan.attachment.risks.values_list("description", flat=True)


def test_the_pdf_is_persian(net, client, plan):
    client.force_login(net.tehran_reporter)
    response = client.get(f"/desk/plans/{plan.pk}/attachment.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "پیوست رسانه‌ای".replace("\u200c", "") in text.replace("\u200c", "")
    assert "کارفرمایان" in text


def test_the_attachments_messages_are_not_shown_as_flash_messages(net, client, plan):
    # The attachment's key messages once reached the page as "messages", the name of the
    # desk's flash messages: they showed as notices and the real notices stayed queued.
    client.force_login(net.tehran_editor)
    page = client.get(f"/desk/plans/{plan.pk}/attachment/").content.decode()
    assert plan.attachment.messages.get().key_message.text in page
    assert 'class="messages"' not in page
