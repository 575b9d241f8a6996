"""Account services: API tokens and password changes. Each one is atomic and audited."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hamafza.accounts.models import ApiToken, User, hash_token
from hamafza.common.actors import SYSTEM, SystemActor
from hamafza.common.audit import audit_log

# Touching last_used_at on every request would turn every API read into a write; once a
# minute is precise enough to tell a live token from a forgotten one.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKENS_PER_USER = 50


def _may_act_for(actor: User | SystemActor, owner_id: int) -> bool:
    """The owner, a superuser, or ``SYSTEM``: the operator at the server's shell (the CLI)."""
    return actor is SYSTEM or actor.pk == owner_id or actor.is_superuser


def token_create(*, user: User, actor: User | SystemActor, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user`` and return it with the raw secret (shown once, never stored).

    Only the user themselves, a superuser or the server's operator (``SYSTEM``) may.
    """
    if not _may_act_for(actor, user.pk):
        raise PermissionDenied(_("فقط خود کاربر می‌تواند برای خودش توکن بسازد."))
    name = name.strip()
    if not name:
        raise ValidationError(_("برای توکن یک نام بنویسید تا بعداً بشناسیدش."))
    if len(name) > 100:
        raise ValidationError(_("نام توکن حداکثر ۱۰۰ نویسه است."))
    with transaction.atomic():
        if ApiToken.objects.active().filter(user=user).count() >= MAX_TOKENS_PER_USER:
            raise ValidationError(_("تعداد توکن‌های فعال شما به سقف رسیده است؛ یکی را باطل کنید."))
        prefix = secrets.token_hex(4)
        raw = f"{settings.API_TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=user, name=name, prefix=prefix, key_hash=hash_token(raw)
        )
        audit_log(
            actor=actor,
            action="accounts.token.create",
            obj=token,
            summary=f"token {prefix} for {user.username}",
        )
    return token, raw


def token_revoke(*, token: ApiToken, actor: User | SystemActor) -> ApiToken:
    """Revoke a token. The owner, a superuser or the server's operator (``SYSTEM``) may;
    revoking twice changes nothing."""
    if not _may_act_for(actor, token.user_id):
        raise PermissionDenied(_("این توکن متعلق به شما نیست."))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_log(
                actor=actor,
                action="accounts.token.revoke",
                obj=token,
                summary=f"token {token.prefix} of {token.user.username}",
            )
    return token


def token_authenticate(raw: str) -> User | None:
    """The active user a raw bearer token belongs to, or None. Updates ``last_used_at``."""
    if not raw or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(raw)).first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_changed(*, user: User, reset: bool = False) -> None:
    """Record a password change done through Django's own views (which do the change).

    ``reset`` marks a change made through an e-mailed reset link rather than by a signed-in
    user who knew the old password. Call it in the transaction that saved the password.
    """
    action = "accounts.password.reset" if reset else "accounts.password.change"
    audit_log(actor=user, action=action, obj=user, summary=user.username)
