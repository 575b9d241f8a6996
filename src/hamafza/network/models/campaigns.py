"""Campaigns (کارزار): a network-wide coordinated effort around strategy goals and key messages.

HQ (or a province, for its counties) owns a campaign, invites units, and hands them a toolkit
(message texts per channel, hashtags, assets with credit and consent, story templates). Units
join, plan local activities, and their outputs are counted: published stories carrying the
campaign's hashtag (or linked to it explicitly) and their republications are recorded
automatically by ``services.campaigns.campaign_story_sync``; external posts are logged by hand.
Only the services change these rows; the status moves through ``services.campaigns.TRANSITIONS``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.common.storage import private_storage
from hamafza.newsroom.models import Story
from hamafza.org.models import Unit
from hamafza.plans.models import Channel
from hamafza.strategy.models import Goal, KeyMessage

__all__ = [
    "Campaign",
    "CampaignAsset",
    "CampaignLocalActivity",
    "CampaignMessage",
    "CampaignOutput",
    "CampaignParticipation",
    "CampaignStoryLink",
    "CampaignTemplate",
]


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        LAUNCHED = "launched", _("در جریان")
        CLOSED = "closed", _("پایان‌یافته")
        CANCELLED = "cancelled", _("لغوشده")

    class Scope(models.TextChoices):
        ALL = "all", _("همه واحدهای زیرمجموعه")
        CHILDREN = "children", _("واحدهای یک سطح پایین‌تر")
        CHOSEN = "chosen", _("واحدهای انتخاب‌شده")

    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("واحد برگزارکننده"), on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField(_("عنوان کارزار"), max_length=300)
    summary = models.TextField(_("شرح کارزار"), max_length=8000, blank=True)
    goals = models.ManyToManyField(Goal, verbose_name=_("هدف‌های راهبردی"), blank=True)
    key_messages = models.ManyToManyField(KeyMessage, verbose_name=_("پیام‌های کلیدی"), blank=True)
    starts_on = models.DateField(_("تاریخ شروع"))
    ends_on = models.DateField(_("تاریخ پایان"))
    # Without the leading "#"; a story counts when one of its tags is this hashtag.
    hashtag = models.CharField(_("هشتگ اصلی"), max_length=100)
    extra_hashtags = models.JSONField(_("هشتگ‌های دیگر"), default=list, blank=True)
    scope = models.CharField(
        _("واحدهای شرکت‌کننده"), max_length=20, choices=Scope.choices, default=Scope.CHILDREN
    )
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)
    launched_at = models.DateTimeField(_("زمان آغاز"), null=True, blank=True)
    closed_at = models.DateTimeField(_("زمان پایان"), null=True, blank=True)

    class Meta:
        verbose_name = _("کارزار")
        verbose_name_plural = _("کارزارها")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self) -> str:
        return self.title


class _ToolkitItem(models.Model):
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class CampaignMessage(_ToolkitItem):
    """A ready message text for one channel (a post, an SMS, a line for the radio…)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(_("مجرا"), max_length=20, choices=Channel.choices)
    text = models.TextField(_("متن پیام"), max_length=4000)

    class Meta(_ToolkitItem.Meta):
        verbose_name = _("پیام آماده کارزار")
        verbose_name_plural = _("پیام‌های آماده کارزار")

    def __str__(self) -> str:
        return self.text[:60]


def _asset_path(instance: "CampaignAsset", filename: str) -> str:
    return f"network/campaigns/{instance.campaign_id}/{filename}"


class CampaignAsset(_ToolkitItem):
    """A file of the toolkit (poster, photo, clip). Without the consent of the people shown it
    is kept for reference only: marked and never offered for download."""

    class Consent(models.TextChoices):
        OBTAINED = "obtained", _("رضایت آگاهانه گرفته شده")
        NOT_NEEDED = "not_needed", _("نیازی به رضایت نیست (بی‌چهره یا طراحی)")
        MISSING = "missing", _("بدون رضایت — فقط برای آگاهی، نه انتشار")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assets")
    title = models.CharField(_("عنوان"), max_length=200)
    file = models.FileField(_("پرونده"), upload_to=_asset_path, storage=private_storage)
    size = models.PositiveIntegerField(default=0)
    credit = models.CharField(_("پدیدآورنده / منبع"), max_length=200, blank=True)
    consent = models.CharField(
        _("وضعیت رضایت"), max_length=20, choices=Consent.choices, default=Consent.MISSING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta(_ToolkitItem.Meta):
        verbose_name = _("پرونده کارزار")
        verbose_name_plural = _("پرونده‌های کارزار")

    def __str__(self) -> str:
        return self.title

    @property
    def downloadable(self) -> bool:
        return self.consent != self.Consent.MISSING


class CampaignTemplate(_ToolkitItem):
    """A suggested story: a headline pattern and an outline a unit fills with its local facts."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="templates")
    title = models.CharField(_("عنوان الگو"), max_length=300)
    kind = models.CharField(
        _("نوع خبر"), max_length=20, choices=Story.Kind.choices, default=Story.Kind.NEWS
    )
    body = models.TextField(_("طرح خبر"), max_length=8000)

    class Meta(_ToolkitItem.Meta):
        verbose_name = _("الگوی خبر کارزار")
        verbose_name_plural = _("الگوهای خبر کارزار")

    def __str__(self) -> str:
        return self.title


class CampaignParticipation(models.Model):
    """A unit invited to the campaign; ``joined_at`` is set once its head or editor joins."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaign_participations")
    invited_at = models.DateTimeField(_("زمان دعوت"), default=timezone.now)
    joined_at = models.DateTimeField(_("زمان پیوستن"), null=True, blank=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("واحد شرکت‌کننده")
        verbose_name_plural = _("واحدهای شرکت‌کننده")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="campaign_participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"


class CampaignLocalActivity(models.Model):
    """What a participating unit plans to do for the campaign locally."""

    participation = models.ForeignKey(
        CampaignParticipation, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("عنوان فعالیت"), max_length=300)
    date = models.DateField(_("تاریخ"))
    channel = models.CharField(_("مجرا"), max_length=20, choices=Channel.choices)
    note = models.TextField(_("یادداشت"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("فعالیت محلی کارزار")
        verbose_name_plural = _("فعالیت‌های محلی کارزار")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return self.title


class CampaignStoryLink(models.Model):
    """A story its unit's writers tied to the campaign by hand (it need not carry the hashtag)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="story_links")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="campaign_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("پیوند خبر به کارزار")
        verbose_name_plural = _("پیوندهای خبر به کارزار")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "story"], name="campaign_story_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.story_id}"


def _evidence_path(instance: "CampaignOutput", filename: str) -> str:
    return f"network/campaigns/{instance.campaign_id}/evidence/{filename}"


class CampaignOutput(models.Model):
    """One output of a participating unit. ``story`` and ``republish`` rows are kept by the
    system from published stories (one row per campaign and story); ``external`` rows are
    logged by the unit with a link and evidence."""

    class Kind(models.TextChoices):
        STORY = "story", _("خبر")
        REPUBLISH = "republish", _("بازنشر / بومی‌سازی")
        EXTERNAL = "external", _("انتشار بیرونی")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="outputs")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="campaign_outputs")
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices)
    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, null=True, blank=True, related_name="campaign_outputs"
    )
    url = models.URLField(_("نشانی"), max_length=1000, blank=True)
    channel = models.CharField(_("مجرا"), max_length=20, choices=Channel.choices, blank=True)
    note = models.CharField(_("توضیح"), max_length=500, blank=True)
    evidence = models.FileField(
        _("مستند"), upload_to=_evidence_path, blank=True, storage=private_storage
    )
    occurred_at = models.DateTimeField(_("زمان"), db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("برونداد کارزار")
        verbose_name_plural = _("بروندادهای کارزار")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["campaign", "unit", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "story"],
                condition=models.Q(story__isnull=False),
                name="campaign_output_story_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}:{self.kind}"
