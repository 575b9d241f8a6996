"""Public comments on published stories, their per-story switch and the captcha challenges.

A comment is plain text, always: it is stored as typed and escaped wherever it is shown, never
rendered as markup. It moves between statuses only through ``services`` (the transition table
in ``workflow.py``). The visitor's address is never stored: ``network_hash`` is a keyed hash of
the network it came from (``visitors.network_hash``), kept for abuse control and emptied by
``hamafza purge_comment_ips`` after ``COMMENTS_NETWORK_RETENTION_DAYS``.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story

BODY_MAX = 2000
NAME_MAX = 80


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("در انتظار بررسی")
        APPROVED = "approved", _("تأییدشده")
        REJECTED = "rejected", _("ردشده")
        SPAM = "spam", _("هرزنامه")

    class Flag(models.TextChoices):
        """Why the system marked a comment spam on arrival (the visitor is not told)."""

        NONE = "", _("—")
        HONEYPOT = "honeypot", _("فیلد پنهان پر شده بود")
        TOO_FAST = "too_fast", _("زودتر از حد معمول فرستاده شد")

    story = models.ForeignKey(
        Story, verbose_name=_("خبر"), on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("در پاسخ به"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    body = models.TextField(_("متن نظر"), max_length=BODY_MAX)
    author_name = models.CharField(_("نام"), max_length=NAME_MAX)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    flag = models.CharField(
        _("نشانه سامانه"), max_length=20, choices=Flag.choices, default="", blank=True
    )
    is_official = models.BooleanField(_("پاسخ رسمی"), default=False)
    # Who wrote an official reply; visitors' comments have none.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("نویسنده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    network_hash = models.CharField(_("نشانی شبکه (درهم‌سازی‌شده)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)
    moderated_at = models.DateTimeField(_("زمان بررسی"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بررسی‌کننده"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("نظر")
        verbose_name_plural = _("نظرها")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["story", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["created_at"], name="comment_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:50]}"


class StoryCommentSettings(models.Model):
    """A story's comment switch. No row means comments are open."""

    story = models.OneToOneField(
        Story,
        verbose_name=_("خبر"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_settings",
    )
    closed = models.BooleanField(_("نظرگذاری بسته است"), default=False)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("تنظیم نظرهای خبر")
        verbose_name_plural = _("تنظیم نظرهای خبرها")

    def __str__(self) -> str:
        return f"{self.story_id}: {'closed' if self.closed else 'open'}"


class CaptchaChallenge(models.Model):
    """One arithmetic question, answerable once before ``expires_at``.

    The visitor holds a signed token naming ``key``; any answer, right or wrong, sets
    ``used_at``, so a token never counts twice.
    """

    class Operator(models.TextChoices):
        PLUS = "+", _("به‌علاوه")
        MINUS = "-", _("منهای")

    key = models.CharField(max_length=64, unique=True)
    left = models.PositiveSmallIntegerField()
    operator = models.CharField(max_length=1, choices=Operator.choices)
    right = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("پرسش امنیتی")
        verbose_name_plural = _("پرسش‌های امنیتی")

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.operator == self.Operator.MINUS and self.right > self.left:
            raise ValueError("a captcha never asks for a negative answer")
        super().save(*args, **kwargs)

    @property
    def answer(self) -> int:
        if self.operator == self.Operator.MINUS:
            return self.left - self.right
        return self.left + self.right
