"""Account pages: password change and reset (Django's views, audited) and API tokens in the UI.

Sign-in, sign-out and the password pages are Django's own views, configured in ``urls.py``;
the two subclasses below only add the audit row in the same transaction as the change.
The token views answer htmx with the ``tokens`` partial of ``accounts/tokens_panel.html``
(the panel the profile page includes) and plain form posts with a redirect to the profile.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from hamafza.accounts import services
from hamafza.accounts.forms import PasswordChangeForm, SetPasswordForm, TokenCreateForm
from hamafza.accounts.models import ApiToken, User

TOKENS_PARTIAL = "accounts/tokens_panel.html#tokens"
PROFILE_URL = "org:my_profile"


class AuthedRequest(HttpRequest):
    """What ``login_required`` and the htmx middleware guarantee about the request."""

    user: User
    htmx: HtmxDetails


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=cast(User, form.user))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(user=cast(User, form.user), reset=True)
        return response


def _tokens_panel(request: AuthedRequest, **context: Any) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, TOKENS_PARTIAL, {"tokens": tokens, **context})


@never_cache  # the response may carry a raw token
@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if form.is_valid():
        try:
            token, raw = services.token_create(
                user=request.user, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.htmx:
                return _tokens_panel(request, new_token=raw, new_token_name=token.name)
            messages.success(
                request,
                _(
                    "توکن «%(name)s» ساخته شد. فقط همین یک بار نمایش داده می‌شود؛ "
                    "همین حالا رونوشتش را بردارید: %(token)s"
                )
                % {"name": token.name, "token": raw},
            )
            return redirect(PROFILE_URL)
    errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
    if request.htmx:
        return _tokens_panel(
            request, token_errors=errors, token_name=request.POST.get("name", "")[:100]
        )
    for error in errors:
        messages.error(request, error)
    return redirect(PROFILE_URL)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    # Someone else's token is 404, like a token that does not exist.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.token_revoke(token=token, actor=request.user)
    if request.htmx:
        return _tokens_panel(request)
    messages.success(request, _("توکن «%(name)s» باطل شد.") % {"name": token.name})
    return redirect(PROFILE_URL)
