"""Helpers shared by the account tests."""

from typing import Any

from django.test import Client
from django.urls import reverse

from hamafza.accounts import services
from hamafza.accounts.models import ApiToken
from hamafza.common.models import AuditEntry
from hamafza.org.tests.factories import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")


def sign_in(
    client: Client, username: str, password: str = TEST_PASSWORD, ip: str = "127.0.0.1"
) -> Any:
    """Sign in through the real login form (so django-axes sees the attempt)."""
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def make_token(user: Any, name: str = "پایگاه خبری استان") -> tuple[ApiToken, str]:
    return services.token_create(user=user, actor=user, name=name)


def audit_count(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()
