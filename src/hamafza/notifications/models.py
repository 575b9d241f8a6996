"""In-app notifications: what happened to someone's work, with a link to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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

    class Meta:
        verbose_name = _("اعلان")
        verbose_name_plural = _("اعلان‌ها")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text
