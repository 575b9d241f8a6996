"""Forms of the media desk: they parse input, never decide who may do what (the services do).
Dates are typed in the Jalali calendar (۱۴۰۵/۰۹/۰۶) with a separate time (۱۴:۳۰), in Tehran
time, as the newsroom's scheduling form takes them."""

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hamafza.common.jalali import parse_jalali_date
from hamafza.common.persian import to_ascii_digits
from hamafza.network.models.media import (
    Beat,
    MediaContact,
    MediaInteraction,
    MediaOutlet,
    PressEnquiry,
)
from hamafza.newsroom.forms import TEHRAN, jalali_input
from hamafza.org.forms import DeskForm, unit_choices
from hamafza.org.models import Unit


def _ltr(**attrs: Any) -> dict[str, Any]:
    return {"dir": "ltr", **attrs}


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


def _parse_time(text: str) -> time | None:
    parts = to_ascii_digits(text or "").strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def time_input(value: datetime | None) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, TEHRAN).strftime("%H:%M")


class _MomentMixin:
    """Combines ``<name>_date`` and ``<name>_time`` fields into ``cleaned_data[name]``."""

    moments: tuple[tuple[str, bool], ...] = ()  # (name, required)

    def _clean_moments(self, cleaned: dict[str, Any]) -> None:
        form = cast(forms.Form, self)
        for name, required in self.moments:
            day_text = cleaned.get(f"{name}_date", "")
            time_text = cleaned.get(f"{name}_time", "")
            cleaned[name] = None
            if not day_text:
                if required:
                    form.add_error(f"{name}_date", gettext("تاریخ را وارد کنید."))
                continue
            try:
                day = parse_jalali_date(day_text)
            except ValueError as error:
                form.add_error(f"{name}_date", str(error))
                continue
            moment = _parse_time(time_text) if time_text else time(9, 0)
            if moment is None:
                form.add_error(f"{name}_time", gettext("ساعت را به شکل ۰۹:۳۰ وارد کنید."))
                continue
            cleaned[name] = datetime.combine(day, moment, tzinfo=TEHRAN)


def _date_field(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "۱۴۰۵/۰۹/۰۶", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )


TIME_LABEL = _("ساعت")


def _time_field(label: Any = TIME_LABEL) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"type": "time", "dir": "ltr"}),
    )


def moment_initial(name: str, value: datetime | None) -> dict[str, str]:
    return {f"{name}_date": jalali_input(value), f"{name}_time": time_input(value)}


class _UnitForm(DeskForm):
    """A form with a unit chosen among ``units`` (by slug)."""

    unit_field = "unit"

    def __init__(self, *args: Any, units: Sequence[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in units or ()}
        if self.unit_field in self.fields:
            if units is None:
                del self.fields[self.unit_field]
            else:
                field = cast(forms.ChoiceField, self.fields[self.unit_field])
                field.choices = unit_choices(units)

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data[self.unit_field]]


class OutletChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


def _region_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("استان / منطقه"), required=False)


def _set_regions(form: forms.Form, regions: Sequence[Unit], empty: Any) -> None:
    field = cast(forms.ChoiceField, form.fields["region"])
    field.choices = unit_choices(regions, empty_label=empty)


class ContactForm(_UnitForm):
    unit_field = "owner_unit"

    owner_unit = forms.ChoiceField(label=_("واحد دارنده"))
    name = forms.CharField(label=_("نام و نام خانوادگی"), max_length=200)
    role = forms.CharField(label=_("سمت"), max_length=200, required=False)
    outlet = OutletChoiceField(
        label=_("رسانه"), queryset=MediaOutlet.objects.none(), required=False
    )
    region = _region_field()
    beats = forms.MultipleChoiceField(
        label=_("حوزه‌های خبری"),
        choices=Beat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    phone = forms.CharField(
        label=_("تلفن"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=_ltr(type="tel", inputmode="tel")),
    )
    email = forms.EmailField(
        label=_("رایانامه"), required=False, widget=forms.EmailInput(attrs=_ltr())
    )
    messenger = forms.CharField(
        label=_("پیام‌رسان‌ها"),
        max_length=300,
        required=False,
        help_text=_("مثلاً بله: ‎@name، ایتا: ‎@name"),
    )
    notes = forms.CharField(label=_("یادداشت"), max_length=4000, required=False, widget=_textarea())
    basis = forms.ChoiceField(
        label=_("مبنای نگهداری داده‌ها"),
        choices=MediaContact.Basis.choices,
        help_text=_("داده شخصی فقط با مبنای روشن نگه داشته می‌شود."),
    )
    basis_note = forms.CharField(
        label=_("شرح مبنا"),
        max_length=500,
        required=False,
        help_text=_("رضایت کی و چگونه گرفته شد، یا نشانی از کجا برداشته شد."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, regions: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = MediaOutlet.objects.filter(is_active=True).order_by("name")
        _set_regions(self, regions, _("سراسری / نامشخص"))
        self.regions_by_slug = {unit.slug: unit for unit in regions}

    def contact_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = ("name", "role", "outlet", "beats", "phone", "email", "messenger", "notes",
                 "basis", "basis_note")  # fmt: skip
        fields = {name: data[name] for name in names}
        fields["region"] = self.regions_by_slug.get(data["region"] or "")
        return fields

    @staticmethod
    def initial_for(contact: MediaContact) -> dict[str, Any]:
        return {
            "name": contact.name,
            "role": contact.role,
            "outlet": contact.outlet_id,
            "region": contact.region.slug if contact.region else "",
            "beats": contact.beat_codes,
            "phone": contact.phone,
            "email": contact.email,
            "messenger": contact.messenger,
            "notes": contact.notes,
            "basis": contact.basis,
            "basis_note": contact.basis_note,
            "version": contact.version,
        }


class ContactFilterForm(DeskForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("نام، رسانه، تلفن…")}),
    )
    beat = forms.ChoiceField(
        label=_("حوزه خبری"), required=False, choices=[("", _("همه حوزه‌ها")), *Beat.choices]
    )
    region = _region_field()
    outlet = OutletChoiceField(
        label=_("رسانه"),
        queryset=MediaOutlet.objects.none(),
        required=False,
        empty_label=_("همه رسانه‌ها"),
    )
    unit = forms.ChoiceField(label=_("واحد دارنده"), required=False)

    def __init__(
        self, *args: Any, regions: Sequence[Unit] = (), units: Sequence[Unit] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_regions(self, regions, _("همه مناطق"))
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices(
            units, empty_label=_("همه واحدها")
        )
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = MediaOutlet.objects.order_by("name")
        self.units_by_slug = {unit.slug: unit for unit in [*regions, *units]}

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class OutletForm(_UnitForm):
    unit_field = "owner_unit"

    owner_unit = forms.ChoiceField(label=_("واحد ثبت‌کننده"))
    name = forms.CharField(label=_("نام رسانه"), max_length=200)
    kind = forms.ChoiceField(label=_("نوع رسانه"), choices=MediaOutlet.Kind.choices)
    region = _region_field()
    website = forms.CharField(
        label=_("وب‌سایت"), max_length=200, required=False, widget=forms.TextInput(attrs=_ltr())
    )
    phone = forms.CharField(
        label=_("تلفن تحریریه"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=_ltr(type="tel")),
    )
    email = forms.EmailField(
        label=_("رایانامه تحریریه"), required=False, widget=forms.EmailInput(attrs=_ltr())
    )
    links = forms.CharField(
        label=_("کانال‌ها و پیوندها"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr"}),
        help_text=_("هر پیوند در یک سطر"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, regions: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_regions(self, regions, _("سراسری"))
        self.regions_by_slug = {unit.slug: unit for unit in regions}

    def outlet_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name] for name in ("name", "kind", "website", "phone", "email", "links")
        }
        fields["region"] = self.regions_by_slug.get(data["region"] or "")
        return fields

    @staticmethod
    def initial_for(outlet: MediaOutlet) -> dict[str, Any]:
        return {
            "name": outlet.name,
            "kind": outlet.kind,
            "region": outlet.region.slug if outlet.region else "",
            "website": outlet.website,
            "phone": outlet.phone,
            "email": outlet.email,
            "links": outlet.links,
            "version": outlet.version,
        }


class OutletFilterForm(DeskForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("نوع رسانه"),
        required=False,
        choices=[("", _("همه انواع")), *MediaOutlet.Kind.choices],
    )


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class StoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.headline[:90]


class InteractionForm(_MomentMixin, _UnitForm):
    moments: tuple[tuple[str, bool], ...] = (("occurred_at", False),)

    unit = forms.ChoiceField(label=_("واحد"))
    kind = forms.ChoiceField(label=_("نوع ارتباط"), choices=MediaInteraction.Kind.choices)
    occurred_at_date = _date_field(_("تاریخ"), required=False)
    occurred_at_time = _time_field()
    story = StoryChoiceField(
        label=_("خبر مرتبط"), queryset=MediaOutlet.objects.none(), required=False
    )
    note = forms.CharField(label=_("شرح"), max_length=4000, required=False, widget=_textarea(2))

    def __init__(self, *args: Any, stories: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        story = cast(forms.ModelChoiceField, self.fields["story"])
        if stories is None:
            del self.fields["story"]
        else:
            story.queryset = stories

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_moments(cleaned)
        return cleaned


class EnquiryForm(_MomentMixin, _UnitForm):
    moments: tuple[tuple[str, bool], ...] = (("received_at", False), ("deadline", True))

    unit = forms.ChoiceField(label=_("واحد پاسخ‌گو"))
    contact = ContactChoiceField(
        label=_("مخاطب پرسنده"), queryset=MediaContact.objects.none(), required=False
    )
    outlet = OutletChoiceField(
        label=_("رسانه پرسنده"), queryset=MediaOutlet.objects.none(), required=False
    )
    subject = forms.CharField(label=_("موضوع"), max_length=300)
    details = forms.CharField(
        label=_("شرح پرسش"), max_length=8000, required=False, widget=_textarea(4)
    )
    received_at_date = _date_field(_("تاریخ دریافت"), required=False)
    received_at_time = _time_field(_("ساعت دریافت"))
    deadline_date = _date_field(_("مهلت پاسخ"))
    deadline_time = _time_field(_("ساعت مهلت"))
    owner = PersonChoiceField(
        label=_("مسئول پاسخ"),
        queryset=MediaContact.objects.none(),
        required=False,
        empty_label=_("بعداً سپرده می‌شود"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, contacts: Any = None, owners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if contacts is None:
            for name in ("contact", "outlet", "received_at_date", "received_at_time", "owner"):
                del self.fields[name]
            self.moments = (("deadline", True),)
            return
        contact = cast(forms.ModelChoiceField, self.fields["contact"])
        contact.queryset = contacts
        outlet = cast(forms.ModelChoiceField, self.fields["outlet"])
        outlet.queryset = MediaOutlet.objects.filter(is_active=True).order_by("name")
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_moments(cleaned)
        return cleaned


class EnquiryFilterForm(DeskForm):
    SCOPES = (("unit", _("واحد من")), ("mine", _("سپرده به من")), ("overdue", _("دیرکرد")))

    scope = forms.ChoiceField(label=_("نما"), required=False, choices=SCOPES)
    status = forms.ChoiceField(
        label=_("وضعیت"),
        required=False,
        choices=[("", _("همه وضعیت‌ها")), *PressEnquiry.Status.choices],
    )
    q = forms.CharField(
        label=_("جستجو در موضوع"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class EnquiryTransitionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    answer = forms.CharField(
        label=_("متن پاسخ"), max_length=8000, required=False, widget=_textarea(5)
    )
    note = forms.CharField(label=_("دلیل"), max_length=1000, required=False, widget=_textarea(2))


class EnquiryAssignForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    owner = PersonChoiceField(
        label=_("مسئول پاسخ"), queryset=MediaContact.objects.none(), required=False
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = owners


class EraseForm(DeskForm):
    confirm = forms.BooleanField(
        label=_("درخواست فرد را بررسی کرده‌ام؛ داده‌های شخصی او برای همیشه حذف شود."),
        required=True,
    )
    reason = forms.CharField(
        label=_("شماره یا شرح درخواست"),
        max_length=300,
        required=False,
        help_text=_("بدون نام یا نشانی فرد: این شرح در گزارش ممیزی می‌ماند."),
    )
