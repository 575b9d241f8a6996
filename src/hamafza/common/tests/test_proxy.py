"""The visitor's address behind the project's proxy (common/proxy.py): taken from X-Real-IP
only when the request came from a trusted proxy, and only when it is an address."""

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from hamafza.common.proxy import RealIPMiddleware


def seen_address(settings, *, proxies: list[str], remote: str, header: str | None) -> str:
    settings.TRUSTED_PROXIES = proxies
    seen: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(request.META["REMOTE_ADDR"])
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if header is not None:
        request.META["HTTP_X_REAL_IP"] = header
    RealIPMiddleware(view)(request)
    return seen[0]


def test_from_the_trusted_proxy_the_visitors_address(settings):
    assert seen_address(settings, proxies=["127.0.0.1"], remote="127.0.0.1", header="5.6.7.8") == (
        "5.6.7.8"
    )
    assert seen_address(settings, proxies=["::1"], remote="::1", header=" 2001:db8::7 ") == (
        "2001:db8::7"
    )


@pytest.mark.parametrize(
    ("proxies", "remote", "header"),
    [
        ([], "127.0.0.1", "5.6.7.8"),  # no proxy configured
        (["127.0.0.1"], "9.9.9.9", "5.6.7.8"),  # a visitor saying what it likes
        (["127.0.0.1"], "127.0.0.1", "5.6.7.8, 1.2.3.4"),  # not one address
        (["127.0.0.1"], "127.0.0.1", "localhost"),
        (["127.0.0.1"], "127.0.0.1", None),
    ],
)
def test_otherwise_the_address_stays(settings, proxies, remote, header):
    assert seen_address(settings, proxies=proxies, remote=remote, header=header) == remote
