"""Forms of support requests: they parse input; the services decide who may do what."""

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from persiantools.jdatetime import JalaliDate

from hamafza.common.persian import to_ascii_digits, to_persian_digits
from hamafza.network.models.support import SupportRequest
from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Skill, Unit


def jalali_input(value: date) -> str:
    """A date as the date field shows it: ``۱۴۰۵/۰۹/۰۶``."""
    jalali = JalaliDate(value)
    return to_persian_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}")


def _parse_time(text: str) -> time | None:
    parts = to_ascii_digits(text or "").strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


class _NumberField(forms.IntegerField):
    """An integer typed in Persian or ASCII digits."""

    def to_python(self, value: Any) -> int | None:
        return super().to_python(to_ascii_digits(str(value)) if value is not None else value)


class SupportRequestForm(DeskForm):
    unit = forms.ChoiceField(label=_("واحد درخواست‌کننده"))
    skill = forms.ModelChoiceField(
        label=_("مهارت لازم"), queryset=Skill.objects.order_by("name"), empty_label=None
    )
    title = forms.CharField(
        label=_("چه کمکی لازم است؟"),
        max_length=200,
        help_text=_("مثلاً: عکاس برای مراسم روز جهانی معلولان"),
    )
    description = forms.CharField(
        label=_("شرح"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )
    place = forms.CharField(label=_("محل"), max_length=300)
    day = JalaliDateField(label=_("تاریخ"))
    at = forms.CharField(
        label=_("ساعت"),
        max_length=8,
        widget=forms.TextInput(attrs={"type": "time", "dir": "ltr"}),
    )
    hours = _NumberField(
        label=_("مدت (ساعت)"),
        min_value=1,
        max_value=72,
        initial=2,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )
    people_needed = _NumberField(
        label=_("شمار نفرات"),
        min_value=1,
        max_value=20,
        initial=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr"}),
    )

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, units: Sequence[Unit] | None = None, **kwargs: Any) -> None:
        """``units``: asking for one of them; None: editing (unit and skill stay)."""
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
            del self.fields["skill"]
            return
        del self.fields["version"]
        self.units_by_slug = {unit.slug: unit for unit in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices(units)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, at = cleaned.get("day"), cleaned.get("at")
        if day is not None and at is not None:
            moment = _parse_time(at)
            if moment is None:
                self.add_error("at", _("ساعت را به شکل ۰۹:۳۰ وارد کنید."))
            else:
                cleaned["starts_at"] = datetime.combine(
                    day, moment, tzinfo=ZoneInfo(settings.TIME_ZONE)
                )
        return cleaned

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]

    def request_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "title": data["title"],
            "description": data["description"],
            "place": data["place"],
            "starts_at": data["starts_at"],
            "hours": data["hours"],
            "people_needed": data["people_needed"],
        }
        if "skill" in self.fields:
            fields["skill"] = data["skill"]
        return fields


class SupportFilterForm(DeskForm):
    status = forms.ChoiceField(
        label=_("وضعیت"),
        required=False,
        choices=[("", _("همه")), *SupportRequest.Status.choices],
    )


class VersionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class CancelForm(VersionForm):
    note = forms.CharField(
        label=_("دلیل لغو"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )


class DeclineForm(DeskForm):
    reason = forms.CharField(
        label=_("دلیل (اختیاری)"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )


class OfferMoreForm(DeskForm):
    """Either chosen people (``users``) or the next ``count`` nearest."""

    users = forms.TypedMultipleChoiceField(
        label=_("همکاران"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    count = _NumberField(label=_("شمار"), min_value=1, max_value=30, required=False)

    def __init__(self, *args: Any, candidates: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["users"]).choices = [
            (c.user.pk, c.user.display_name) for c in candidates
        ]


class CompleteForm(VersionForm):
    stories = forms.TypedMultipleChoiceField(
        label=_("خبرهای حاصل از این کمک"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_("نام همکاران در این خبرها به‌عنوان یاری‌رسان ثبت می‌شود."),
    )
    note = forms.CharField(
        label=_("توضیح"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args: Any, stories: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["stories"]).choices = [
            (story.pk, story.headline) for story in stories
        ]
