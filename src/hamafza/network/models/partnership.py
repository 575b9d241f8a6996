"""Partnership work: joint activities with partners (inter-, intra- and extra-agency synergy)
and the internal bulletin (خبرنامه داخلی) sent to the organization's staff.

* ``JointActivity``: a fact a unit records (no drafts): what it did, when and where, with which
  partners and which other units of the organization, in which domain of synergy, and the
  stories published about it. Visible to the whole network, changed only by its unit's line
  and HQ (``network.permissions.partnership``).
* ``Bulletin`` → ordered ``BulletinItem`` (published stories with an editor's note) →
  ``BulletinDelivery``: one row per recipient, unique per (bulletin, user), so each person gets
  the e-mail exactly once however often it is issued or the sending retried.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story
from hamafza.org.models import Domain, Partner, Unit

__all__ = ["Bulletin", "BulletinDelivery", "BulletinItem", "JointActivity"]


class JointActivity(models.Model):
    """An activity a unit carried out together with partners and/or other units."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("واحد ثبت‌کننده"),
        on_delete=models.PROTECT,
        related_name="joint_activities",
    )
    title = models.CharField(_("عنوان"), max_length=300)
    occurred_on = models.DateField(_("تاریخ"), db_index=True)
    place = models.CharField(_("مکان"), max_length=200, blank=True)
    domain = models.ForeignKey(
        Domain,
        verbose_name=_("حوزه هم‌افزایی"),
        on_delete=models.PROTECT,
        related_name="joint_activities",
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("همکاران"), blank=True, related_name="joint_activities"
    )
    other_units = models.ManyToManyField(
        Unit,
        verbose_name=_("واحدهای همراه"),
        blank=True,
        related_name="joint_activities_joined",
        help_text=_("دیگر واحدهای سازمان که در این فعالیت شریک بودند."),
    )
    description = models.TextField(_("شرح"), max_length=8000, blank=True)
    outcome = models.TextField(_("دستاورد"), max_length=4000, blank=True)
    stories = models.ManyToManyField(
        Story,
        verbose_name=_("خبرهای مشترک"),
        blank=True,
        related_name="joint_activities",
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ثبت‌کننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ثبت"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("فعالیت مشترک")
        verbose_name_plural = _("فعالیت‌های مشترک")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["domain", "occurred_on"])]

    def __str__(self) -> str:
        return self.title


class Bulletin(models.Model):
    """An internal bulletin: chosen published stories for the staff of chosen units."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        ISSUED = "issued", _("منتشرشده")

    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد"), on_delete=models.PROTECT, related_name="bulletins"
    )
    title = models.CharField(_("عنوان"), max_length=300)
    intro = models.TextField(_("سخن آغازین"), max_length=4000, blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    to_everyone = models.BooleanField(_("برای همه کارکنان"), default=False)
    audience_units = models.ManyToManyField(
        Unit,
        verbose_name=_("واحدهای گیرنده"),
        blank=True,
        related_name="bulletins_received",
        help_text=_("کارکنان این واحدها و همه واحدهای زیرمجموعه آن‌ها."),
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    # Where the e-mail's links point: PUBLIC_BASE_URL, else the address the issuer used.
    site_url = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("نویسنده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)
    issued_at = models.DateTimeField(_("زمان انتشار"), null=True, blank=True, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("منتشرکننده"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("خبرنامه داخلی")
        verbose_name_plural = _("خبرنامه‌های داخلی")
        ordering = ["-issued_at", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED


class BulletinItem(models.Model):
    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("خبرنامه"), on_delete=models.CASCADE, related_name="items"
    )
    story = models.ForeignKey(
        Story, verbose_name=_("خبر"), on_delete=models.PROTECT, related_name="bulletin_items"
    )
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)
    note = models.CharField(_("یادداشت دبیر"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("خبر خبرنامه")
        verbose_name_plural = _("خبرهای خبرنامه")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "story"], name="bulletin_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bulletin_id} · {self.story_id}"


class BulletinDelivery(models.Model):
    """The bulletin's e-mail to one person: created when the bulletin is issued, claimed and
    sent by ``bulletin_deliveries_send``. The unique (bulletin, user) pair is what makes the
    sending exactly once per person."""

    bulletin = models.ForeignKey(
        Bulletin, verbose_name=_("خبرنامه"), on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("گیرنده"),
        on_delete=models.CASCADE,
        related_name="bulletin_deliveries",
    )
    email = models.EmailField(_("رایانامه"))
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("زمان ارسال"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(_("ناموفق"), null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("ارسال خبرنامه")
        verbose_name_plural = _("ارسال‌های خبرنامه")
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "user"], name="bulletin_delivery_unique")
        ]
        indexes = [models.Index(fields=["sent_at", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.bulletin_id} → {self.email}"
