"""What every desk view shares: the request type, htmx fragments, pagination, service errors.

A view here is short: parse the input, fetch with an ``access_*`` helper (which raises
``PermissionDenied`` → 403 or ``Http404``), call a service or selector, render or redirect.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from hamafza.accounts.models import User
from hamafza.common.persian import to_ascii_digits
from hamafza.org import services
from hamafza.org.models import Role, Unit
from hamafza.org.permissions import Access


class DeskRequest(HttpRequest):
    """What ``login_required`` and the htmx middleware guarantee about a desk request."""

    user: User
    htmx: HtmxDetails


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of the page. A history restore (the back button with
    htmx's history cache off) is answered with the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request  # type: ignore[union-attr]


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only the ``fragment`` partial of it for htmx."""
    if fragment is not None and wants_fragment(request):
        response = render(request, f"{template}#{fragment}", context, status=status)
    else:
        response = render(request, template, context, status=status)
    if fragment is not None:
        # The same URL answers with a page or a fragment: caches must keep them apart.
        patch_vary_headers(response, ("HX-Request",))
    return response


def done(
    request: HttpRequest, notice: str, url_name: str, *args: Any, error: bool = False
) -> HttpResponse:
    """After a change without htmx: say what happened on the next page and go there."""
    if error:
        messages.error(request, notice)
    else:
        messages.success(request, notice)
    return redirect(url_name, *args)


def add_service_error(
    form: forms.Form, error: ValidationError, *, field: str | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form: per field when the service named
    model fields the form also has, otherwise on ``field`` or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, error.messages)


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Pagination ----------------------------------------------------------------------------


@dataclass
class Pagination:
    page: Page[Any]
    numbers: list[int | None]  # page numbers to link, None where a run of pages is skipped

    @property
    def items(self) -> Sequence[Any]:
        return cast(Sequence[Any], self.page.object_list)


def paginate(request: HttpRequest, items: Any, per_page: int) -> Pagination:
    """The requested page (``?page=``, Persian digits accepted); out of range → the last."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(to_ascii_digits(request.GET.get("page", "")))
    numbers = [
        number if isinstance(number, int) else None
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]
    return Pagination(page=page, numbers=numbers)


# --- Roles and members ---------------------------------------------------------------------


def grantable_roles(access: Access, unit: Unit) -> list[tuple[str, str]]:
    """The roles ``access`` may give in ``unit``, as (value, label) choices."""
    return [(value, str(label)) for value, label in Role.choices if access.can_grant(unit, value)]


def set_active(request: HttpRequest, target: Any, *, active: bool) -> tuple[str, bool]:
    """Call the service; return the message to show and whether it was refused as input."""
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except ValidationError as error:
        return error_text(error), True
    if active:
        return _("حساب %(name)s دوباره فعال شد.") % {"name": target.display_name}, False
    return _("حساب %(name)s غیرفعال شد.") % {"name": target.display_name}, False
