"""The visitor's address behind the project's own reverse proxy.

Behind nginx (deploy/nginx/hamafza.conf) every request reaches gunicorn from the proxy's
address, so whatever keys on ``REMOTE_ADDR`` — comment rate limits (``comments.visitors``),
sign-in lockouts (django-axes) — would treat all visitors as one. The proxy sends the address it
saw in ``X-Real-IP``; ``RealIPMiddleware`` puts it in ``REMOTE_ADDR``, but only for a request
that came from one of ``TRUSTED_PROXIES`` (any other can say what it likes in that header) and
only when it is a valid IP address. Without ``TRUSTED_PROXIES`` it does nothing.
"""

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


class RealIPMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.trusted = frozenset(filter(None, map(_address, settings.TRUSTED_PROXIES)))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self.trusted and request.META.get("REMOTE_ADDR") in self.trusted:
            real = _address(request.META.get("HTTP_X_REAL_IP", ""))
            if real is not None:
                request.META["REMOTE_ADDR"] = real
        return self.get_response(request)
