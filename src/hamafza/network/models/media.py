"""Media relations (the extra-agency domain): media outlets, journalists as contacts, the
interactions logged with them and the press enquiries they send.

Contacts are personal data held on a legal basis (``MediaContact.basis``). They belong to one
unit and exist only for that unit's line and HQ (``network.permissions.media``); a person may
ask for their data (``services.media.contact_export``) or for its erasure
(``services.media.contact_erase``): the contact row goes, and the interactions and enquiries
keep their facts without the person (``contact`` null, ``contact_erased`` set).

Because the audit log is append-only, nothing of a contact's personal data may ever reach it:
``MediaContact.__str__`` (which ``audit_log`` records as the object's name) says only
"contact N", and the services record which fields changed, never their values.

Press enquiries move through ``ENQUIRY_TRANSITIONS``, the one table the services, the desk and
the API read; only the services change ``PressEnquiry.status``.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hamafza.newsroom.models import Story
from hamafza.org.models import Unit

__all__ = [
    "ENQUIRY_OPEN",
    "ENQUIRY_TRANSITIONS",
    "ERASED_LABEL",
    "Beat",
    "EnquiryTransition",
    "MediaContact",
    "MediaContactBeat",
    "MediaInteraction",
    "MediaOutlet",
    "PressEnquiry",
]

# What interactions and enquiries show where an erased contact was.
ERASED_LABEL = _("مخاطب حذف‌شده")


class Beat(models.TextChoices):
    """The topics a journalist covers (حوزه خبری)."""

    SOCIAL = "social", _("اجتماعی و رفاه")
    DISABILITY = "disability", _("معلولیت و توانبخشی")
    ADDICTION = "addiction", _("اعتیاد و آسیب‌های اجتماعی")
    HEALTH = "health", _("سلامت")
    FAMILY = "family", _("زنان، خانواده و کودکان")
    ELDERLY = "elderly", _("سالمندان")
    EMPLOYMENT = "employment", _("اشتغال و اقتصاد")
    CHARITY = "charity", _("خیریه و سمن‌ها")
    PROVINCE = "province", _("اخبار استانی")
    POLICY = "policy", _("سیاست و مجلس")
    INTERNATIONAL = "international", _("بین‌الملل")
    CULTURE = "culture", _("فرهنگ و رسانه")


class MediaOutlet(models.Model):
    """A news agency, newspaper, TV or radio channel, website or social channel. Outlets are
    organizations, not people: every member of the network sees the register; the unit that
    registered one (or a unit above it, or HQ) maintains it."""

    class Kind(models.TextChoices):
        NEWS_AGENCY = "news_agency", _("خبرگزاری")
        NEWSPAPER = "newspaper", _("روزنامه")
        MAGAZINE = "magazine", _("نشریه و مجله")
        TV = "tv", _("تلویزیون")
        RADIO = "radio", _("رادیو")
        WEBSITE = "website", _("پایگاه خبری")
        SOCIAL = "social", _("کانال و صفحه شبکه اجتماعی")
        OTHER = "other", _("سایر")

    name = models.CharField(_("نام رسانه"), max_length=200)
    kind = models.CharField(_("نوع رسانه"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Unit,
        verbose_name=_("استان / منطقه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("خالی: رسانه سراسری"),
    )
    website = models.URLField(_("وب‌سایت"), blank=True)
    phone = models.CharField(_("تلفن تحریریه"), max_length=40, blank=True)
    email = models.EmailField(_("رایانامه تحریریه"), blank=True)
    links = models.TextField(
        _("کانال‌ها و پیوندها"), max_length=2000, blank=True, help_text=_("هر پیوند در یک سطر")
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("واحد ثبت‌کننده"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("فعال"), default=True)
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("رسانه")
        verbose_name_plural = _("رسانه‌ها")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class MediaContact(models.Model):
    """A journalist (or editor, producer…) the unit keeps in touch with: personal data."""

    class Basis(models.TextChoices):
        CONSENT = "consent", _("رضایت خود فرد")
        PROFESSIONAL = "professional", _("نشانی حرفه‌ای و کاری عمومی")
        PUBLIC_SOURCE = "public_source", _("منبع عمومی (تارنمای رسانه)")

    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("واحد دارنده"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("نام و نام خانوادگی"), max_length=200)
    role = models.CharField(_("سمت"), max_length=200, blank=True)
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("رسانه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    region = models.ForeignKey(
        Unit,
        verbose_name=_("استان / منطقه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("تلفن"), max_length=40, blank=True)
    email = models.EmailField(_("رایانامه"), blank=True)
    messenger = models.CharField(
        _("پیام‌رسان‌ها"), max_length=300, blank=True, help_text=_("مثلاً بله: ‎@name، ایتا: …")
    )
    notes = models.TextField(_("یادداشت"), max_length=4000, blank=True)
    basis = models.CharField(
        _("مبنای نگهداری داده‌ها"), max_length=20, choices=Basis.choices, default=Basis.CONSENT
    )
    basis_note = models.CharField(
        _("شرح مبنا"),
        max_length=500,
        blank=True,
        help_text=_("رضایت کی و چگونه گرفته شد، یا نشانی از کجا برداشته شد."),
    )
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ایجاد"), default=timezone.now)
    updated_at = models.DateTimeField(_("آخرین تغییر"), default=timezone.now)

    class Meta:
        verbose_name = _("مخاطب رسانه‌ای")
        verbose_name_plural = _("مخاطبان رسانه‌ای")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner_unit", "name"])]

    def __str__(self) -> str:
        # Not the name: this is what the append-only audit log records (module docstring).
        return str(_("مخاطب رسانه‌ای %(id)s") % {"id": self.pk})

    @property
    def messenger_parts(self) -> list[tuple[str, bool]]:
        """The handles line in words, each marked when it is Latin (``@name``): shown
        isolated left-to-right, so the ``@`` stays in front of the name in RTL text."""
        return [(word, word.isascii()) for word in self.messenger.split()]

    @property
    def beat_codes(self) -> list[str]:
        return [row.beat for row in self.beat_rows.all()]

    @property
    def beat_labels(self) -> list[str]:
        return [str(Beat(code).label) for code in self.beat_codes if code in Beat.values]


class MediaContactBeat(models.Model):
    contact = models.ForeignKey(MediaContact, on_delete=models.CASCADE, related_name="beat_rows")
    beat = models.CharField(_("حوزه خبری"), max_length=20, choices=Beat.choices)

    class Meta:
        verbose_name = _("حوزه خبری مخاطب")
        verbose_name_plural = _("حوزه‌های خبری مخاطبان")
        ordering = ["beat"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "beat"], name="media_contact_beat_unique")
        ]

    def __str__(self) -> str:
        return self.beat


class _ContactRef(models.Model):
    """Who the row is about: a contact, an outlet, or both. ``contact_erased`` marks a row
    whose contact was erased on request; it then shows ``ERASED_LABEL``."""

    contact = models.ForeignKey(
        MediaContact,
        verbose_name=_("مخاطب"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outlet = models.ForeignKey(
        MediaOutlet,
        verbose_name=_("رسانه"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact_erased = models.BooleanField(_("مخاطب حذف‌شده"), default=False)

    class Meta:
        abstract = True

    @property
    def contact_label(self) -> str:
        if self.contact is not None:
            return self.contact.name
        if self.contact_erased:
            return str(ERASED_LABEL)
        return ""


class MediaInteraction(_ContactRef):
    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", _("ارسال خبر و بیانیه")
        INTERVIEW = "interview", _("هماهنگی مصاحبه")
        ENQUIRY = "enquiry", _("دریافت استعلام")
        BRIEFING = "briefing", _("نشست توجیهی")
        INVITATION = "invitation", _("دعوت به رویداد")
        PITCH = "pitch", _("پیشنهاد سوژه")
        CORRECTION = "correction", _("درخواست اصلاح")
        OTHER = "other", _("سایر")

    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("نوع ارتباط"), max_length=20, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("زمان"), default=timezone.now, db_index=True)
    story = models.ForeignKey(
        Story,
        verbose_name=_("خبر"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("شرح"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ارتباط رسانه‌ای")
        verbose_name_plural = _("ارتباط‌های رسانه‌ای")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["unit", "occurred_at"])]

    def __str__(self) -> str:
        return str(_("ارتباط رسانه‌ای %(id)s") % {"id": self.pk})


class PressEnquiry(_ContactRef):
    class Status(models.TextChoices):
        NEW = "new", _("تازه")
        IN_PROGRESS = "in_progress", _("در دست پاسخ")
        ANSWERED = "answered", _("پاسخ داده شد")
        DECLINED = "declined", _("پاسخ داده نمی‌شود")
        CLOSED = "closed", _("بسته")

    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد پاسخ‌گو"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("موضوع"), max_length=300)
    details = models.TextField(_("شرح پرسش"), max_length=8000, blank=True)
    received_at = models.DateTimeField(_("زمان دریافت"), default=timezone.now)
    deadline = models.DateTimeField(_("مهلت پاسخ"), db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("مسئول پاسخ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("وضعیت"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField(_("متن پاسخ"), max_length=8000, blank=True)
    status_note = models.CharField(_("توضیح آخرین تغییر وضعیت"), max_length=1000, blank=True)
    answered_at = models.DateTimeField(_("زمان پاسخ"), null=True, blank=True)
    # Set once when the owner is told the deadline passed (press_enquiry_overdue_notify).
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(_("نسخه"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("استعلام رسانه‌ای")
        verbose_name_plural = _("استعلام‌های رسانه‌ای")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return str(_("استعلام رسانه‌ای %(id)s") % {"id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in ENQUIRY_OPEN

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_open and self.deadline < (now or timezone.now())


S = PressEnquiry.Status
# Waiting for an answer: these count as overdue once the deadline passes.
ENQUIRY_OPEN = frozenset({S.NEW, S.IN_PROGRESS})


@dataclass(frozen=True)
class EnquiryTransition:
    name: str
    label: Promise
    sources: frozenset[str]
    target: str
    needs_answer: bool = False  # the answer text is required (and saved)
    needs_note: bool = False  # a reason is required


# The one table of enquiry moves:
#   new ──start──▶ in_progress ──answer──▶ answered ──close──▶ closed
#   new / in_progress ──answer──▶ answered;  ──decline──▶ declined ──close──▶ closed
#   new / in_progress ──close──▶ closed (nothing to answer: a duplicate, withdrawn…)
ENQUIRY_TRANSITIONS: dict[str, EnquiryTransition] = {
    t.name: t
    for t in [
        EnquiryTransition("start", _("شروع پاسخ‌گویی"), frozenset({S.NEW}), S.IN_PROGRESS),
        EnquiryTransition("answer", _("ثبت پاسخ"), ENQUIRY_OPEN, S.ANSWERED, needs_answer=True),
        EnquiryTransition("decline", _("پاسخ داده نمی‌شود"), ENQUIRY_OPEN, S.DECLINED,
                          needs_note=True),
        EnquiryTransition("close", _("بستن"), ENQUIRY_OPEN | {S.ANSWERED, S.DECLINED}, S.CLOSED),
    ]
}  # fmt: skip
