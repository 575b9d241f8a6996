"""Plans (طرح / برنامه) of the organization, each with its media attachment (پیوست رسانه‌ای),
and the media activities that carry it out.

A plan belongs to one unit and moves through ``workflow.PLAN_TRANSITIONS``; only
``services.py`` changes it. Its media attachment follows the GCS OASIS model (objectives,
audience insight, strategy/idea, implementation, scoring) and the AMEC framework (inputs →
activities → outputs → out-takes → outcomes). ``MediaAttachment.version`` grows with every
change to the attachment or any of its parts, so an edit made from an out-of-date copy is
refused; a snapshot is kept at each submission and at each PR approval.

Activities are planned media actions. Stories (in ``newsroom``, above this app) link to the
activity they serve; the newsroom records each linked story's publication here
(``ActivityOutput``) so output indicators are counted from what was actually published.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.org.models import Domain, Partner, Unit
from hamafza.strategy.models import Audience, Goal, KeyMessage


class Channel(models.TextChoices):
    WEBSITE = "website", _("پایگاه اطلاع‌رسانی")
    NEWS_AGENCY = "news_agency", _("خبرگزاری‌ها")
    PRESS = "press", _("روزنامه و نشریه")
    RADIO = "radio", _("رادیو")
    TV = "tv", _("تلویزیون")
    SOCIAL = "social", _("شبکه‌های اجتماعی")
    MESSENGER = "messenger", _("پیام‌رسان‌ها")
    EVENT = "event", _("رویداد و همایش")
    EXHIBITION = "exhibition", _("نمایشگاه")
    PRINT = "print", _("چاپی (بروشور، پوستر)")
    SMS = "sms", _("پیامک")
    FACE_TO_FACE = "face_to_face", _("ارتباط چهره‌به‌چهره")
    OTHER = "other", _("سایر")


class Plan(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("پیشنهادی")
        ATTACHMENT_REVIEW = "attachment_review", _("در بررسی پیوست رسانه‌ای")
        APPROVED = "approved", _("تصویب‌شده")
        RUNNING = "running", _("در حال اجرا")
        CLOSED = "closed", _("پایان‌یافته")
        CANCELLED = "cancelled", _("لغوشده")

    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد مجری"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("عنوان طرح"), max_length=300)
    description = models.TextField(_("شرح طرح"), max_length=20_000, blank=True)
    starts_on = models.DateField(_("تاریخ شروع"))
    ends_on = models.DateField(_("تاریخ پایان"))
    partners = models.ManyToManyField(Partner, verbose_name=_("همکاران"), blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("حوزه‌ها"), blank=True)
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("طرح")
        verbose_name_plural = _("طرح‌ها")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.title


class MediaAttachment(models.Model):
    """The plan's media plan. Scalar parts live here; lists live in the models below."""

    plan = models.OneToOneField(
        Plan, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="attachment"
    )
    idea = models.TextField(_("ایده و راهبرد ارتباطی"), max_length=8000, blank=True)
    channels = models.JSONField(_("مجراها"), default=list, blank=True)
    consent_and_dignity = models.TextField(
        _("رضایت و کرامت مددجویان"),
        max_length=4000,
        blank=True,
        help_text=_(
            "چگونه رضایت آگاهانه افرادی که روایتشان گفته می‌شود گرفته و کرامتشان حفظ می‌شود."
        ),
    )
    people = models.TextField(_("نیروی انسانی"), max_length=4000, blank=True)
    budget = models.DecimalField(
        _("بودجه (ریال)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    approved_version = models.PositiveIntegerField(_("نسخه تأییدشده"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("زمان تأیید روابط عمومی"), null=True, blank=True)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("پیوست رسانه‌ای")
        verbose_name_plural = _("پیوست‌های رسانه‌ای")

    def __str__(self) -> str:
        return str(self.plan)

    @property
    def is_approved(self) -> bool:
        """Approved by PR as it stands now (any later change withdraws the approval)."""
        return self.approved_version is not None and self.approved_version == self.version


class AttachmentRevision(models.Model):
    """The attachment's whole content at a submission or a PR approval."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("ارسال برای بررسی")
        APPROVED = "approved", _("تأیید روابط عمومی")

    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("نسخه"))
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)
    data = models.JSONField(_("محتوا"))

    class Meta:
        verbose_name = _("نسخه پیوست رسانه‌ای")
        verbose_name_plural = _("نسخه‌های پیوست رسانه‌ای")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.attachment_id}@{self.version}"


class _Part(models.Model):
    """A row of one of the attachment's lists."""

    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class Objective(_Part):
    """A SMART objective: specific (text), measurable (measure + target), linked to a strategy
    goal (relevant), time-bound (deadline)."""

    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="objectives"
    )
    text = models.CharField(_("هدف"), max_length=500)
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("هدف راهبردی"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    measure = models.CharField(_("سنجه"), max_length=300, blank=True)
    target = models.CharField(_("مقدار هدف"), max_length=200, blank=True)
    deadline = models.DateField(_("مهلت"), null=True, blank=True)

    class Meta(_Part.Meta):
        verbose_name = _("هدف SMART")
        verbose_name_plural = _("هدف‌های SMART")

    def __str__(self) -> str:
        return self.text


class Segment(_Part):
    """Audience insight: a segment and what it should think, feel and do."""

    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="segments"
    )
    name = models.CharField(_("بخش مخاطبان"), max_length=200)
    audience = models.ForeignKey(
        Audience,
        verbose_name=_("مخاطب در سند راهبردی"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    insight = models.TextField(_("شناخت مخاطب"), max_length=2000, blank=True)
    think = models.CharField(_("چه بیندیشد"), max_length=500, blank=True)
    feel = models.CharField(_("چه احساس کند"), max_length=500, blank=True)
    do = models.CharField(_("چه کند"), max_length=500, blank=True)

    class Meta(_Part.Meta):
        verbose_name = _("بخش مخاطبان")
        verbose_name_plural = _("بخش‌های مخاطبان")

    def __str__(self) -> str:
        return self.name


class AttachmentMessage(_Part):
    """A message the plan carries: one of the strategy's key messages, or a local one."""

    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="messages"
    )
    key_message = models.ForeignKey(
        KeyMessage,
        verbose_name=_("پیام کلیدی سند"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.CharField(_("پیام محلی"), max_length=500, blank=True)

    class Meta(_Part.Meta):
        verbose_name = _("پیام")
        verbose_name_plural = _("پیام‌ها")

    def __str__(self) -> str:
        return self.text or str(self.key_message or "")


class Spokesperson(_Part):
    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="spokespeople"
    )
    name = models.CharField(_("نام"), max_length=200)
    title = models.CharField(_("سمت"), max_length=200, blank=True)
    topics = models.CharField(_("موضوع‌های گفت‌وگو"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("سخنگو")
        verbose_name_plural = _("سخنگویان")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Risk(_Part):
    class Kind(models.TextChoices):
        RISK = "risk", _("ریسک")
        SENSITIVITY = "sensitivity", _("حساسیت")
        CONSENT = "consent", _("رضایت آگاهانه")
        DIGNITY = "dignity", _("کرامت مددجویان")

    attachment = models.ForeignKey(MediaAttachment, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices, default=Kind.RISK)
    description = models.CharField(_("شرح"), max_length=1000)
    mitigation = models.CharField(_("راه پیشگیری و پاسخ"), max_length=1000, blank=True)

    class Meta(_Part.Meta):
        verbose_name = _("ریسک و حساسیت")
        verbose_name_plural = _("ریسک‌ها و حساسیت‌ها")

    def __str__(self) -> str:
        return self.description


class PlanIndicator(_Part):
    """An AMEC indicator of the plan: output, out-take or outcome, with baseline and target.

    Output indicators measured as ``published_stories`` count the linked stories published
    (``ActivityOutput``); out-take indicators measured as ``reads`` or ``approved_comments``
    take the portal's figures for the stories linked to the plan's activities (counted above
    this app, see ``plans.measures``); ``manual`` ones by ``IndicatorResult`` entries, each
    with its evidence."""

    class Level(models.TextChoices):
        OUTPUT = "output", _("برونداد")
        OUTTAKE = "outtake", _("برداشت مخاطب")
        OUTCOME = "outcome", _("پیامد")

    class Source(models.TextChoices):
        PUBLISHED_STORIES = "published_stories", _("شمار خبرهای منتشرشده پیوند‌خورده")
        READS = "reads", _("بازدید عمومی خبرهای پیوندخورده")
        APPROVED_COMMENTS = "approved_comments", _("نظرهای تأییدشده خبرهای پیوندخورده")
        MANUAL = "manual", _("ثبت با مستند")

    attachment = models.ForeignKey(
        MediaAttachment, on_delete=models.CASCADE, related_name="indicators"
    )
    level = models.CharField(_("سطح"), max_length=20, choices=Level.choices)
    name = models.CharField(_("شاخص"), max_length=300)
    source = models.CharField(
        _("شیوه سنجش"), max_length=30, choices=Source.choices, default=Source.MANUAL
    )
    baseline = models.DecimalField(
        _("خط پایه"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("هدف"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta(_Part.Meta):
        verbose_name = _("شاخص طرح")
        verbose_name_plural = _("شاخص‌های طرح")

    def __str__(self) -> str:
        return self.name


class IndicatorResult(models.Model):
    """A measured value of a manual indicator, with its evidence."""

    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="results")
    value = models.DecimalField(_("مقدار"), max_digits=14, decimal_places=2)
    evidence = models.TextField(_("مستند"), max_length=4000)
    measured_on = models.DateField(_("تاریخ سنجش"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("نتیجه شاخص")
        verbose_name_plural = _("نتیجه‌های شاخص")
        ordering = ["-measured_on", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value}"


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("برنامه‌ریزی‌شده")
        IN_PROGRESS = "in_progress", _("در حال انجام")
        DONE = "done", _("انجام‌شده")
        CANCELLED = "cancelled", _("لغوشده")

    plan = models.ForeignKey(
        Plan, verbose_name=_("طرح"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("عنوان فعالیت"), max_length=300)
    description = models.TextField(_("شرح"), max_length=4000, blank=True)
    channel = models.CharField(_("مجرا"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("تاریخ"))
    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد مسئول"), on_delete=models.PROTECT, related_name="activities"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("مسئول"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_activities",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("حوزه"), on_delete=models.PROTECT, null=True, blank=True
    )
    partners = models.ManyToManyField(Partner, verbose_name=_("همکاران"), blank=True)
    key_message = models.ForeignKey(
        KeyMessage,
        verbose_name=_("پیام کلیدی"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # Grows with every change (fields, partners, status), so an edit made from an out-of-date
    # copy is refused (``services.StaleActivity``).
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("فعالیت رسانه‌ای")
        verbose_name_plural = _("فعالیت‌های رسانه‌ای")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["unit", "date"])]

    def __str__(self) -> str:
        return self.title


class ActivityOutput(models.Model):
    """A published story serving an activity, as the newsroom reports it (see
    ``services.activity_output_sync``). The story id is a plain integer: ``newsroom`` sits
    above this app. Removed when the story is unpublished or linked elsewhere."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outputs")
    story_id = models.BigIntegerField(unique=True)
    headline = models.CharField(max_length=300)
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("برونداد فعالیت")
        verbose_name_plural = _("بروندادهای فعالیت")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.headline
