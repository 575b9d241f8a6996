"""Forms for the staff desk: they parse and validate what a person typed.

They never decide who may do what and never change anything; the views pass the cleaned
data to ``hamafza.org.services``, which check permission and write. Where a select shows a
person only the choices they may use (roles they may grant, units they may register
partners for), the field still accepts every existing value, so a forged request reaches the
service and is refused there (403) instead of being mistaken for a typing error.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from hamafza.common.jalali import parse_jalali_date
from hamafza.common.persian import to_ascii_digits
from hamafza.org.models import (
    Domain,
    Language,
    Partner,
    PartnerContact,
    Profile,
    Role,
    Skill,
    Unit,
)

User = get_user_model()

# Indentation inside <option>: ordinary spaces collapse there, no-break spaces do not.
_INDENT = "\u00a0\u00a0\u00a0"

Choices = list[tuple[str, StrOrPromise]]


def unit_choices(units: Iterable[Unit], *, empty_label: StrOrPromise | None = None) -> Choices:
    """(slug, name) pairs, indented by ``tree_depth`` when the units come from ``unit_tree``."""
    choices: Choices = [("", empty_label)] if empty_label is not None else []
    for unit in units:
        depth = getattr(unit, "tree_depth", 0) or 0
        choices.append((unit.slug, f"{_INDENT * depth}{unit.name}"))
    return choices


def _max_length(model: Any, name: str) -> int | None:
    max_length: int | None = model._meta.get_field(name).max_length
    return max_length


def _search_input(placeholder: StrOrPromise) -> forms.TextInput:
    return forms.TextInput(attrs={"type": "search", "placeholder": placeholder})


class _LimitedChoiceField(forms.ChoiceField):
    """Validates against every known value but offers only ``offered`` in the select."""

    def offer(self, offered: Sequence[tuple[str, Any]]) -> None:
        self.widget.choices = list(offered)


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    """The form's own copy of a choice field, to fill its choices from the database."""
    return cast(forms.ChoiceField, form.fields[name])


def _limited(form: forms.Form, name: str) -> _LimitedChoiceField:
    return cast(_LimitedChoiceField, form.fields[name])


def _ltr(attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"dir": "ltr", **(attrs or {})}


class DeskForm(forms.Form):
    """A desk form: labels without Django's trailing colon, as the rest of the desk shows them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# --- Directory -----------------------------------------------------------------------------


class DirectoryFilterForm(DeskForm):
    """The directory's filters. All optional; ``subunits`` is on unless the form was sent
    with it unticked (see ``SUBMITTED``)."""

    SUBMITTED = "filtered"

    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=100,
        widget=_search_input(_("نام، نام کاربری، سمت یا تلفن")),
    )
    unit = forms.ChoiceField(label=_("واحد"), required=False)
    subunits = forms.BooleanField(label=_("با واحدهای زیرمجموعه"), required=False)
    province = forms.ChoiceField(label=_("استان"), required=False)
    role = forms.ChoiceField(label=_("نقش"), required=False)
    skill = forms.ChoiceField(label=_("مهارت"), required=False)
    language = forms.ChoiceField(label=_("زبان"), required=False)
    inactive = forms.BooleanField(label=_("نمایش حساب‌های غیرفعال"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        units: Sequence[Unit],
        provinces: Sequence[Unit],
        skills: Iterable[Skill],
        languages: Iterable[Language],
        can_see_inactive: bool,
    ) -> None:
        if data is not None and self.SUBMITTED not in data:
            data = data.copy()
            data["subunits"] = "on"
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        self.provinces_by_slug = {unit.slug: unit for unit in provinces}
        _choices(self, "unit").choices = unit_choices(units, empty_label=_("همه واحدها"))
        _choices(self, "province").choices = unit_choices(provinces, empty_label=_("همه استان‌ها"))
        _choices(self, "role").choices = [("", _("همه نقش‌ها")), *Role.choices]
        _choices(self, "skill").choices = [("", _("همه مهارت‌ها"))] + [
            (skill.code, skill.name) for skill in skills
        ]
        _choices(self, "language").choices = [("", _("همه زبان‌ها"))] + [
            (language.code, language.name) for language in languages
        ]
        if not can_see_inactive:
            del self.fields["inactive"]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")

    @property
    def selected_province(self) -> Unit | None:
        return self.provinces_by_slug.get(self.cleaned_data.get("province") or "")


# --- Profiles ------------------------------------------------------------------------------


class ProfileForm(DeskForm):
    first_name = forms.CharField(
        label=_("نام"), max_length=_max_length(User, "first_name"), required=False
    )
    last_name = forms.CharField(
        label=_("نام خانوادگی"), max_length=_max_length(User, "last_name"), required=False
    )
    email = forms.EmailField(
        label=_("رایانامه"), required=False, widget=forms.EmailInput(attrs=_ltr())
    )
    title = forms.CharField(
        label=_("سمت"), max_length=_max_length(Profile, "title"), required=False
    )
    phone = forms.CharField(
        label=_("تلفن"),
        max_length=_max_length(Profile, "phone"),
        required=False,
        widget=forms.TextInput(attrs=_ltr({"type": "tel", "inputmode": "tel"})),
    )
    bio = forms.CharField(
        label=_("درباره"),
        max_length=_max_length(Profile, "bio"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("مهارت‌ها"),
        queryset=Skill.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("زبان‌ها"),
        queryset=Language.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    photo = forms.FileField(
        label=_("عکس"),
        required=False,
        help_text=_("JPEG، PNG یا WebP تا ۳ مگابایت؛ اطلاعات مکان و دستگاه از آن پاک می‌شود."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("حذف عکس فعلی"), required=False)

    @classmethod
    def initial_for(cls, user: Any, profile: Profile | None) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
        }
        if profile is not None:
            initial.update(
                title=profile.title,
                phone=profile.phone,
                bio=profile.bio,
                skills=[skill.code for skill in profile.skills.all()],
                languages=[language.code for language in profile.languages.all()],
            )
        return initial

    def clean_phone(self) -> str:
        return to_ascii_digits(self.cleaned_data["phone"]).strip()


# --- Members and roles ---------------------------------------------------------------------


def _role_field(label: StrOrPromise) -> _LimitedChoiceField:
    return _LimitedChoiceField(label=label, choices=Role.choices, initial=Role.REPORTER)


class MemberCreateForm(DeskForm):
    """A new account with its first role in a unit."""

    username = forms.CharField(
        label=_("نام کاربری"),
        max_length=_max_length(User, "username"),
        help_text=_("حروف لاتین، رقم و نویسه‌های . _ - @ +"),
        widget=forms.TextInput(attrs=_ltr({"autocomplete": "off", "autocapitalize": "none"})),
    )
    first_name = forms.CharField(
        label=_("نام"), max_length=_max_length(User, "first_name"), required=False
    )
    last_name = forms.CharField(
        label=_("نام خانوادگی"), max_length=_max_length(User, "last_name"), required=False
    )
    email = forms.EmailField(
        label=_("رایانامه"),
        required=False,
        help_text=_("برای بازیابی گذرواژه لازم است."),
        widget=forms.EmailInput(attrs=_ltr()),
    )
    role = _role_field(_("نقش"))
    password = forms.CharField(
        label=_("گذرواژه اولیه (اختیاری)"),
        required=False,
        strip=False,
        help_text=_(
            "اگر خالی بماند، حساب بدون گذرواژه ساخته می‌شود و عضو باید با «فراموشی گذرواژه» "
            "در صفحه ورود (و رایانامه‌ای که اینجا ثبت می‌کنید) گذرواژه خودش را بسازد."
        ),
        widget=forms.PasswordInput(attrs=_ltr({"autocomplete": "new-password"})),
    )

    def __init__(self, *args: Any, grantable: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limited(self, "role").offer(grantable)


class MembershipAddForm(DeskForm):
    """An existing account gets a role in a unit."""

    username = forms.CharField(
        label=_("نام کاربری"),
        max_length=_max_length(User, "username"),
        widget=forms.TextInput(attrs=_ltr({"autocomplete": "off", "autocapitalize": "none"})),
    )
    role = _role_field(_("نقش"))

    def __init__(self, *args: Any, grantable: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limited(self, "role").offer(grantable)

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise forms.ValidationError(_("کاربری با این نام کاربری پیدا نشد."))
        return user


class MemberRolesForm(DeskForm):
    roles = forms.MultipleChoiceField(label=_("نقش‌ها"), choices=Role.choices, required=False)


class AccountActiveForm(DeskForm):
    ACTIVATE = "activate"
    DEACTIVATE = "deactivate"

    action = forms.ChoiceField(choices=[(ACTIVATE, _("فعال‌سازی")), (DEACTIVATE, _("غیرفعال‌سازی"))])

    @property
    def active(self) -> bool:
        return bool(self.cleaned_data["action"] == self.ACTIVATE)


# --- Partners ------------------------------------------------------------------------------


class PartnerFilterForm(DeskForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=100,
        widget=_search_input(_("نام فارسی یا انگلیسی")),
    )
    kind = forms.ChoiceField(label=_("نوع"), required=False)
    domain = forms.ChoiceField(label=_("حوزه"), required=False)
    unit = forms.ChoiceField(label=_("واحد ثبت‌کننده"), required=False)

    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        _choices(self, "kind").choices = [("", _("همه انواع")), *Partner.Kind.choices]
        _choices(self, "domain").choices = [("", _("همه حوزه‌ها")), *Domain.Code.choices]
        _choices(self, "unit").choices = unit_choices(units, empty_label=_("همه واحدها"))

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")


class PartnerForm(DeskForm):
    """Create (with an owner unit) or edit (with the active switch) a partner."""

    name = forms.CharField(label=_("نام"), max_length=_max_length(Partner, "name"))
    name_en = forms.CharField(
        label=_("نام انگلیسی"),
        max_length=_max_length(Partner, "name_en"),
        required=False,
        widget=forms.TextInput(attrs=_ltr()),
    )
    kind = forms.ChoiceField(label=_("نوع"), choices=Partner.Kind.choices)
    domains = forms.MultipleChoiceField(
        label=_("حوزه‌های هم‌افزایی"),
        choices=Domain.Code.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    owner_unit = _LimitedChoiceField(label=_("واحد ثبت‌کننده"))
    country = forms.CharField(
        label=_("کشور"), max_length=_max_length(Partner, "country"), required=False
    )
    website = forms.URLField(
        label=_("وب‌سایت"),
        max_length=_max_length(Partner, "website"),
        required=False,
        widget=forms.URLInput(attrs=_ltr({"placeholder": "https://"})),
    )
    description = forms.CharField(
        label=_("توضیح"),
        max_length=_max_length(Partner, "description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    is_active = forms.BooleanField(
        label=_("فعال"),
        required=False,
        help_text=_("همکار غیرفعال در فهرست همکاران نمایش داده نمی‌شود."),
    )

    def __init__(
        self,
        *args: Any,
        all_units: Sequence[Unit] | None = None,
        owner_units: Sequence[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        """With ``owner_units`` the form creates a partner; without, it edits one."""
        super().__init__(*args, **kwargs)
        if owner_units is None:
            del self.fields["owner_unit"]
        else:
            del self.fields["is_active"]
            self.units_by_slug = {unit.slug: unit for unit in all_units or owner_units}
            field = _limited(self, "owner_unit")
            field.choices = unit_choices(all_units or owner_units)
            field.offer(unit_choices(owner_units))
            if len(owner_units) == 1:
                field.initial = owner_units[0].slug

    @classmethod
    def initial_for(cls, partner: Partner) -> dict[str, Any]:
        return {
            "name": partner.name,
            "name_en": partner.name_en,
            "kind": partner.kind,
            "domains": [domain.code for domain in partner.domains.all()],
            "country": partner.country,
            "website": partner.website,
            "description": partner.description,
            "is_active": partner.is_active,
        }

    def partner_fields(self) -> dict[str, Any]:
        """The cleaned values under the names ``partner_create``/``partner_update`` take."""
        names = ("name", "name_en", "kind", "country", "website", "description", "is_active")
        return {name: self.cleaned_data[name] for name in names if name in self.fields}

    @property
    def selected_owner_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["owner_unit"]]


class PartnerContactForm(DeskForm):
    name = forms.CharField(label=_("نام"), max_length=_max_length(PartnerContact, "name"))
    position = forms.CharField(
        label=_("سمت"), max_length=_max_length(PartnerContact, "position"), required=False
    )
    phone = forms.CharField(
        label=_("تلفن"),
        max_length=_max_length(PartnerContact, "phone"),
        required=False,
        widget=forms.TextInput(attrs=_ltr({"type": "tel", "inputmode": "tel"})),
    )
    email = forms.EmailField(
        label=_("رایانامه"), required=False, widget=forms.EmailInput(attrs=_ltr())
    )
    notes = forms.CharField(
        label=_("یادداشت"),
        max_length=_max_length(PartnerContact, "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_phone(self) -> str:
        return to_ascii_digits(self.cleaned_data["phone"]).strip()


# --- Audit log -----------------------------------------------------------------------------


class JalaliDateField(forms.Field):
    """A Jalali date typed as ۱۴۰۵/۰۹/۰۶ (Persian or ASCII digits), cleaned to a ``date``."""

    widget = forms.TextInput(
        attrs=_ltr({"placeholder": _("۱۴۰۵/۰۹/۰۶"), "inputmode": "numeric", "maxlength": "20"})
    )

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 20:
            raise forms.ValidationError(_("تاریخ را به شکل ۱۴۰۵/۰۹/۰۶ وارد کنید."), code="invalid")
        try:
            return parse_jalali_date(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class AuditFilterForm(DeskForm):
    action = forms.CharField(
        label=_("رویداد"),
        required=False,
        max_length=100,
        help_text=_("آغاز نام رویداد، مثلاً org. یا org.membership"),
        widget=forms.TextInput(attrs=_ltr({"placeholder": "org.membership"})),
    )
    actor = forms.CharField(
        label=_("نام کاربری انجام‌دهنده"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=_ltr()),
    )
    unit = forms.ChoiceField(label=_("واحد"), required=False)
    date_from = JalaliDateField(label=_("از تاریخ"), required=False)
    date_to = JalaliDateField(label=_("تا تاریخ"), required=False)

    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        _choices(self, "unit").choices = unit_choices(units, empty_label=_("همه واحدها"))

    def clean_action(self) -> str:
        return str(self.cleaned_data["action"]).strip()

    def clean_actor(self) -> str:
        return str(self.cleaned_data["actor"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("تاریخ پایان پیش از تاریخ آغاز است."))
        return data

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")
