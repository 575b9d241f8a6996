from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")


class AuditEntry(models.Model):
    """One state change: who, in which unit, did what to which object, and what changed.

    Append-only: rows are created by ``hamafza.common.audit.audit_log`` and never updated
    or deleted (the model refuses, and the database refuses updates with a trigger).
    ``unit_id`` is a plain integer, not a foreign key, because ``common`` sits below ``org``;
    ``unit_name`` keeps the unit's name as it was.
    """

    created_at = models.DateTimeField(_("زمان"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("نام کاربری"), max_length=150, blank=True)
    unit_id = models.BigIntegerField(_("شناسه واحد"), null=True, blank=True, db_index=True)
    unit_name = models.CharField(_("واحد"), max_length=200, blank=True)
    action = models.CharField(_("رویداد"), max_length=100, db_index=True)
    object_type = models.CharField(_("نوع شیء"), max_length=100, blank=True)
    object_id = models.CharField(_("شناسه شیء"), max_length=64, blank=True)
    object_repr = models.CharField(_("شیء"), max_length=300, blank=True)
    summary = models.TextField(_("خلاصه"), blank=True)
    changes = models.JSONField(_("تغییرات"), default=dict, blank=True)

    objects: ClassVar[AuditQuerySet] = AuditQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("رویداد ممیزی")
        verbose_name_plural = _("گزارش ممیزی")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("the audit log is append-only")


class SystemFlag(models.Model):
    """Small key/value facts about this installation (for example that it holds demo data)."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
