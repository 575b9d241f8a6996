"""What the public portal keeps of its own: the e-services links block and daily read counts.

Stories, units, tags and subjects belong to the apps below; the portal only reads them.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story


class EServiceLink(models.Model):
    """One link of the "frequently used e-services" block shown on the home and story pages.

    HQ's staff keep the list in the desk (``services.eservice_*``); ``position`` orders it.
    """

    title = models.CharField(_("عنوان"), max_length=120)
    url = models.URLField(_("نشانی"), max_length=500)
    description = models.CharField(_("توضیح کوتاه"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)
    is_active = models.BooleanField(_("نمایش در سایت"), default=True)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("پیوند خدمت الکترونیک")
        verbose_name_plural = _("خدمات الکترونیک پرکاربرد")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class StoryDailyViews(models.Model):
    """How many times a story's page was read on one (Tehran) day.

    One row per story and day, bumped with an ``F()`` increment by the page's view beacon
    (``services.story_view_record``), so counting costs one indexed UPDATE and no read. The
    "most read" block sums the last days' rows.
    """

    story = models.ForeignKey(
        Story, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("روز"))
    views = models.PositiveIntegerField(_("بازدید"), default=0)

    class Meta:
        verbose_name = _("بازدید روزانه خبر")
        verbose_name_plural = _("بازدیدهای روزانه خبرها")
        constraints = [
            models.UniqueConstraint(fields=["story", "day"], name="story_daily_views_unique_day")
        ]
        indexes = [models.Index(fields=["day", "story"])]

    def __str__(self) -> str:
        return f"{self.story_id}@{self.day}: {self.views}"
