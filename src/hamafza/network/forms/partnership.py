"""Forms of partnership work: they parse input, never decide who may do what (the services do).

Where a select offers only what the person may use (units they record for, units they may
address), the field still accepts every existing value, so a forged request reaches the service
and is refused there (403) rather than mistaken for a typing error.
"""

import re
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from hamafza.common.persian import to_ascii_digits, to_persian_digits
from hamafza.network.models.partnership import BulletinItem
from hamafza.network.selectors.partnership import stories_by_codes
from hamafza.newsroom.models import Story
from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Domain, Partner, Unit


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "dir": "auto"})


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _story_label(story: Story) -> str:
    code = f" · {to_persian_digits(story.code)}" if story.code else ""
    status = "" if story.is_public else f" ({story.get_status_display()})"
    return f"{story.headline} — {story.unit.name}{code}{status}"


class _CodesField(forms.CharField):
    """News codes separated by spaces or commas (Persian digits accepted) → published stories."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"dir": "ltr", "inputmode": "numeric", "placeholder": "۱۰۲۶۸۵ ۱۰۲۶۸۶"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Story]:
        text = super().clean(value)
        codes = [int(part) for part in re.findall(r"\d+", to_ascii_digits(text or ""))][:50]
        found = stories_by_codes(codes)
        missing = [str(code) for code in codes if code not in found]
        if missing:
            raise forms.ValidationError(
                _gettext("خبر منتشرشده‌ای با این کد پیدا نشد: %(codes)s")
                % {"codes": "، ".join(missing)}
            )
        return [found[code] for code in dict.fromkeys(codes)]


# --- Joint activities ---------------------------------------------------------------------


class JointActivityFilterForm(DeskForm):
    q = forms.CharField(
        label=_("جستجو"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("عنوان، مکان، شرح")}),
    )
    domain = forms.ChoiceField(label=_("حوزه"), required=False)
    partner = forms.ChoiceField(label=_("همکار"), required=False)
    unit = forms.ChoiceField(label=_("واحد"), required=False)
    date_from = JalaliDateField(label=_("از تاریخ"), required=False)
    date_to = JalaliDateField(label=_("تا تاریخ"), required=False)

    def __init__(self, data: Any, *, units: Sequence[Unit], partners: Sequence[Partner]) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        self.partners_by_id = {str(partner.pk): partner for partner in partners}
        _choice(self, "domain").choices = [("", _("همه حوزه‌ها")), *Domain.Code.choices]
        _choice(self, "partner").choices = [
            ("", _("همه همکاران")),
            *((str(p.pk), p.name) for p in partners),
        ]
        _choice(self, "unit").choices = unit_choices(units, empty_label=_("همه واحدها"))

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("تاریخ پایان پیش از تاریخ آغاز است."))
        return data

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "q": data["q"],
            "domain": data["domain"],
            "partner": self.partners_by_id.get(data.get("partner") or ""),
            "unit": self.units_by_slug.get(data.get("unit") or ""),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class JointActivityForm(DeskForm):
    unit = forms.ChoiceField(label=_("واحد ثبت‌کننده"))
    title = forms.CharField(label=_("عنوان فعالیت"), max_length=300)
    occurred_on = JalaliDateField(label=_("تاریخ"))
    place = forms.CharField(label=_("مکان"), max_length=200, required=False)
    domain = forms.ChoiceField(
        label=_("حوزه هم‌افزایی"),
        choices=Domain.Code.choices,
        widget=forms.RadioSelect(attrs={"class": "checkbox-list"}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("همکاران"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("برای برگزیدن چند همکار، Ctrl (یا ⌘) را نگه دارید."),
    )
    other_units = forms.MultipleChoiceField(
        label=_("واحدهای همراه سازمان"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("دیگر واحدهایی که در این فعالیت شریک بودند."),
    )
    description = forms.CharField(
        label=_("شرح"), max_length=8000, required=False, widget=_textarea(4)
    )
    outcome = forms.CharField(
        label=_("دستاورد"), max_length=4000, required=False, widget=_textarea(3)
    )
    stories = forms.MultipleChoiceField(
        label=_("خبرهای مشترک"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_("خبرهای واحدهای شریک درباره این فعالیت."),
    )
    story_codes = _CodesField(
        label=_("کد خبرهای دیگر"),
        help_text=_("خبر منتشرشده هر واحدی که با همکار منتشر شده است؛ کدها را با فاصله جدا کنید."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        all_units: Sequence[Unit],
        record_units: Sequence[Unit] | None = None,
        stories: Sequence[Story] = (),
        kept_partner_ids: Sequence[int] = (),
        **kwargs: Any,
    ) -> None:
        """With ``record_units`` the form records a new activity; without, it edits one."""
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in all_units}
        if record_units is None:
            del self.fields["unit"]
        else:
            del self.fields["version"]
            field = _choice(self, "unit")
            field.choices = unit_choices(all_units)
            field.widget.choices = unit_choices(record_units)
            if len(record_units) == 1:
                field.initial = record_units[0].slug
        partners = cast(forms.ModelMultipleChoiceField, self.fields["partners"])
        partners.queryset = Partner.objects.filter(
            Q(is_active=True) | Q(pk__in=list(kept_partner_ids))
        ).order_by("name")
        _choice(self, "other_units").choices = unit_choices(all_units)
        _choice(self, "stories").choices = [(str(s.pk), _story_label(s)) for s in stories]

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]

    def activity_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        story_ids = [int(pk) for pk in data["stories"]]
        story_ids += [story.pk for story in data["story_codes"] if story.pk not in story_ids]
        return {
            "title": data["title"],
            "occurred_on": data["occurred_on"],
            "place": data["place"],
            "domain": data["domain"],
            "description": data["description"],
            "outcome": data["outcome"],
            "partners": list(data["partners"]),
            "other_units": [self.units_by_slug[slug] for slug in data["other_units"]],
            "stories": story_ids,
        }


class VersionForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


# --- Bulletins ----------------------------------------------------------------------------


class BulletinForm(DeskForm):
    """Create (with a unit) or edit a draft bulletin: its text, recipients and ordered items.

    Items already in the bulletin get a position, a note and a remove box each
    (``item_<id>_position`` …); new stories come from the recent published stories offered
    (``add``) or by news code (``add_codes``) and go to the end.
    """

    unit = forms.ChoiceField(label=_("واحد"))
    title = forms.CharField(label=_("عنوان خبرنامه"), max_length=300)
    intro = forms.CharField(
        label=_("سخن آغازین"), max_length=4000, required=False, widget=_textarea(4)
    )
    to_everyone = forms.BooleanField(label=_("برای همه کارکنان سازمان"), required=False)
    audience_units = forms.MultipleChoiceField(
        label=_("واحدهای گیرنده"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("کارکنان این واحدها و همه واحدهای زیرمجموعه آن‌ها خبرنامه را می‌گیرند."),
    )
    add = forms.MultipleChoiceField(
        label=_("افزودن خبرهای منتشرشده اخیر"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    add_codes = _CodesField(label=_("افزودن با کد خبر"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        all_units: Sequence[Unit],
        audience_units: Sequence[Unit],
        candidates: Sequence[Story],
        items: Sequence[BulletinItem] = (),
        owner_units: Sequence[Unit] | None = None,
        everyone_allowed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in all_units}
        self.items = list(items)
        if owner_units is None:
            del self.fields["unit"]
        else:
            del self.fields["version"]
            field = _choice(self, "unit")
            field.choices = unit_choices(all_units)
            field.widget.choices = unit_choices(owner_units)
            if len(owner_units) == 1:
                field.initial = owner_units[0].slug
        if not everyone_allowed:
            del self.fields["to_everyone"]
        audience = _choice(self, "audience_units")
        audience.choices = unit_choices(all_units)
        audience.widget.choices = unit_choices(audience_units)
        in_bulletin = {item.story_id for item in self.items}
        _choice(self, "add").choices = [
            (str(s.pk), _story_label(s)) for s in candidates if s.pk not in in_bulletin
        ]
        for item in self.items:
            self.fields[f"item_{item.pk}_position"] = forms.IntegerField(
                label=_("ترتیب"),
                min_value=1,
                max_value=999,
                initial=item.position,
                widget=forms.NumberInput(attrs={"class": "narrow", "dir": "ltr"}),
            )
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=_("یادداشت دبیر"), max_length=500, required=False, initial=item.note
            )
            self.fields[f"item_{item.pk}_remove"] = forms.BooleanField(
                label=_("برداشتن"), required=False
            )

    def item_rows(self) -> list[dict[str, Any]]:
        """Each current item with its bound fields, for the template."""
        return [
            {
                "item": item,
                "position": self[f"item_{item.pk}_position"],
                "note": self[f"item_{item.pk}_note"],
                "remove": self[f"item_{item.pk}_remove"],
            }
            for item in self.items
        ]

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]

    def bulletin_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        kept = [
            (data[f"item_{item.pk}_position"], index, item.story_id, data[f"item_{item.pk}_note"])
            for index, item in enumerate(self.items)
            if not data[f"item_{item.pk}_remove"]
        ]
        items: list[tuple[int, str]] = [(story, note) for _p, _i, story, note in sorted(kept)]
        items += [(int(pk), "") for pk in data["add"]]
        items += [(story.pk, "") for story in data["add_codes"]]
        fields: dict[str, Any] = {
            "title": data["title"],
            "intro": data["intro"],
            "audience_units": [self.units_by_slug[slug] for slug in data["audience_units"]],
            "items": items,
        }
        if "to_everyone" in self.fields:
            fields["to_everyone"] = data["to_everyone"]
        return fields
