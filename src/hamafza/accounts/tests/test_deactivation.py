"""Switching an account off takes effect at the very next request, in the browser and the API."""

from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.accounts.tests.helpers import LOGIN_URL, make_token, sign_in

DESK_URL = reverse("org:desk_home")
ME_URL = "/api/v1/me"


def test_a_deactivated_user_loses_the_session_and_the_bearer_token(client, net):
    user = net.tehran_editor
    assert sign_in(client, user.username).status_code == 302
    _, raw = make_token(user)
    assert client.get(ME_URL).status_code == 200
    # A client with no session, so only the token speaks.
    assert Client().get(ME_URL, headers={"Authorization": f"Bearer {raw}"}).status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(DESK_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={DESK_URL}"
    assert client.get(ME_URL).status_code == 401
    bearer = Client().get(ME_URL, headers={"Authorization": f"Bearer {raw}"})
    assert bearer.status_code == 401
    assert bearer.json()["code"] == "unauthenticated"
