"""Forms of the strategy desk: they parse input; ``strategy.services`` decides and writes."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.common.persian import to_ascii_digits
from hamafza.org.forms import DeskForm
from hamafza.strategy.models import Goal, Indicator


class VersionedForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class DocumentForm(VersionedForm):
    title = forms.CharField(label=_("عنوان"), max_length=300)
    summary = forms.CharField(
        label=_("خلاصه و چشم‌انداز"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class GoalForm(VersionedForm):
    title = forms.CharField(label=_("عنوان هدف"), max_length=300)
    description = forms.CharField(
        label=_("شرح"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class KeyMessageForm(VersionedForm):
    text = forms.CharField(label=_("پیام کلیدی"), max_length=500)


class AudienceForm(VersionedForm):
    name = forms.CharField(label=_("مخاطب"), max_length=200)
    description = forms.CharField(
        label=_("شرح"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class _AsciiDigits:
    """Numbers typed with Persian or ASCII digits, Persian separators allowed."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = to_ascii_digits(value).strip().replace("٫", ".")
            value = value.replace("٬", "").replace(",", "")
        return super().to_python(value)  # type: ignore[misc]


def _number_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"})


class NumberField(_AsciiDigits, forms.DecimalField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("widget", _number_input())
        super().__init__(**kwargs)


class WholeNumberField(_AsciiDigits, forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _number_input())
        super().__init__(**kwargs)


QUARTER_CHOICES = [
    ("", _("کل سال")),
    ("1", _("بهار")),
    ("2", _("تابستان")),
    ("3", _("پاییز")),
    ("4", _("زمستان")),
]


class PeriodForm(VersionedForm):
    year = WholeNumberField(label=_("سال"), min_value=1350, max_value=1500)
    quarter = forms.TypedChoiceField(
        label=_("فصل"), required=False, coerce=int, empty_value=None, choices=QUARTER_CHOICES
    )
    baseline = NumberField(label=_("خط پایه"))
    target = NumberField(label=_("هدف کمّی"))


class IndicatorForm(PeriodForm):
    name = forms.CharField(label=_("شاخص"), max_length=300)
    measure = forms.CharField(label=_("واحد سنجش"), max_length=100, required=False)
    goal = forms.TypedChoiceField(label=_("هدف"), required=False, coerce=int, empty_value=None)

    field_order = ["name", "measure", "goal", "year", "quarter", "baseline", "target"]

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        goal_field = cast(forms.ChoiceField, self.fields["goal"])
        goal_field.choices = [("", _("— همه هدف‌ها —")), *((g.pk, g.title) for g in goals)]

    @property
    def selected_goal(self) -> Goal | None:
        pk = self.cleaned_data.get("goal")
        return self.goals.get(pk) if pk is not None else None


class IndicatorPeriodForm(PeriodForm):
    """One period of one of the document's indicators."""

    indicator = forms.TypedChoiceField(label=_("شاخص"), coerce=int)

    field_order = ["indicator", "year", "quarter", "baseline", "target"]

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        field = cast(forms.ChoiceField, self.fields["indicator"])
        field.choices = [(i.pk, i.name) for i in indicators]

    @property
    def selected_indicator(self) -> Indicator:
        return self.indicators[self.cleaned_data["indicator"]]


class IndicatorEditForm(VersionedForm):
    """An indicator's own fields; its periods are set one by one (``IndicatorPeriodForm``)."""

    name = forms.CharField(label=_("شاخص"), max_length=300)
    measure = forms.CharField(label=_("واحد سنجش"), max_length=100, required=False)
    goal = forms.TypedChoiceField(label=_("هدف"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        goal_field = cast(forms.ChoiceField, self.fields["goal"])
        goal_field.choices = [("", _("— همه هدف‌ها —")), *((g.pk, g.title) for g in goals)]

    @property
    def selected_goal(self) -> Goal | None:
        pk = self.cleaned_data.get("goal")
        return self.goals.get(pk) if pk is not None else None
