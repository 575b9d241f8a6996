"""Account forms: Django's own auth forms with Persian labels and messages, and the token form.

The auth forms keep Django's behaviour (authentication through django-axes, password
validators, no account enumeration in the reset form); only their wording is ours.
"""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

INVALID_LOGIN = _("نام کاربری یا گذرواژه نادرست است.")


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        # An inactive account gets the same answer as a wrong password: the form must not tell
        # a stranger which usernames exist.
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("نام کاربری")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "dir": "ltr"}
        )
        self.fields["password"].label = _("گذرواژه")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": _("گذرواژه فعلی نادرست است."),
        "password_mismatch": _("دو گذرواژه تازه یکسان نیستند."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("گذرواژه فعلی")
        _label_new_password_fields(self)


class SetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("دو گذرواژه تازه یکسان نیستند."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_new_password_fields(self)


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("نشانی رایانامه")
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "dir": "ltr"})


def _label_new_password_fields(form: forms.Form) -> None:
    form.fields["new_password1"].label = _("گذرواژه تازه")
    form.fields["new_password2"].label = _("تکرار گذرواژه تازه")
    form.fields["new_password2"].help_text = _("برای اطمینان، گذرواژه تازه را دوباره بنویسید.")
    for name in ("new_password1", "new_password2"):
        form.fields[name].widget.attrs.update({"autocomplete": "new-password"})


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("نام توکن"),
        max_length=100,  # ApiToken.name
        error_messages={
            "required": _("برای توکن یک نام بنویسید تا بعداً بشناسیدش."),
            "max_length": _("نام توکن حداکثر ۱۰۰ نویسه است."),
        },
    )
