"""Directives (ابلاغیه): an instruction or bulletin that HQ, or a province for the units below
it, sends to chosen units, with attachments, a due date and a required action (acknowledge, or
report back with text and files).

A directive is a draft until it is sent; sending freezes it. ``Directive.version`` grows with
every change to a draft (fields, recipients, attachments), so an edit made from an out-of-date
copy is refused. Each recipient unit has one ``DirectiveRecipient`` row carrying its read
receipt, acknowledgement, report and the reminders sent to it; its reply thread
(``DirectiveReply``) is seen only by the issuer's line and that unit's line. Only
``services/directives.py`` changes these rows.
"""

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.common.storage import private_storage
from hamafza.org.models import Unit

__all__ = [
    "Directive",
    "DirectiveFile",
    "DirectiveRecipient",
    "DirectiveReply",
]


class Directive(models.Model):
    class Kind(models.TextChoices):
        INSTRUCTION = "instruction", _("دستورالعمل")
        BULLETIN = "bulletin", _("اطلاعیه")

    class RequiredAction(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("اعلام وصول")
        REPORT = "report", _("گزارش اقدام")

    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SENT = "sent", _("ابلاغ‌شده")

    class Audience(models.TextChoices):
        CHOSEN = "chosen", _("واحدهای انتخاب‌شده")
        PROVINCES = "provinces", _("همه استان‌ها")
        BELOW = "below", _("همه واحدهای زیرمجموعه")

    issuer_unit = models.ForeignKey(
        Unit,
        verbose_name=_("واحد صادرکننده"),
        on_delete=models.PROTECT,
        related_name="directives_issued",
    )
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices, default=Kind.INSTRUCTION)
    title = models.CharField(_("عنوان"), max_length=300)
    body = models.TextField(_("متن"), max_length=20_000)
    required_action = models.CharField(
        _("اقدام لازم"),
        max_length=20,
        choices=RequiredAction.choices,
        default=RequiredAction.ACKNOWLEDGE,
    )
    audience = models.CharField(
        _("گیرندگان"), max_length=20, choices=Audience.choices, default=Audience.CHOSEN
    )
    due_at = models.DateTimeField(_("مهلت"))
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("زمان ابلاغ"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("ابلاغیه")
        verbose_name_plural = _("ابلاغیه‌ها")
        ordering = ["-sent_at", "-updated_at", "-id"]
        indexes = [models.Index(fields=["issuer_unit", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.status == self.Status.SENT and self.due_at < (now or timezone.now())


class DirectiveRecipient(models.Model):
    """One recipient unit of a directive: what happened there, and the reminders it got."""

    class State(models.TextChoices):
        UNREAD = "unread", _("خوانده‌نشده")
        READ = "read", _("خوانده‌شده")
        ACKNOWLEDGED = "acknowledged", _("اعلام وصول شد")
        REPORTED = "reported", _("گزارش داده شد")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("واحد گیرنده"),
        on_delete=models.PROTECT,
        related_name="directives_received",
    )
    read_at = models.DateTimeField(_("زمان خواندن"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("زمان اعلام وصول"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(_("زمان گزارش"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_text = models.TextField(_("گزارش اقدام"), max_length=20_000, blank=True)
    # Set when the automatic reminder went out, so the periodic sweep sends each one once.
    reminded_due_soon_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    # The issuer's last "remind" by hand.
    reminded_at = models.DateTimeField(_("آخرین یادآوری"), null=True, blank=True)

    class Meta:
        verbose_name = _("گیرنده ابلاغیه")
        verbose_name_plural = _("گیرندگان ابلاغیه")
        ordering = ["unit__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "unit"], name="directive_recipient_unique")
        ]
        indexes = [models.Index(fields=["unit", "read_at"])]

    def __str__(self) -> str:
        return f"{self.directive_id} → {self.unit_id}"

    @property
    def is_done(self) -> bool:
        """The required action is carried out (a report also counts for acknowledge-only)."""
        if self.reported_at is not None:
            return True
        return (
            self.directive.required_action == Directive.RequiredAction.ACKNOWLEDGE
            and self.acknowledged_at is not None
        )

    @property
    def state(self) -> str:
        if self.reported_at is not None:
            return self.State.REPORTED
        if self.acknowledged_at is not None:
            return self.State.ACKNOWLEDGED
        if self.read_at is not None:
            return self.State.READ
        return self.State.UNREAD

    @property
    def state_label(self) -> Any:
        return self.State(self.state).label

    @property
    def answered_at(self) -> datetime | None:
        return self.reported_at or self.acknowledged_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        return not self.is_done and self.directive.is_overdue(now)


class DirectiveReply(models.Model):
    """A message in the thread between the issuer and one recipient unit."""

    recipient = models.ForeignKey(
        DirectiveRecipient, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Written on the issuer's side (True) or by the recipient unit (False).
    from_issuer = models.BooleanField(default=False)
    body = models.TextField(_("متن"), max_length=8000)
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)

    class Meta:
        verbose_name = _("پاسخ ابلاغیه")
        verbose_name_plural = _("پاسخ‌های ابلاغیه")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


def _file_path(instance: "DirectiveFile", filename: str) -> str:
    # An unguessable folder: the files are internal, and the media folder may be served as is.
    return f"directives/{instance.directive_id}/{uuid.uuid4().hex}/{filename}"


class DirectiveFile(models.Model):
    """An attachment of the directive (``recipient`` empty) or of one unit's report."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="files")
    recipient = models.ForeignKey(
        DirectiveRecipient,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="files",
    )
    file = models.FileField(
        _("پرونده"), upload_to=_file_path, max_length=300, storage=private_storage
    )
    title = models.CharField(_("عنوان"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("پیوست ابلاغیه")
        verbose_name_plural = _("پیوست‌های ابلاغیه")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
