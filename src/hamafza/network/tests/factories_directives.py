"""Directives for tests: drafts made through the services, sent ones written directly (so a
test can place the due date in the past), and a snapshot to assert that nothing changed."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.network.models.directives import (
    Directive,
    DirectiveFile,
    DirectiveRecipient,
    DirectiveReply,
)
from hamafza.notifications.models import Notification
from hamafza.org.models import Unit

D = Directive


def pdf(name: str = "بخشنامه.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")


def sent_directive(
    issuer: Unit,
    units: Iterable[Unit],
    *,
    title: str = "پوشش خبری هفته ملی",
    required_action: str = D.RequiredAction.ACKNOWLEDGE,
    due_at: datetime | None = None,
    sent_at: datetime | None = None,
    sent_by: Any = None,
) -> Directive:
    now = timezone.now()
    directive = Directive.objects.create(
        issuer_unit=issuer,
        title=title,
        body="متن ابلاغیه برای همه واحدها.\nبند دوم.",
        required_action=required_action,
        due_at=due_at or now + timedelta(days=5),
        status=D.Status.SENT,
        sent_at=sent_at or now - timedelta(days=1),
        sent_by=sent_by,
        created_by=sent_by,
        version=2,
    )
    DirectiveRecipient.objects.bulk_create(
        [DirectiveRecipient(directive=directive, unit=unit) for unit in units]
    )
    return directive


def recipient(directive: Directive, unit: Unit) -> DirectiveRecipient:
    return DirectiveRecipient.objects.select_related("directive", "unit").get(
        directive=directive, unit=unit
    )


def directives_state() -> dict[str, Any]:
    return {
        "directives": list(Directive.objects.order_by("pk").values()),
        "recipients": list(DirectiveRecipient.objects.order_by("pk").values()),
        "replies": list(DirectiveReply.objects.order_by("pk").values()),
        "files": list(DirectiveFile.objects.order_by("pk").values()),
        "notifications": Notification.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@contextmanager
def unchanged() -> Iterator[None]:
    before = directives_state()
    yield
    assert directives_state() == before
