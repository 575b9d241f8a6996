import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Their place in the network (units, roles, skills) lives in ``org``.

    Usernames are ASCII (``tehran.editor``): they are typed on phones with Persian keyboards,
    appear in URLs and are read aloud over the phone, where look-alike Persian and Arabic
    letters (ی/ي, ک/ك) would make two accounts that nobody can tell apart.
    """

    username_validator = ASCIIUsernameValidator()  # type: ignore[assignment]
    username = models.CharField(
        _("نام کاربری"),
        max_length=150,
        unique=True,
        help_text=_("حداکثر ۱۵۰ نویسه: حروف لاتین، رقم و . _ - @ +"),
        validators=[username_validator],
        error_messages={"unique": _("این نام کاربری قبلاً گرفته شده است.")},
    )

    class Meta:
        verbose_name = _("کاربر")
        verbose_name_plural = _("کاربران")
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def hash_token(raw: str) -> str:
    """Tokens are long random strings, so a fast digest is enough to store them safely."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A bearer token for integrations. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("کاربر"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("نام"), max_length=100)
    prefix = models.CharField(_("آغاز توکن"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("ساخته شده"), default=timezone.now)
    last_used_at = models.DateTimeField(_("آخرین استفاده"), null=True, blank=True)
    expires_at = models.DateTimeField(_("انقضا"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("باطل شده"), null=True, blank=True)

    objects: ClassVar[ApiTokenQuerySet] = ApiTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("توکن API")
        verbose_name_plural = _("توکن‌های API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def masked(self) -> str:
        """How the token starts (``hmz_1a2b3c4d_…``): enough to recognise it, useless to use."""
        return f"{settings.API_TOKEN_PREFIX}_{self.prefix}_…"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
