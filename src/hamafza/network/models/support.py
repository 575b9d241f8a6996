"""Support requests (درخواست پشتیبانی): a unit asks the network for capacity it lacks — a
photographer, a video crew, a designer, a translator, a reporter at an event — and practitioners
with that skill, nearest units first, accept or decline.

``SupportRequest`` moves through ``network.services.support.TRANSITIONS``; each person it is
offered to holds one ``SupportOffer`` with its own small life (offered → accepted / declined →
confirmed by the requesting unit → done at completion; withdrawn when the request closes
without them). On completion the request names the stories that came out of it
(``SupportRequest.stories``): every helper whose offer is ``done`` is credited on each.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story
from hamafza.org.models import Skill, Unit

__all__ = ["SupportOffer", "SupportRequest"]


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("باز")
        IN_PROGRESS = "in_progress", _("در حال انجام")
        COMPLETED = "completed", _("انجام‌شده")
        CANCELLED = "cancelled", _("لغوشده")
        EXPIRED = "expired", _("منقضی")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("واحد درخواست‌کننده"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    skill = models.ForeignKey(
        Skill, verbose_name=_("مهارت لازم"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("عنوان"), max_length=200)
    description = models.TextField(_("شرح"), max_length=4000, blank=True)
    place = models.CharField(_("محل"), max_length=300)
    starts_at = models.DateTimeField(_("زمان"))
    hours = models.PositiveSmallIntegerField(_("مدت (ساعت)"), default=2)
    people_needed = models.PositiveSmallIntegerField(_("شمار نفرات"), default=1)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    stories = models.ManyToManyField(
        Story, verbose_name=_("خبرهای حاصل"), blank=True, related_name="support_requests"
    )
    closing_note = models.CharField(_("توضیح پایانی"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)
    completed_at = models.DateTimeField(_("زمان انجام"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("درخواست پشتیبانی")
        verbose_name_plural = _("درخواست‌های پشتیبانی")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def status_class(self) -> str:
        """The desk's status chip colour for this status."""
        return _REQUEST_CHIP.get(self.status, "")


class SupportOffer(models.Model):
    """The request offered to one practitioner. ``unit`` is the helper's unit the offer was
    ranked by (their nearest membership to the requesting unit); ``tier`` and ``distance``
    are that ranking (``network.selectors.support.proximity``)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("پیشنهادشده")
        ACCEPTED = "accepted", _("پذیرفته")
        DECLINED = "declined", _("ردشده")
        CONFIRMED = "confirmed", _("تأییدشده")
        DONE = "done", _("انجام‌شده")
        WITHDRAWN = "withdrawn", _("پس‌گرفته")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("همکار"),
        on_delete=models.PROTECT,
        related_name="support_offers",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد همکار"), on_delete=models.PROTECT, related_name="+"
    )
    tier = models.PositiveSmallIntegerField(_("نزدیکی"), default=0)
    distance = models.PositiveSmallIntegerField(_("فاصله در درخت"), default=0)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.OFFERED, db_index=True
    )
    reason = models.CharField(_("دلیل"), max_length=500, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    offered_at = models.DateTimeField(_("زمان پیشنهاد"), default=timezone.now)
    responded_at = models.DateTimeField(_("زمان پاسخ"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("زمان تأیید"), null=True, blank=True)

    class Meta:
        verbose_name = _("پیشنهاد پشتیبانی")
        verbose_name_plural = _("پیشنهادهای پشتیبانی")
        ordering = ["tier", "distance", "offered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="support_offer_unique_user")
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.request} · {self.user}"

    @property
    def status_class(self) -> str:
        return _OFFER_CHIP.get(self.status, "")


_REQUEST_CHIP: dict[str, str] = {
    SupportRequest.Status.OPEN: "status-submitted",
    SupportRequest.Status.IN_PROGRESS: "status-approved",
    SupportRequest.Status.COMPLETED: "status-published",
    SupportRequest.Status.CANCELLED: "status-unpublished",
    SupportRequest.Status.EXPIRED: "status-unpublished",
}
_OFFER_CHIP: dict[str, str] = {
    SupportOffer.Status.OFFERED: "status-submitted",
    SupportOffer.Status.ACCEPTED: "status-approved",
    SupportOffer.Status.DECLINED: "status-returned",
    SupportOffer.Status.CONFIRMED: "status-approved",
    SupportOffer.Status.DONE: "status-published",
    SupportOffer.Status.WITHDRAWN: "status-unpublished",
}
