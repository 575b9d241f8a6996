"""What every org API module shares: error translation, fetch helpers, error schemas."""

import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status
from ninja.errors import HttpError

from hamafza.org.models import Unit
from hamafza.org.permissions import (
    Access,
    access_member,
    access_partner,
    access_staff,
    access_unit,
)

PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 100


def service_errors[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Turn the service layer's exceptions into the API's JSON errors (``{"detail", "code"}``
    from the handlers in ``config.api``): ``PermissionDenied`` → 403, ``ValidationError`` →
    400 with its Persian messages, ``Http404`` → 404."""

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except PermissionDenied as exc:
            raise HttpError(403, str(exc) or _("شما اجازه این کار را ندارید.")) from exc
        except ValidationError as exc:
            raise HttpError(400, " ".join(exc.messages)) from exc
        except Http404 as exc:
            raise HttpError(404, _("موردی با این مشخصات پیدا نشد.")) from exc

    return wrapper


def caller(request: HttpRequest) -> Any:
    """The authenticated user (bearer token or session)."""
    return request.auth  # type: ignore[attr-defined]


def staff(request: HttpRequest) -> Access:
    """The caller's access; PermissionDenied unless they are a member of the network."""
    return access_staff(caller(request))


def _not_found[**P, R](message: Promise, fetch: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(fetch)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fetch(*args, **kwargs)
        except Http404:
            raise HttpError(404, str(message)) from None

    return wrapper


# The access_* helpers, with a 404 that names what was not found.
fetch_unit = _not_found(gettext_lazy("واحدی با این نشانی پیدا نشد."), access_unit)
fetch_member = _not_found(gettext_lazy("کاربری با این نام کاربری پیدا نشد."), access_member)
fetch_partner = _not_found(gettext_lazy("همکاری با این شناسه پیدا نشد."), access_partner)


def unit_named(slug: str, *, kind: str | None = None) -> Unit | None:
    """The unit a filter or a body field names (None for ""); an unknown one is bad input
    (400), not a missing resource (404). Every staff member may see every unit."""
    if not slug:
        return None
    units = Unit.objects.filter(slug=slug)
    if kind is not None:
        units = units.filter(kind=kind)
    unit = units.first()
    if unit is None:
        raise HttpError(400, _("واحد «%(slug)s» وجود ندارد.") % {"slug": slug})
    return unit


def page_slice(page: int, page_size: int) -> slice:
    start = (page - 1) * page_size
    return slice(start, start + page_size)


class PageFilters(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(PAGE_SIZE_DEFAULT, ge=1, le=PAGE_SIZE_MAX)


class ErrorOut(Schema):
    detail: str = Field(description="A Persian message for the user")
    code: str


class InvalidOut(ErrorOut):
    errors: list[dict[str, Any]]


_ERROR_SCHEMAS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: InvalidOut,
}


def errors(
    *codes: int, conflict: type[Schema] | None = None, refusal: type[Schema] | None = None
) -> dict[int, type[Schema]]:
    """The error responses an operation declares: always 401 and 403, plus ``codes``.
    ``conflict`` and ``refusal`` are an app's own bodies for 409 (``stale_as_conflict``) and
    400 (a refusal that says more than a message)."""
    schemas = dict(_ERROR_SCHEMAS)
    if conflict is not None:
        schemas[409] = conflict
    if refusal is not None:
        schemas[400] = refusal
    return {code: schemas[code] for code in sorted({401, 403, *codes})}


def stale_as_conflict[**P, R](
    view: Callable[P, R],
    *stale: type[Exception],
    detail: Promise | None = None,
    extra: Callable[[Any], dict[str, Any]] | None = None,
) -> Callable[P, R]:
    """``service_errors`` plus the services' stale-edit exceptions ``stale`` — each carries
    ``current``, the object as it is now — as a 409 ``{"detail", "code": "conflict",
    "version", **extra(current)}``: nothing was saved, and the caller learns the version to
    edit from. ``detail`` replaces the exception's own message."""

    @functools.wraps(view)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except stale as exc:
            current = exc.current  # type: ignore[attr-defined]
            conflict = {
                "detail": str(detail) if detail is not None else str(exc),
                "code": "conflict",
                "version": getattr(current, "version", 0),
                **(extra(current) if extra is not None else {}),
            }
            return Status(409, conflict)  # type: ignore[return-value]

    return service_errors(inner)


class UnitRef(Schema):
    slug: str
    name: str
    kind: str
