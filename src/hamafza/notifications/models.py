"""In-app notifications: what happened to someone's work, with a link to it; and how each person
wants them by e-mail (off, at once, or in a daily digest), with what was e-mailed when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmailMode(models.TextChoices):
    OFF = "off", _("خاموش")
    IMMEDIATE = "immediate", _("بی‌درنگ، هر اعلان یک رایانامه")
    DIGEST = "digest", _("خلاصه روزانه")


# A PR practitioner gets many small notifications a day (returned stories, directives, support
# requests, campaign joins); one e-mail each would bury the important ones, no e-mail at all
# would let a directive's deadline pass unnoticed by someone who was not at the desk. So the
# default is one daily digest, and whoever needs more (or less) chooses.
DEFAULT_EMAIL_MODE = EmailMode.DIGEST


class NotificationPreference(models.Model):
    """A person's choice of e-mail delivery. No row means the default (``DEFAULT_EMAIL_MODE``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_mode = models.CharField(
        _("اعلان‌ها با رایانامه"),
        max_length=16,
        choices=EmailMode.choices,
        default=DEFAULT_EMAIL_MODE,
    )
    # A change takes effect for notifications from this moment on: switching e-mail on does not
    # send a burst of old ones.
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("ترجیح اعلان")
        verbose_name_plural = _("ترجیحات اعلان")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_email_mode_display()}"


class DigestDelivery(models.Model):
    """One person's daily digest for one day. Unique per (user, day): whoever inserts the row
    first (a worker, or the same worker retried) is the only one who sends that digest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
    )
    # The local (Asia/Tehran) date of the digest hour it belongs to.
    day = models.DateField(_("روز"))
    claimed_at = models.DateTimeField(_("زمان آغاز"), default=timezone.now)
    sent_at = models.DateTimeField(_("زمان ارسال"), null=True, blank=True)
    notification_count = models.PositiveIntegerField(_("شمار اعلان‌ها"), default=0)

    class Meta:
        verbose_name = _("خلاصه روزانه ارسال‌شده")
        verbose_name_plural = _("خلاصه‌های روزانه ارسال‌شده")
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notifications_one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.day}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("گیرنده"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("انجام‌دهنده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A dotted event name, like the audit log's: newsroom.story.returned, …
    kind = models.CharField(_("نوع"), max_length=100)
    text = models.CharField(_("متن"), max_length=500)
    url = models.CharField(pgettext_lazy("web address", "نشانی"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)
    read_at = models.DateTimeField(_("خوانده شده"), null=True, blank=True)
    # Set (claimed) by the worker just before it e-mails this notification, alone or in a
    # digest; a conditional UPDATE on this column is what keeps it from being e-mailed twice.
    emailed_at = models.DateTimeField(_("زمان ارسال رایانامه"), null=True, blank=True)
    digest = models.ForeignKey(
        DigestDelivery,
        verbose_name=_("خلاصه روزانه"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )

    class Meta:
        verbose_name = _("اعلان")
        verbose_name_plural = _("اعلان‌ها")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # The worker's sweeps: not yet e-mailed, in a time window.
            models.Index(fields=["emailed_at", "created_at"], name="notification_email_queue"),
        ]

    def __str__(self) -> str:
        return self.text
