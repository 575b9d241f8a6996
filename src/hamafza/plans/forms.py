"""Forms of the plans desk: they parse input, never decide who may do what (the services do).

Links to the strategy (goals, audiences, key messages) offer the active version only; the
service refuses anything else too.
"""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Domain, Partner, Unit
from hamafza.plans.models import (
    Activity,
    AttachmentMessage,
    Channel,
    Objective,
    Plan,
    PlanIndicator,
    Risk,
    Segment,
    Spokesperson,
)
from hamafza.strategy.forms import NumberField
from hamafza.strategy.models import Audience, Goal, KeyMessage, StrategyDocument

ACTIVE = StrategyDocument.Status.ACTIVE


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class PlanForm(DeskForm):
    unit = forms.ChoiceField(label=_("واحد مجری"))
    title = forms.CharField(label=_("عنوان طرح"), max_length=300)
    description = forms.CharField(
        label=_("شرح طرح"), max_length=20_000, required=False, widget=_textarea(5)
    )
    starts_on = JalaliDateField(label=_("تاریخ شروع"))
    ends_on = JalaliDateField(label=_("تاریخ پایان"))
    domains = forms.MultipleChoiceField(
        label=_("حوزه‌های هم‌افزایی"),
        choices=Domain.Code.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("همکاران"),
        queryset=Partner.objects.filter(is_active=True).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, units: Sequence[Unit] | None = None, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            self.units_by_slug = {unit.slug: unit for unit in units}
            field = cast(forms.ChoiceField, self.fields["unit"])
            field.choices = unit_choices(units)
        if not editing:
            del self.fields["version"]

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]

    def plan_fields(self) -> dict[str, Any]:
        names = ("title", "description", "starts_on", "ends_on", "domains", "partners")
        return {name: self.cleaned_data[name] for name in names}


class VersionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class PlanTransitionForm(VersionForm):
    note = forms.CharField(label=_("توضیح"), max_length=2000, required=False, widget=_textarea(2))


class AttachmentForm(VersionForm):
    idea = forms.CharField(
        label=_("ایده و راهبرد ارتباطی"),
        max_length=8000,
        required=False,
        widget=_textarea(4),
        help_text=_("ایده‌های خلاق و کم‌هزینه ارزشمندند: رسانه خلاقیت می‌خواهد، نه تجهیزات."),
    )
    channels = forms.MultipleChoiceField(
        label=_("مجراها"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    consent_and_dignity = forms.CharField(
        label=_("رضایت و کرامت مددجویان"),
        max_length=4000,
        required=False,
        widget=_textarea(3),
        help_text=_(
            "چگونه رضایت آگاهانه افرادی که روایتشان گفته می‌شود گرفته و کرامتشان حفظ می‌شود."
        ),
    )
    people = forms.CharField(
        label=_("نیروی انسانی"), max_length=4000, required=False, widget=_textarea(2)
    )
    budget = NumberField(
        label=_("بودجه (ریال، اختیاری)"), required=False, max_digits=16, decimal_places=0
    )

    def attachment_fields(self) -> dict[str, Any]:
        names = ("idea", "channels", "consent_and_dignity", "people", "budget")
        return {name: self.cleaned_data[name] for name in names}


class _PartForm(forms.ModelForm):
    """A row of one of the attachment's lists; ``part_fields`` is what the service takes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("goal", Goal.objects.filter(document__status=ACTIVE)),
            ("audience", Audience.objects.filter(document__status=ACTIVE)),
            (
                "key_message",
                KeyMessage.objects.filter(goal__document__status=ACTIVE).select_related("goal"),
            ),
        ):
            if name in self.fields:
                cast(forms.ModelChoiceField, self.fields[name]).queryset = queryset
        for each in self.fields.values():
            if isinstance(each.widget, forms.Textarea):
                each.widget.attrs["rows"] = 2

    def part_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class ObjectiveForm(_PartForm):
    deadline = JalaliDateField(label=_("مهلت"), required=False)

    class Meta:
        model = Objective
        fields = ("text", "goal", "measure", "target", "deadline")


class SegmentForm(_PartForm):
    class Meta:
        model = Segment
        fields = ("name", "audience", "insight", "think", "feel", "do")


class MessageForm(_PartForm):
    class Meta:
        model = AttachmentMessage
        fields = ("key_message", "text")


class SpokespersonForm(_PartForm):
    class Meta:
        model = Spokesperson
        fields = ("name", "title", "topics")


class RiskForm(_PartForm):
    class Meta:
        model = Risk
        fields = ("kind", "description", "mitigation")


class IndicatorForm(_PartForm):
    baseline = NumberField(label=_("خط پایه"), required=False)
    target = NumberField(label=_("هدف"), required=False)

    class Meta:
        model = PlanIndicator
        fields = ("level", "name", "source", "baseline", "target")
        help_texts = {
            "source": _(
                "خبرهای منتشرشده برونداد را می‌سنجند؛ بازدید عمومی و نظرهای تأییدشده خبرهای "
                "پیوندخورده، برداشت مخاطب را؛ ثبت با مستند هر سطحی را."
            )
        }


PART_FORMS: dict[str, type[_PartForm]] = {
    "objective": ObjectiveForm,
    "segment": SegmentForm,
    "message": MessageForm,
    "spokesperson": SpokespersonForm,
    "risk": RiskForm,
    "indicator": IndicatorForm,
}


class ActivityForm(forms.ModelForm):
    date = JalaliDateField(label=_("تاریخ"))
    # The activity's version the form was filled from (editing only): a stale save is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Activity
        fields = (
            "title", "description", "channel", "date", "unit", "owner", "domain", "key_message",
            "partners",
        )  # fmt: skip

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        unit_ids = [unit.pk for unit in units]
        unit_field = cast(forms.ModelChoiceField, self.fields["unit"])
        unit_field.queryset = Unit.objects.filter(pk__in=unit_ids).order_by("name")
        owner_field = cast(forms.ModelChoiceField, self.fields["owner"])
        owner_field.queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__unit_id__in=unit_ids)
            .distinct()
            .order_by("last_name", "first_name")
        )
        message_field = cast(forms.ModelChoiceField, self.fields["key_message"])
        message_field.queryset = KeyMessage.objects.filter(goal__document__status=ACTIVE)
        partner_field = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        partner_field.queryset = Partner.objects.filter(is_active=True).order_by("name")
        self.fields["description"].widget.attrs["rows"] = 2

        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def activity_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("partners", None)
        data.pop("version", None)
        return data


class ActivityStatusForm(DeskForm):
    status = forms.ChoiceField(label=_("وضعیت"), choices=Activity.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class ResultForm(DeskForm):
    value = NumberField(label=_("مقدار"))
    measured_on = JalaliDateField(label=_("تاریخ سنجش"))
    evidence = forms.CharField(label=_("مستند"), max_length=4000, widget=_textarea(2))


class PlanFilterForm(DeskForm):
    q = forms.CharField(label=_("جستجو"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("وضعیت"), required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        field = cast(forms.ChoiceField, self.fields["status"])
        field.choices = [("", _("همه")), *Plan.Status.choices]
