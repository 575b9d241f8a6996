"""The JSON API instance: `/api/v1/`, OpenAPI at `/api/v1/openapi.json`.

Every operation authenticates with a bearer token (integrations) or the browser session
(with CSRF); only public operations opt out (``auth=None``: the token exchange and
everything under ``/public``). Errors are structured JSON:
``{"detail": "...", "code": "..."}`` with a Persian message.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from hamafza.accounts.api import router as auth_router
from hamafza.accounts.auth import BearerTokenAuth
from hamafza.comments.api import public_router as comments_public_router
from hamafza.comments.api import staff_router as comments_router
from hamafza.insights.api import router as insights_router
from hamafza.network.api import ROUTERS as network_routers
from hamafza.newsroom.api import router as newsroom_router
from hamafza.notifications.api import router as notifications_router
from hamafza.org.api import router as org_router
from hamafza.plans.api import router as plans_router
from hamafza.portal.api import router as public_router
from hamafza.strategy.api import router as strategy_router

api = NinjaAPI(
    title="Hamafza API",
    version="1",
    urls_namespace="api",
    auth=[BearerTokenAuth(), SessionAuth()],
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("ورودی نامعتبر است."), "code": "invalid", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("احراز هویت لازم است."), "code": "unauthenticated"},
        status=401,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer whether the object does not exist or the caller may not know it does.
    return api.create_response(request, {"detail": _("پیدا نشد."), "code": "not_found"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("شما اجازه این کار را ندارید.")
    return api.create_response(request, {"detail": detail, "code": "forbidden"}, status=403)


@api.exception_handler(DjangoValidationError)
def _rule_violation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    # A service refused the input (a business rule, not the request's shape): 400.
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "code": "invalid"}, status=400
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc), "code": _code_for(exc.status_code)}, status=exc.status_code
    )


def _code_for(status: int) -> str:
    return {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
        429: "throttled",
    }.get(status, "error")


api.add_router("/auth/", auth_router)
api.add_router("/", org_router)
api.add_router("/stories", newsroom_router)
api.add_router("/strategy", strategy_router)
api.add_router("/plans", plans_router)
api.add_router("/insights", insights_router)
api.add_router("/notifications", notifications_router)
api.add_router("/public", public_router)
api.add_router("/public", comments_public_router)
api.add_router("/comments", comments_router)
for _prefix, _router in network_routers:
    api.add_router(_prefix, _router)
