"""The notification settings form: it parses the choice; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.notifications.models import EmailMode
from hamafza.org.forms import DeskForm


class EmailPreferenceForm(DeskForm):
    email_mode = forms.ChoiceField(
        label=_("چگونه اعلان‌ها را با رایانامه بگیرید؟"),
        choices=EmailMode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("یکی از گزینه‌ها را برگزینید."),
            "invalid_choice": _("یکی از گزینه‌های خاموش، بی‌درنگ یا خلاصه روزانه را برگزینید."),
        },
    )
