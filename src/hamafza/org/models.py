"""The organization's network: units, the people in them and their roles, and partners."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode
from tree_queries.query import TreeQuerySet


class Unit(TreeNode):
    """A place in the organization's tree: HQ → its offices and the provinces → counties/centers.

    Every unit has a PR desk (members below) and, later, a public section at /units/<slug>/.
    """

    class Kind(models.TextChoices):
        HQ = "hq", _("ستاد")
        HQ_OFFICE = "hq_office", _("دفتر ستادی")
        PROVINCE = "province", _("استان")
        COUNTY = "county", _("شهرستان")
        CENTER = "center", _("مرکز")

    name = models.CharField(_("نام"), max_length=200)
    name_en = models.CharField(_("نام انگلیسی"), max_length=200, blank=True)
    slug = models.SlugField(_("نشانی"), max_length=100, unique=True, allow_unicode=False)
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("فعال"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[TreeQuerySet] = TreeQuerySet.as_manager(with_tree_fields=False)

    class Meta:
        verbose_name = _("واحد")
        verbose_name_plural = _("واحدها")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hq(self) -> bool:
        return self.kind == self.Kind.HQ


class Role(models.TextChoices):
    REPORTER = "reporter", _("خبرنگار / کارشناس")
    EDITOR = "editor", _("دبیر")
    HEAD = "head", _("مدیر روابط عمومی")
    HQ_EDITOR = "hq_editor", _("دبیر ستاد")
    ADMIN = "admin", _("مدیر سامانه")
    VIEWER = "viewer", _("بیننده")


class Membership(models.Model):
    """A person holds a role in a unit. A person may hold several roles in several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("واحد"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("نقش"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("عضویت")
        verbose_name_plural = _("عضویت‌ها")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class Skill(models.Model):
    """What a practitioner can do: photo, video, writing, design, social media, translation…"""

    code = models.SlugField(_("کد"), max_length=50, unique=True)
    name = models.CharField(_("نام"), max_length=100)
    name_en = models.CharField(_("نام انگلیسی"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("مهارت")
        verbose_name_plural = _("مهارت‌ها")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(_("کد"), max_length=10, unique=True)
    name = models.CharField(_("نام"), max_length=100)

    class Meta:
        verbose_name = _("زبان")
        verbose_name_plural = _("زبان‌ها")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _photo_path(instance: "Profile", filename: str) -> str:
    return f"profiles/{instance.user_id}/photo.jpg"


class Profile(models.Model):
    """A practitioner's profile: what colleagues across the network need to find and reach them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    title = models.CharField(_("سمت"), max_length=200, blank=True)
    phone = models.CharField(_("تلفن"), max_length=30, blank=True)
    bio = models.TextField(_("درباره"), blank=True, max_length=2000)
    photo = models.ImageField(_("عکس"), upload_to=_photo_path, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name=_("مهارت‌ها"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("زبان‌ها"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("نمایه")
        verbose_name_plural = _("نمایه‌ها")

    def __str__(self) -> str:
        return str(self.user)


class Domain(models.Model):
    """One of the four domains of synergy the strategy names. The rows are reference data
    (created by a migration and by ``reference_data_ensure``); code uses ``Domain.Code``."""

    class Code(models.TextChoices):
        INTER_AGENCY = "inter_agency", _("میان‌دستگاهی")
        INTRA_AGENCY = "intra_agency", _("درون‌دستگاهی")
        EXTRA_AGENCY = "extra_agency", _("برون‌دستگاهی")
        PR_NETWORK = "pr_network", _("شبکه روابط عمومی‌ها")

    code = models.CharField(_("کد"), max_length=20, primary_key=True, choices=Code.choices)

    class Meta:
        verbose_name = _("حوزه هم‌افزایی")
        verbose_name_plural = _("حوزه‌های هم‌افزایی")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.Code(self.code).label)


class Partner(models.Model):
    """Another agency, an NGO, a media outlet, a university or a foreign institution."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("دستگاه دولتی")
        NGO = "ngo", _("سازمان مردم‌نهاد")
        MEDIA = "media", _("رسانه")
        UNIVERSITY = "university", _("دانشگاه و پژوهشگاه")
        FOREIGN = "foreign", _("نهاد خارجی و بین‌المللی")
        COMPANY = "company", _("بخش خصوصی")
        OTHER = "other", _("سایر")

    name = models.CharField(_("نام"), max_length=200)
    name_en = models.CharField(_("نام انگلیسی"), max_length=200, blank=True)
    kind = models.CharField(_("نوع"), max_length=20, choices=Kind.choices)
    domains = models.ManyToManyField(Domain, verbose_name=_("حوزه‌ها"), blank=True)
    country = models.CharField(_("کشور"), max_length=100, blank=True, default="ایران")
    website = models.URLField(_("وب‌سایت"), blank=True)
    description = models.TextField(_("توضیح"), blank=True, max_length=4000)
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("واحد ثبت‌کننده"),
        on_delete=models.PROTECT,
        related_name="partners",
    )
    is_active = models.BooleanField(_("فعال"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("همکار")
        verbose_name_plural = _("دستگاه‌ها و نهادهای همکار")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name=_("همکار"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("نام"), max_length=200)
    position = models.CharField(_("سمت"), max_length=200, blank=True)
    phone = models.CharField(_("تلفن"), max_length=30, blank=True)
    email = models.EmailField(_("رایانامه"), blank=True)
    notes = models.TextField(_("یادداشت"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("رابط")
        verbose_name_plural = _("رابط‌ها")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.partner})"
