"""Forms: the public comment form (it only reads the input; ``services.comment_submit`` decides)
and the desk's filters and moderation forms."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.comments.models import BODY_MAX, NAME_MAX, Comment
from hamafza.comments.services import Submission
from hamafza.comments.workflow import TRANSITIONS
from hamafza.common.persian import to_ascii_digits

HONEYPOT = "website"


def _int_or_none(value: Any) -> int | None:
    text = to_ascii_digits(str(value or "")).strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


class CommentForm(forms.Form):
    """A visitor's comment. Every field is optional here so that the service, the one place
    the rules live, says what is missing, in the same words as the API."""

    body = forms.CharField(
        label=_("متن نظر"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": BODY_MAX, "dir": "auto"}),
        help_text=_("فقط متن ساده؛ نظرها پس از بررسی منتشر می‌شوند."),
    )
    author_name = forms.CharField(
        label=_("نام"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX, "autocomplete": "name"}),
    )
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    captcha_token = forms.CharField(required=False, widget=forms.HiddenInput)
    captcha_answer = forms.CharField(
        label=_("پاسخ پرسش امنیتی"),
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4, "dir": "ltr"}
        ),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled in by robots.
    website = forms.CharField(
        label=_("این فیلد را خالی بگذارید"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def submission(self) -> Submission:
        """The input as typed (call after ``is_valid()``; no field can be invalid here)."""
        data = self.cleaned_data
        return Submission(
            body=data.get("body", ""),
            author_name=data.get("author_name", ""),
            parent_id=_int_or_none(data.get("parent")),
            captcha_token=data.get("captcha_token", ""),
            captcha_answer=data.get("captcha_answer", ""),
            honeypot=data.get(HONEYPOT, ""),
        )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("وضعیت"),
        required=False,
        choices=[("", _("همه")), *Comment.Status.choices],
    )
    story = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_story(self) -> int | None:
        return self.cleaned_data.get("story") or None


_ACTIONS = [(name, t.label) for name, t in TRANSITIONS.items()]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=_("کار"), choices=_ACTIONS)
    ids = forms.TypedMultipleChoiceField(coerce=int, label=_("نظرها"))

    def __init__(self, data: Any, *, ids: list[int]) -> None:
        super().__init__(data)
        field = cast(forms.TypedMultipleChoiceField, self.fields["ids"])
        field.choices = [(str(pk), str(pk)) for pk in ids]
        field.error_messages["required"] = _("هیچ نظری انتخاب نشده است.")
        field.error_messages["invalid_choice"] = _(
            "نظرهای انتخاب‌شده دیگر در این فهرست نیستند؛ صفحه را دوباره بارگذاری کنید."
        )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("پاسخ رسمی"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
