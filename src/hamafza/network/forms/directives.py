"""Forms of the directives desk: they parse input, never decide who may do what (the services
do). The due date is a Jalali date and an optional time of day (Tehran time)."""

import re
from collections.abc import Sequence
from datetime import datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.common.persian import to_ascii_digits
from hamafza.network.models.directives import Directive
from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Unit

D = Directive
DEFAULT_DUE_TIME = time(23, 59)
_TIME = re.compile(r"^(\d{1,2})[:٫.](\d{2})$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class TimeOfDayField(forms.Field):
    """``HH:MM`` with Persian or ASCII digits, cleaned to a ``time``."""

    widget = forms.TextInput(
        attrs={"dir": "ltr", "placeholder": "۱۴:۰۰", "inputmode": "numeric", "maxlength": "10"}
    )

    def to_python(self, value: Any) -> time | None:
        text = to_ascii_digits(str(value or "").strip()[:20])
        if not text:
            return None
        match = _TIME.match(text)
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError(_("ساعت را به شکل ۱۴:۳۰ وارد کنید."), code="invalid")
        return time(int(match[1]), int(match[2]))


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class DirectiveForm(DeskForm):
    issuer_unit = forms.ChoiceField(label=_("از سوی واحد"))
    kind = forms.ChoiceField(
        label=_("نوع"), choices=D.Kind.choices, widget=forms.RadioSelect, initial=D.Kind.INSTRUCTION
    )
    title = forms.CharField(label=_("عنوان"), max_length=300)
    body = forms.CharField(label=_("متن ابلاغیه"), max_length=20_000, widget=_textarea(8))
    required_action = forms.ChoiceField(
        label=_("اقدام لازم از گیرنده"),
        choices=D.RequiredAction.choices,
        widget=forms.RadioSelect,
        initial=D.RequiredAction.ACKNOWLEDGE,
    )
    due_date = JalaliDateField(label=_("مهلت (تاریخ)"))
    due_time = TimeOfDayField(
        label=_("ساعت"), required=False, help_text=_("خالی: پایان همان روز (۲۳:۵۹)")
    )
    audience = forms.ChoiceField(
        label=_("گیرندگان"),
        choices=D.Audience.choices,
        widget=forms.RadioSelect,
        initial=D.Audience.CHOSEN,
    )
    units = forms.MultipleChoiceField(
        label=_("واحدهای گیرنده"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list unit-picker"}),
        help_text=_("وقتی «واحدهای انتخاب‌شده» را برگزیده‌اید."),
    )
    attachments = MultipleFileField(
        label=_("پیوست‌ها"),
        help_text=_("PDF، Word، Excel، PowerPoint، ODT، ZIP یا متن؛ هر پرونده تا ۲۰ مگابایت."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        issuers: Sequence[Unit],
        recipients: Sequence[Unit],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.issuers_by_slug = {unit.slug: unit for unit in issuers}
        self.recipients_by_slug = {unit.slug: unit for unit in recipients}
        cast(forms.ChoiceField, self.fields["issuer_unit"]).choices = unit_choices(issuers)
        cast(forms.MultipleChoiceField, self.fields["units"]).choices = unit_choices(recipients)
        if editing:
            del self.fields["issuer_unit"]
            del self.fields["attachments"]
        else:
            del self.fields["version"]

    @property
    def selected_issuer(self) -> Unit:
        return self.issuers_by_slug[self.cleaned_data["issuer_unit"]]

    def due_at(self) -> datetime:
        moment = datetime.combine(
            self.cleaned_data["due_date"], self.cleaned_data["due_time"] or DEFAULT_DUE_TIME
        )
        return timezone.make_aware(moment)

    def directive_fields(self) -> dict[str, Any]:
        return {
            "title": self.cleaned_data["title"],
            "body": self.cleaned_data["body"],
            "kind": self.cleaned_data["kind"],
            "required_action": self.cleaned_data["required_action"],
            "audience": self.cleaned_data["audience"],
            "due_at": self.due_at(),
            "units": [self.recipients_by_slug[slug] for slug in self.cleaned_data["units"]],
        }


class VersionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class DirectiveFilesForm(VersionForm):
    attachments = MultipleFileField(label=_("افزودن پیوست"))


class ReportForm(DeskForm):
    text = forms.CharField(label=_("گزارش اقدام"), max_length=20_000, widget=_textarea(5))
    attachments = MultipleFileField(label=_("پرونده‌های گزارش"))


class ReplyForm(DeskForm):
    body = forms.CharField(label=_("پاسخ"), max_length=8000, widget=_textarea(3))


class IssuedFilterForm(DeskForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("عنوان یا متن")}),
    )
    status = forms.ChoiceField(
        label=_("وضعیت"), required=False, choices=[("", _("همه")), *D.Status.choices]
    )


class RecipientFilterForm(DeskForm):
    state = forms.ChoiceField(
        label=_("وضعیت گیرنده"),
        required=False,
        choices=[
            ("", _("همه")),
            ("unread", _("خوانده‌نشده")),
            ("read", _("خوانده‌شده، بی‌پاسخ")),
            ("done", _("انجام‌شده")),
            ("overdue", _("دیرکرد")),
        ],
    )
