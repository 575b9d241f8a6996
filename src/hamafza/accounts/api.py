"""`/api/v1/auth/`: exchange a username and password for a token; list and revoke tokens."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from hamafza.accounts import services
from hamafza.accounts.models import ApiToken, User

router = Router(tags=["auth"])


class TokenRequest(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=4096)
    name: str = Field(default="", max_length=100)


class TokenOut(Schema):
    token: str
    id: int
    name: str
    prefix: str


class TokenInfo(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    active: bool


class AuthErrorOut(Schema):
    detail: str
    code: str


def _current_user(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise HttpError(401, _("احراز هویت لازم است."))
    return user


@router.post(
    "/token",
    auth=None,
    response={201: TokenOut, 401: AuthErrorOut, 429: AuthErrorOut},
    summary="Exchange a username and password for an API token",
)
def create_token(request: HttpRequest, payload: TokenRequest) -> Status[dict[str, object]]:
    # authenticate() runs django-axes, which counts failures per username+IP pair and marks
    # the request when that pair is locked out.
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # We answer in JSON ourselves; without this, axes' middleware would replace the
        # response with its HTML lockout page.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        return Status(
            429,
            {
                "detail": _(
                    "به دلیل تلاش‌های ناموفق پیاپی، ورود موقتاً قفل شده است. بعداً دوباره امتحان کنید."
                ),
                "code": "throttled",
            },
        )
    if not isinstance(user, User):
        return Status(
            401,
            {"detail": _("نام کاربری یا گذرواژه نادرست است."), "code": "invalid_credentials"},
        )
    name = payload.name.strip() or _("ورود از API در %(date)s") % {
        "date": timezone.localdate().isoformat()
    }
    try:
        token, raw = services.token_create(user=user, actor=user, name=name)
    except ValidationError as exc:
        raise HttpError(400, " ".join(exc.messages)) from exc
    return Status(201, {"token": raw, "id": token.pk, "name": token.name, "prefix": token.prefix})


@router.get("/tokens", response=list[TokenInfo], summary="The caller's API tokens")
def list_tokens(request: HttpRequest) -> list[dict[str, object]]:
    user = _current_user(request)
    return [
        {
            "id": t.pk,
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "revoked_at": t.revoked_at,
            "active": t.is_active,
        }
        for t in ApiToken.objects.filter(user=user)
    ]


@router.delete(
    "/tokens/{token_id}", response={204: None}, summary="Revoke one of the caller's tokens"
)
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    user = _current_user(request)
    # Someone else's token is 404, like a token that does not exist.
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise HttpError(404, _("توکن پیدا نشد."))
    services.token_revoke(token=token, actor=user)
    return Status(204, None)
