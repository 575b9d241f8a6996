"""Forms of the newsroom desk: they parse what a person typed, never decide who may do what.

The views hand the cleaned values to ``newsroom.services`` (and ``newsroom.media``), which check
permission, validate the content (headline, limits, allowed HTML) and write. The story body is
edited with django-prose-editor, configured with exactly the formatting our sanitizer keeps;
the sanitizer in the service is still what decides what is stored.
"""

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import (
    ProseEditorWidget,
    prose_editor_base_media,
    prose_editor_js,
)
from js_asset import JSON, Media, Script
from persiantools.jdatetime import JalaliDate

from hamafza.common.jalali import parse_jalali_date
from hamafza.common.persian import to_ascii_digits, to_persian_digits
from hamafza.newsroom.models import Story, Subject
from hamafza.newsroom.selectors import StoryFilters
from hamafza.newsroom.services import story_snapshot
from hamafza.org.forms import DeskForm, JalaliDateField, unit_choices
from hamafza.org.models import Domain, Unit
from hamafza.plans.models import Activity
from hamafza.strategy.selectors import active_key_messages

TEHRAN = ZoneInfo("Asia/Tehran")

# What the editor offers is what ``newsroom.sanitize`` keeps: paragraphs, h2–h4, bold, italic,
# underline, strike, lists, quotes, links, tables and line breaks. No alignment (it is written
# as a style attribute, which the sanitizer and our CSP both refuse), no images in the body
# (photos are uploaded separately, with alt text).
MENU_GROUPS = [
    {"group": "blockType -lists", "type": "dropdown", "minItems": 2},
    {"group": "lists"},
    {"group": "nodes -blockType -lists"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "direction"},
    {"group": "table"},
    {"group": "history"},
]
EDITOR_EXTENSIONS: dict[str, Any] = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Menu": {"groups": MENU_GROUPS},
}


def _editor_catalog() -> dict[str, str]:
    """The editor's own English words (menu titles, dialog labels) in the reader's language.

    The editor reads dialog labels through ``window.gettext``; menu titles are replaced by
    ``story-editor.js``. Keys are the editor's strings, exactly as it writes them.
    """
    return {
        "bold": gettext("پررنگ"),
        "italic": gettext("مورب"),
        "underline": gettext("زیرخط"),
        "strike": gettext("خط‌خورده"),
        "paragraph": gettext("بند"),
        "Paragraph": gettext("بند"),
        "Heading 2": gettext("تیتر ۲"),
        "Heading 3": gettext("تیتر ۳"),
        "Heading 4": gettext("تیتر ۴"),
        "heading 2": gettext("تیتر ۲"),
        "heading 3": gettext("تیتر ۳"),
        "heading 4": gettext("تیتر ۴"),
        "unordered list": gettext("فهرست نقطه‌ای"),
        "ordered list": gettext("فهرست شماره‌دار"),
        "blockquote": gettext("نقل قول"),
        "insert link": gettext("افزودن پیوند"),
        "remove link": gettext("برداشتن پیوند"),
        "Insert table": gettext("افزودن جدول"),
        "Merge cells": gettext("ادغام خانه‌ها"),
        "Split cell": gettext("جدا کردن خانه"),
        "Toggle header cell": gettext("خانه عنوان"),
        "Delete table": gettext("حذف جدول"),
        "Add column": gettext("افزودن ستون"),
        "Delete column": gettext("حذف ستون"),
        "Add row": gettext("افزودن سطر"),
        "Delete row": gettext("حذف سطر"),
        "undo": gettext("واگرد"),
        "redo": gettext("ازنو"),
        "right to left": gettext("راست‌به‌چپ"),
        "left to right": gettext("چپ‌به‌راست"),
        "URL": pgettext("web address", "نشانی"),
        "Title": gettext("عنوان"),
        "Open in new window": gettext("باز شدن در پنجره تازه"),
        "Edit Link": gettext("ویرایش پیوند"),
        "Update": gettext("ثبت"),
        "Insert": gettext("افزودن"),
        "Cancel": gettext("انصراف"),
        "Rows": gettext("سطرها"),
        "Columns": gettext("ستون‌ها"),
        "Include header row": gettext("با سطر عنوان"),
        "Insert Table": gettext("افزودن جدول"),
        "Table Properties": gettext("ویژگی‌های جدول"),
        "List properties": gettext("ویژگی‌های فهرست"),
        "List type": gettext("نوع فهرست"),
        "Start at": gettext("شروع از"),
        "Decimal numbers": gettext("عددی"),
        "Lowercase letters": gettext("حروف کوچک"),
        "Uppercase letters": gettext("حروف بزرگ"),
        "Lowercase Roman numerals": gettext("رومی کوچک"),
        "Uppercase Roman numerals": gettext("رومی بزرگ"),
    }


class StoryBodyWidget(ProseEditorWidget):
    """django-prose-editor's textarea with our own small preset module (``story-editor.js``).

    The package's ready-made preset cannot be told to skip tiptap's injected ``<style>``
    (our CSP allows no inline style) or to keep a paragraph's ``dir``; ours does both, offers
    right-to-left / left-to-right buttons per paragraph and follows the story's language.
    """

    @property
    def media(self) -> Media:
        # Our stylesheet after the package's, so its rules win.
        return prose_editor_base_media + Media(
            css={"all": ["django_prose_editor/editor.css", "newsroom/css/editor.css"]},
            js=[
                # A data block (never executed) and a classic script that runs before the
                # editor's modules, so the editor's dialogs find ``window.gettext``.
                JSON(_editor_catalog(), id="prose-editor-catalog"),
                Script("newsroom/js/editor-gettext.js"),
                prose_editor_js,
                Script("newsroom/js/story-editor.js", type="module"),
            ],
        )


def editor_media(request: HttpRequest, form: forms.Form) -> Media:
    """The form's media with the request's CSP nonce on its import map (an inline script)."""
    # Django's LazyNonce is falsy until read: hand it over as it is, js_asset reads it.
    return Media.from_media(form.media, nonce=get_nonce(request))


def text_direction(language: str) -> str:
    return "ltr" if language == Story.Language.EN else "rtl"


def _names(values: Iterable[Any]) -> list[str]:
    return [str(value) for value in values]


class TagsField(forms.CharField):
    """Tags typed in one line, separated by Persian or Latin commas."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = str(super().to_python(value) or "")
        parts = text.replace("،", ",").replace("؛", ",").split(",")
        return [" ".join(part.split()) for part in parts if part.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "، ".join(_names(value))
        return value


# --- The story -----------------------------------------------------------------------------


class StoryForm(DeskForm):
    """A story's content; ``unit`` when creating, ``version`` (and for a published story a
    public ``change_note``) when editing."""

    unit = forms.ChoiceField(label=_("واحد"))
    kicker = forms.CharField(label=_("روتیتر"), max_length=200, required=False)
    headline = forms.CharField(label=_("تیتر"), max_length=300)
    lead = forms.CharField(
        label=_("لید"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = ProseEditorFormField(
        label=_("متن"),
        required=False,
        config={"extensions": EDITOR_EXTENSIONS},
        preset="hamafza",
        widget=StoryBodyWidget,
    )
    kind = forms.ChoiceField(label=_("نوع"), choices=Story.Kind.choices)
    language = forms.ChoiceField(label=_("زبان"), choices=Story.Language.choices)
    subjects = forms.MultipleChoiceField(
        label=_("موضوع‌ها"),
        choices=Subject.Code.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    domains = forms.MultipleChoiceField(
        label=_("حوزه‌های هم‌افزایی"),
        choices=Domain.Code.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
    )
    tags = TagsField(
        label=_("برچسب‌ها"),
        required=False,
        max_length=2000,
        help_text=_("با ویرگول جدا کنید؛ حداکثر ۲۰ برچسب."),
    )
    activity = forms.TypedChoiceField(
        label=_("فعالیت رسانه‌ای طرح"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("اگر این خبر در خدمت فعالیتی از یک طرح است، آن را برگزینید."),
    )
    key_messages = forms.TypedMultipleChoiceField(
        label=_("پیام‌های کلیدی سند راهبردی"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-list"}),
        help_text=_("پیام‌هایی از سند راهبردی فعال که این خبر می‌رساند."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_note = forms.CharField(
        label=_("یادداشت اصلاح (عمومی)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("این خبر منتشر شده است؛ توضیح اصلاح زیر خبر برای همه نمایش داده می‌شود."),
    )

    CONTENT = ("kicker", "headline", "lead", "body", "kind", "language")
    RELATIONS = ("subjects", "domains", "tags", "key_messages")

    def __init__(
        self,
        *args: Any,
        units: Sequence[Unit] | None = None,
        all_units: Sequence[Unit] | None = None,
        story: Story | None = None,
        activities: Sequence[Activity] = (),
        **kwargs: Any,
    ) -> None:
        """With ``units`` the form creates a story for one of them; with ``story`` it edits.
        ``activities`` are the plan activities the story may serve (``plans.selectors``).

        The unit select offers ``units`` (where the person writes) but accepts any of
        ``all_units``, so a forged unit reaches the service and is refused there (403).
        """
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            accepted = all_units if all_units is not None else units
            self.units_by_slug = {unit.slug: unit for unit in accepted}
            field = cast(forms.ChoiceField, self.fields["unit"])
            field.choices = unit_choices(accepted)
            field.widget.choices = unit_choices(units)
            if len(units) == 1:
                field.initial = units[0].slug
        cast(forms.ChoiceField, self.fields["activity"]).choices = [
            ("", gettext("— هیچ —")),
            *((str(a.pk), f"{a.plan.title} › {a.title}") for a in activities),
        ]
        goals: dict[Any, list[tuple[int, str]]] = {}
        for message in active_key_messages():
            goals.setdefault(message.goal.title, []).append((message.pk, message.text))
        cast(forms.ChoiceField, self.fields["key_messages"]).choices = list(goals.items())
        if story is None:
            del self.fields["version"]
        if story is None or not story.is_public:
            del self.fields["change_note"]
        else:
            self.fields["change_note"].required = True
        language = str(self["language"].value() or Story.Language.FA)
        self.fields["body"].widget.attrs.update(
            {
                "dir": text_direction(language),
                "data-direction-from": self["language"].auto_id,
                "aria-label": gettext("متن خبر"),
            }
        )
        for name in ("kicker", "headline", "lead"):
            self.fields[name].widget.attrs["dir"] = "auto"

    @classmethod
    def initial_for(cls, story: Story) -> dict[str, Any]:
        data = story_snapshot(story)
        data["version"] = story.version
        data["activity"] = story.activity_id
        return data

    def story_fields(self) -> dict[str, Any]:
        """The cleaned content under the names ``story_create``/``story_update`` take."""
        return {name: self.cleaned_data[name] for name in self.CONTENT + self.RELATIONS}

    @property
    def selected_unit(self) -> Unit:
        return self.units_by_slug[self.cleaned_data["unit"]]


# --- Workflow ------------------------------------------------------------------------------


def upcoming_days(count: int = 60) -> list[tuple[str, str]]:
    """(value, label) for the next ``count`` days in the Jalali calendar: the choices of the
    date picker (a datalist, so any other date can still be typed)."""
    weekdays = (
        gettext("دوشنبه"),
        gettext("سه‌شنبه"),
        gettext("چهارشنبه"),
        gettext("پنجشنبه"),
        gettext("جمعه"),
        gettext("شنبه"),
        gettext("یکشنبه"),
    )
    today = timezone.localtime(timezone.now(), TEHRAN).date()
    days = []
    for offset in range(count):
        day = today + timedelta(days=offset)
        jalali = JalaliDate(day)
        value = to_persian_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}")
        days.append((value, weekdays[day.weekday()]))
    return days


class TransitionForm(DeskForm):
    """A workflow move: the version the person saw, a reason, a time (to schedule)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(
        label=_("توضیح"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    when_date = forms.CharField(
        label=_("تاریخ انتشار"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"placeholder": "۱۴۰۵/۰۹/۰۶", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    when_time = forms.CharField(
        label=_("ساعت"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"type": "time", "dir": "ltr"}),
    )

    def __init__(self, *args: Any, needs_time: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_time = needs_time

    def clean_note(self) -> str:
        return " ".join(self.cleaned_data["note"].split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["when"] = None
        if not self.needs_time:
            return cleaned
        day_text, time_text = cleaned.get("when_date", ""), cleaned.get("when_time", "")
        if not day_text:
            self.add_error("when_date", gettext("تاریخ انتشار را وارد کنید."))
            return cleaned
        try:
            day = parse_jalali_date(day_text)
        except ValueError as error:
            self.add_error("when_date", str(error))
            return cleaned
        moment = _parse_time(time_text)
        if moment is None:
            self.add_error("when_time", gettext("ساعت را به شکل ۰۹:۳۰ وارد کنید."))
            return cleaned
        cleaned["when"] = datetime.combine(day, moment, tzinfo=TEHRAN)
        return cleaned


def _parse_time(text: str) -> time | None:
    parts = to_ascii_digits(text or "").strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    hour, minute = int(parts[0]), int(parts[1])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    return time(hour, minute)


def jalali_input(value: date | datetime | None) -> str:
    """A date as the date field shows it: ``۱۴۰۵/۰۹/۰۶`` in Tehran time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value, TEHRAN).date()
    jalali = JalaliDate(value)
    return to_persian_digits(f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}")


class VersionForm(DeskForm):
    """The version a person acted on (feature, retro-approval), with an optional note."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    note = forms.CharField(label=_("توضیح"), max_length=2000, required=False)


class RestoreForm(DeskForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_note = forms.CharField(
        label=_("یادداشت اصلاح (عمومی)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RepublishForm(DeskForm):
    unit = forms.ChoiceField(label=_("بازنشر در واحد"), required=False)

    def __init__(self, *args: Any, units: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units_by_slug = {unit.slug: unit for unit in units}
        # Every unit is accepted, so a unit one may not write for reaches the service (403).
        cast(forms.ChoiceField, self.fields["unit"]).choices = [
            ("", gettext("واحد خودم")),
            *unit_choices(units),
        ]

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")


class NoteForm(DeskForm):
    body = forms.CharField(
        label=_("یادداشت تازه"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


# --- Photos and attachments ----------------------------------------------------------------


class PhotoForm(DeskForm):
    image = forms.FileField(
        label=_("عکس"),
        help_text=_("JPEG، PNG یا WebP تا ۱۵ مگابایت؛ اطلاعات مکان و دستگاه از آن پاک می‌شود."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("متن جایگزین"),
        max_length=300,
        help_text=_("آنچه در عکس دیده می‌شود، برای کسی که آن را نمی‌بیند."),
    )
    caption = forms.CharField(label=_("زیرنویس"), max_length=500, required=False)
    credit = forms.CharField(label=_("عکاس / منبع"), max_length=200, required=False)


class AttachmentForm(DeskForm):
    file = forms.FileField(
        label=_("پرونده"),
        help_text=_("PDF، DOCX، XLSX، PPTX، ODT، ZIP یا TXT تا ۲۰ مگابایت."),
    )
    title = forms.CharField(label=_("عنوان"), max_length=200, required=False)


# --- Lists ---------------------------------------------------------------------------------


class MyStoriesFilterForm(DeskForm):
    status = forms.ChoiceField(label=_("وضعیت"), required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", gettext("همه وضعیت‌ها")),
            *Story.Status.choices,
        ]


class FeedFilterForm(DeskForm):
    unit = forms.ChoiceField(label=_("واحد"), required=False)
    kind = forms.ChoiceField(label=_("نوع"), required=False)
    subject = forms.ChoiceField(label=_("موضوع"), required=False)

    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        cast(forms.ChoiceField, self.fields["unit"]).choices = unit_choices(
            units, empty_label=gettext("همه واحدها")
        )
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext("همه انواع")),
            *Story.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["subject"]).choices = [
            ("", gettext("همه موضوع‌ها")),
            *Subject.Code.choices,
        ]

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")


MAX_SEARCH_INPUT = 300


class SearchTextField(forms.CharField):
    """What someone typed into a search box. Nothing is refused: control characters (NUL
    too, which ``CharField`` rejects) become spaces, runs of space one space, and the text is
    cut at ``MAX_SEARCH_INPUT`` characters (the search reads no further). What the words are
    is for the search to decide."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "200")

    def to_python(self, value: Any) -> str:
        text = str(value or "")[: MAX_SEARCH_INPUT * 2]
        text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
        return " ".join(text.split())[:MAX_SEARCH_INPUT]


class StorySearchForm(DeskForm):
    """Words to look for and the filters that narrow them: a unit (with the units below it),
    kind, subject, domain, a range of Jalali days and, for staff, the status.

    ``search_filters()`` hands the cleaned filters to ``selectors.story_search``; who may see
    what is decided there, not here."""

    q = SearchTextField(label=_("جستجو"), widget=forms.TextInput(attrs={"type": "search"}))
    unit = forms.ChoiceField(label=_("واحد"), required=False)
    kind = forms.ChoiceField(label=_("نوع"), required=False)
    subject = forms.ChoiceField(label=_("موضوع"), required=False)
    domain = forms.ChoiceField(label=_("حوزه"), required=False)
    status = forms.ChoiceField(label=_("وضعیت"), required=False)
    date_from = JalaliDateField(label=_("از تاریخ"), required=False)
    date_to = JalaliDateField(label=_("تا تاریخ"), required=False)

    FILTERS = ("unit", "kind", "subject", "domain", "status", "date_from", "date_to")

    def __init__(self, data: Any, *, units: Sequence[Unit], staff: bool = True) -> None:
        super().__init__(data)
        self.units_by_slug = {unit.slug: unit for unit in units}
        self._choices("unit", unit_choices(units, empty_label=gettext("همه واحدها")))
        self._choices("kind", [("", gettext("همه انواع")), *Story.Kind.choices])
        self._choices("subject", [("", gettext("همه موضوع‌ها")), *Subject.Code.choices])
        self._choices("domain", [("", gettext("همه حوزه‌ها")), *Domain.Code.choices])
        if staff:
            self._choices("status", [("", gettext("همه وضعیت‌ها")), *Story.Status.choices])
        else:
            # The public sees published stories only.
            del self.fields["status"]

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("تاریخ پایان پیش از تاریخ آغاز است."))
        return data

    @property
    def selected_unit(self) -> Unit | None:
        return self.units_by_slug.get(self.cleaned_data.get("unit") or "")

    @property
    def filtered(self) -> bool:
        """Whether any filter was given (valid or not): the page then shows them open."""
        return any(self.data.get(name) for name in self.FILTERS if name in self.fields)

    def search_filters(self) -> StoryFilters:
        """The cleaned filters as the search takes them; call after ``is_valid()``."""
        data = self.cleaned_data
        unit = self.selected_unit
        return StoryFilters(
            unit_id=unit.pk if unit is not None else None,
            kind=data["kind"],
            subject=data["subject"],
            domain=data["domain"],
            status=data.get("status", ""),
            since=data["date_from"],
            until=data["date_to"],
        )


class SearchForm(StorySearchForm):
    """The desk's search: every story the person may see, in any status."""

    def __init__(self, data: Any, *, units: Sequence[Unit]) -> None:
        super().__init__(data, units=units, staff=True)
        self.fields["q"].widget.attrs["placeholder"] = gettext("واژه‌ای از تیتر، لید یا متن خبر")
