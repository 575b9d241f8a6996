"""API authentication: ``Authorization: Bearer <token>`` for integrations."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from hamafza.accounts.services import token_authenticate


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_authenticate(token)
        if user is None:
            return None
        # Views and services read request.user whichever way the caller signed in.
        request.user = user
        return user
