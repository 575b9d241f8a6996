"""Forms of the campaigns desk: they parse input, never decide who may do what (the services
do). Goals and key messages offer the active strategy only; the service refuses others too."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamafza.network.models.campaigns import Campaign, CampaignAsset
from hamafza.network.selectors.campaigns import STATES
from hamafza.newsroom.models import Story
from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Unit
from hamafza.plans.models import Channel
from hamafza.strategy.models import Goal, KeyMessage, StrategyDocument

ACTIVE = StrategyDocument.Status.ACTIVE


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


class CampaignFilterForm(DeskForm):
    state = forms.ChoiceField(
        label=_("وضعیت"),
        required=False,
        choices=[
            ("", _("همه")),
            *zip(
                STATES,
                [_("در جریان"), _("آغاز نشده"), _("گذشته"), _("پیش‌نویس")],
                strict=True,
            ),
        ],
    )
    q = forms.CharField(label=_("جستجو در عنوان یا هشتگ"), required=False, max_length=200)


class CampaignForm(DeskForm):
    owner_unit = forms.ChoiceField(label=_("واحد برگزارکننده"))
    title = forms.CharField(label=_("عنوان کارزار"), max_length=300)
    summary = forms.CharField(
        label=_("شرح کارزار"), max_length=8000, required=False, widget=_textarea(4)
    )
    starts_on = JalaliDateField(label=_("تاریخ شروع"))
    ends_on = JalaliDateField(label=_("تاریخ پایان"))
    hashtag = forms.CharField(
        label=_("هشتگ اصلی"),
        max_length=100,
        help_text=_(
            "خبرهای منتشرشده واحدهای شرکت‌کننده که این هشتگ را برچسب دارند خودکار شمرده می‌شوند."
        ),
    )
    extra_hashtags = forms.CharField(
        label=_("هشتگ‌های دیگر"),
        max_length=1100,
        required=False,
        help_text=_("با فاصله یا ویرگول جدا کنید."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("هدف‌های راهبردی"),
        queryset=Goal.objects.filter(document__status=ACTIVE),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    key_messages = forms.ModelMultipleChoiceField(
        label=_("پیام‌های کلیدی"),
        queryset=KeyMessage.objects.filter(goal__document__status=ACTIVE),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    scope = forms.ChoiceField(
        label=_("واحدهای شرکت‌کننده"),
        choices=Campaign.Scope.choices,
        initial=Campaign.Scope.CHILDREN,
        widget=forms.RadioSelect(attrs={"class": "checkbox-list"}),
    )
    units = forms.MultipleChoiceField(
        label=_("واحدهای انتخاب‌شده"),
        required=False,
        help_text=_("فقط وقتی «واحدهای انتخاب‌شده» را برگزیده‌اید."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        owners: Sequence[Unit] | None = None,
        invitable: Sequence[Unit] = (),
        editing: bool = False,
        running: Campaign | None = None,
        **kwargs: Any,
    ) -> None:
        """``running``: the launched campaign being edited; its main hashtag and units stay
        (units are invited one by one), and a start that has come is shown, not changed."""
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner_unit"]
        else:
            self.owners_by_slug = {unit.slug: unit for unit in owners}
            cast(forms.ChoiceField, self.fields["owner_unit"]).choices = unit_choices(owners)
        self.units_by_slug = {unit.slug: unit for unit in invitable}
        cast(forms.MultipleChoiceField, self.fields["units"]).choices = unit_choices(invitable)
        if not editing:
            del self.fields["version"]
        if running is not None:
            for name in ("hashtag", "scope", "units"):
                del self.fields[name]
            if running.starts_on <= timezone.localdate():
                self.fields["starts_on"].disabled = True
                self.fields["starts_on"].help_text = _(
                    "کارزار آغاز شده است؛ تاریخ شروع آن دیگر تغییر نمی‌کند."
                )
            self.fields["ends_on"].help_text = _(
                "می‌توانید کارزار را تمدید یا کوتاه کنید، نه به پیش از امروز."
            )

    @property
    def selected_owner(self) -> Unit:
        return self.owners_by_slug[self.cleaned_data["owner_unit"]]

    def campaign_fields(self) -> dict[str, Any]:
        names = (
            "title", "summary", "starts_on", "ends_on", "hashtag", "extra_hashtags", "goals",
            "key_messages", "scope",
        )  # fmt: skip
        fields = {name: self.cleaned_data[name] for name in names if name in self.fields}
        if "units" in self.fields:
            fields["units"] = [self.units_by_slug[slug] for slug in self.cleaned_data["units"]]
        return fields


class InviteForm(DeskForm):
    """More units for a running campaign: those it may invite and has not yet invited."""

    units = forms.MultipleChoiceField(
        label=_("واحدهای تازه"), widget=forms.SelectMultiple(attrs={"size": 6})
    )

    def __init__(self, *args: Any, units: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in units}
        cast(forms.MultipleChoiceField, self.fields["units"]).choices = unit_choices(units)

    @property
    def selected_units(self) -> list[Unit]:
        return [self.units_by_slug[slug] for slug in self.cleaned_data["units"]]


class TransitionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    note = forms.CharField(label=_("توضیح"), max_length=2000, required=False, widget=_textarea(2))


class MessageForm(DeskForm):
    channel = forms.ChoiceField(label=_("مجرا"), choices=Channel.choices)
    text = forms.CharField(label=_("متن پیام"), max_length=4000, widget=_textarea(3))


class AssetForm(DeskForm):
    title = forms.CharField(label=_("عنوان پرونده"), max_length=200)
    file = forms.FileField(label=_("پرونده"))
    credit = forms.CharField(label=_("پدیدآورنده / منبع"), max_length=200, required=False)
    consent = forms.ChoiceField(
        label=_("رضایت افراد در تصویر"),
        choices=CampaignAsset.Consent.choices,
        help_text=_(
            "پرونده بدون رضایت فقط برای آگاهی نمایش داده می‌شود و قابل دریافت برای انتشار نیست."
        ),
    )


class TemplateForm(DeskForm):
    title = forms.CharField(label=_("عنوان الگو"), max_length=300)
    kind = forms.ChoiceField(label=_("نوع خبر"), choices=Story.Kind.choices)
    body = forms.CharField(label=_("طرح خبر"), max_length=8000, widget=_textarea(5))


def _unit_field(units: Sequence[Unit]) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("واحد"), choices=unit_choices(units))


class _UnitForm(DeskForm):
    def __init__(self, *args: Any, units: Sequence[Unit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in units}
        self.fields["unit"] = _unit_field(units)
        self.order_fields(["unit"])
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.initial.setdefault("unit", units[0].slug)

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]


class JoinForm(_UnitForm):
    pass


class LocalActivityForm(_UnitForm):
    title = forms.CharField(label=_("عنوان فعالیت"), max_length=300)
    date = JalaliDateField(label=_("تاریخ"))
    channel = forms.ChoiceField(label=_("مجرا"), choices=Channel.choices)
    note = forms.CharField(label=_("یادداشت"), max_length=2000, required=False, widget=_textarea(2))


class ExternalOutputForm(_UnitForm):
    url = forms.URLField(
        label=_("نشانی انتشار"),
        max_length=1000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )
    occurred_on = JalaliDateField(label=_("تاریخ انتشار"))
    channel = forms.ChoiceField(label=_("مجرا"), choices=Channel.choices, initial=Channel.SOCIAL)
    note = forms.CharField(label=_("توضیح"), max_length=500, required=False)
    evidence = forms.FileField(
        label=_("مستند (تصویر صفحه یا PDF)"),
        help_text=_("JPG، PNG، WEBP یا PDF، حداکثر ۱۰ مگابایت."),
    )


class StoryLinkForm(DeskForm):
    story = forms.ChoiceField(label=_("خبر منتشرشده"))

    def __init__(self, *args: Any, stories: Sequence[Story] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stories_by_id = {str(story.pk): story for story in stories}
        cast(forms.ChoiceField, self.fields["story"]).choices = [
            (str(story.pk), f"{story.unit.name}: {story.headline}") for story in stories
        ]

    @property
    def selected_story(self) -> Story:
        return self.stories_by_id[self.cleaned_data["story"]]
