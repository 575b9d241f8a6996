"""The strategic media document (سند راهبردی رسانه‌ای): versions, goals, key messages,
audiences and indicators with a baseline and a target per period.

Each ``StrategyDocument`` row is one version. A version is written as a draft, activated
(which archives the version that was active) and finally archived; exactly one is active at a
time, which the services keep and a partial unique constraint enforces. Only a draft's content
changes: the active strategy is what plans, activities and stories are measured against, so a
change to it is a new version. ``version`` grows with every change to a draft or its parts,
so a save or a transition made from an out-of-date copy is refused instead of overwriting.

Periods are Jalali: ``year`` (e.g. 1405) and an optional ``quarter`` (1–4; none means the whole
year), stored as integers and shown in Jalali with Persian digits at render time.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StrategyDocument(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        ACTIVE = "active", _("فعال")
        ARCHIVED = "archived", _("بایگانی‌شده")

    title = models.CharField(_("عنوان"), max_length=300)
    summary = models.TextField(_("خلاصه و چشم‌انداز"), max_length=10_000, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("برگرفته از"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)
    activated_at = models.DateTimeField(_("زمان ابلاغ"), null=True, blank=True)
    archived_at = models.DateTimeField(_("زمان بایگانی"), null=True, blank=True)

    class Meta:
        verbose_name = _("سند راهبردی رسانه‌ای")
        verbose_name_plural = _("نسخه‌های سند راهبردی رسانه‌ای")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="strategy_one_active_document",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    document = models.ForeignKey(
        StrategyDocument, verbose_name=_("سند"), on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(_("عنوان هدف"), max_length=300)
    description = models.TextField(_("شرح"), max_length=4000, blank=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        verbose_name = _("هدف راهبردی")
        verbose_name_plural = _("هدف‌های راهبردی")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class KeyMessage(models.Model):
    goal = models.ForeignKey(
        Goal, verbose_name=_("هدف"), on_delete=models.CASCADE, related_name="messages"
    )
    text = models.CharField(_("پیام کلیدی"), max_length=500)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        verbose_name = _("پیام کلیدی")
        verbose_name_plural = _("پیام‌های کلیدی")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Audience(models.Model):
    document = models.ForeignKey(
        StrategyDocument,
        verbose_name=_("سند"),
        on_delete=models.CASCADE,
        related_name="audiences",
    )
    name = models.CharField(_("مخاطب"), max_length=200)
    description = models.TextField(_("شرح"), max_length=4000, blank=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        verbose_name = _("مخاطب")
        verbose_name_plural = _("مخاطبان")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    document = models.ForeignKey(
        StrategyDocument,
        verbose_name=_("سند"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("هدف"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
    )
    name = models.CharField(_("شاخص"), max_length=300)
    measure = models.CharField(_("واحد سنجش"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        verbose_name = _("شاخص")
        verbose_name_plural = _("شاخص‌ها")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class IndicatorPeriod(models.Model):
    """An indicator's baseline and target for a Jalali year, or one quarter of it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("شاخص"), on_delete=models.CASCADE, related_name="periods"
    )
    year = models.PositiveSmallIntegerField(_("سال"))
    quarter = models.PositiveSmallIntegerField(_("فصل"), null=True, blank=True)
    baseline = models.DecimalField(_("خط پایه"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("هدف کمّی"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("دوره شاخص")
        verbose_name_plural = _("دوره‌های شاخص")
        # The whole year first, then its quarters, on every database (NULLs sort last on
        # PostgreSQL, first on SQLite).
        ordering = ["year", F("quarter").asc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(quarter__isnull=True),
                name="indicator_period_unique_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="indicator_period_unique_quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="indicator_period_quarter_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}/{self.quarter or '-'}"

    @property
    def quarter_name(self) -> str:
        """The season a quarter of the Jalali year is (empty for the whole year)."""
        return str(QUARTER_NAMES.get(self.quarter or 0, ""))


# The Jalali year's quarters are its seasons, starting with spring (Farvardin).
QUARTER_NAMES = {1: _("بهار"), 2: _("تابستان"), 3: _("پاییز"), 4: _("زمستان")}
