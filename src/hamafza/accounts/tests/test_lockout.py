"""django-axes locks a username+IP pair after AXES_FAILURE_LIMIT failures, nothing wider."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.test import Client

from hamafza.accounts.models import ApiToken
from hamafza.accounts.tests.helpers import sign_in, signed_in_user_id
from hamafza.org.tests.factories import TEST_PASSWORD

IP_A = "10.1.1.1"
IP_B = "10.2.2.2"


@pytest.fixture
def locked(net):
    """tehran.editor locked out at IP_A after failing AXES_FAILURE_LIMIT times there."""
    reset()
    username = net.tehran_editor.username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), username, password="wrong-password", ip=IP_A)
    return net


def test_failures_below_the_limit_do_not_lock(client, net):
    reset()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(Client(), net.tehran_editor.username, password="wrong", ip=IP_A)
        assert response.status_code == 200
    response = sign_in(client, net.tehran_editor.username, ip=IP_A)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(net.tehran_editor.pk)


def test_the_locked_pair_cannot_sign_in_even_with_the_right_password(client, locked):
    response = sign_in(client, locked.tehran_editor.username, ip=IP_A)

    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE == 429
    assert "accounts/lockout.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert "ورود موقتاً قفل شده است" in content
    assert "۱۵ دقیقه" in content
    assert signed_in_user_id(client) is None
    assert "_auth_user_id" not in client.session


def test_the_same_username_from_another_ip_can_still_sign_in(client, locked):
    response = sign_in(client, locked.tehran_editor.username, ip=IP_B)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(locked.tehran_editor.pk)
    # Succeeding elsewhere does not unlock the pair under attack.
    assert sign_in(Client(), locked.tehran_editor.username, ip=IP_A).status_code == 429


def test_another_username_from_the_locked_ip_can_still_sign_in(client, locked):
    response = sign_in(client, locked.tehran_reporter.username, ip=IP_A)
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(locked.tehran_reporter.pk)


def test_the_api_answers_a_locked_pair_with_429_json_and_no_token(client, locked):
    response = client.post(
        "/api/v1/auth/token",
        {"username": locked.tehran_editor.username, "password": TEST_PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=IP_A,
    )
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "throttled"
    assert "قفل" in body["detail"]
    assert not ApiToken.objects.exists()


def test_failures_through_the_api_lock_the_pair_too(client, net):
    reset()
    statuses = [
        client.post(
            "/api/v1/auth/token",
            {"username": net.tehran_editor.username, "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR=IP_A,
        ).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The attempt that reaches the limit is already answered as locked.
    assert statuses == [401] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert AccessAttempt.objects.filter(
        username=net.tehran_editor.username, ip_address=IP_A
    ).exists()
    response = sign_in(client, net.tehran_editor.username, ip=IP_A)
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
