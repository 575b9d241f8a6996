from django.contrib.sessions.models import Session
from django.urls import reverse

from hamafza.accounts.tests.helpers import LOGIN_URL, sign_in, signed_in_user_id
from hamafza.org.tests.factories import TEST_PASSWORD

DESK_URL = reverse("org:desk_home")
BAD_CREDENTIALS = "نام کاربری یا گذرواژه نادرست است."


def test_login_page_is_persian_with_autocomplete_hints(client, db):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "ورود به میز کار روابط عمومی" in content
    assert 'autocomplete="username"' in content
    assert 'autocomplete="current-password"' in content
    assert reverse("accounts:password_reset") in content


def test_login_with_the_right_password_signs_in_and_goes_to_the_desk(client, net):
    response = sign_in(client, net.tehran_editor.username)
    assert response.status_code == 302
    assert response["Location"] == DESK_URL
    assert signed_in_user_id(client) == str(net.tehran_editor.pk)


def test_login_rotates_the_session_key(client, net):
    # A session that exists before sign-in (as an attacker could plant one) must not survive it.
    session = client.session
    session["probe"] = "before"
    session.save()
    old_key = session.session_key

    sign_in(client, net.tehran_editor.username)

    new_key = client.cookies["sessionid"].value
    assert new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert signed_in_user_id(client) == str(net.tehran_editor.pk)


def test_login_with_a_wrong_password_shows_a_persian_error(client, net):
    response = sign_in(client, net.tehran_editor.username, password="wrong-password")
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert signed_in_user_id(client) is None


def test_login_as_an_unknown_user_gets_the_same_error(client, net):
    response = sign_in(client, "nobody-here", password=TEST_PASSWORD)
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_deactivated_account_cannot_sign_in_and_is_not_revealed(client, net):
    type(net.tehran_editor).objects.filter(pk=net.tehran_editor.pk).update(is_active=False)
    response = sign_in(client, net.tehran_editor.username)
    assert response.status_code == 200
    assert BAD_CREDENTIALS in response.content.decode()
    assert signed_in_user_id(client) is None


def test_login_does_not_redirect_to_another_site(client, net):
    response = client.post(
        f"{LOGIN_URL}?next=https://evil.example/",
        {"username": net.tehran_editor.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == DESK_URL


def test_login_follows_a_local_next(client, net):
    next_url = reverse("accounts:password_change")
    response = client.post(
        f"{LOGIN_URL}?next={next_url}",
        {"username": net.tehran_editor.username, "password": TEST_PASSWORD},
    )
    assert response["Location"] == next_url


def test_a_signed_in_user_visiting_login_goes_to_the_desk(client, net):
    client.force_login(net.tehran_editor)
    response = client.get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == DESK_URL


def test_logout_refuses_get_and_keeps_the_session(client, net):
    client.force_login(net.tehran_editor)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert signed_in_user_id(client) == str(net.tehran_editor.pk)


def test_logout_by_post_ends_the_session(client, net):
    client.force_login(net.tehran_editor)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert signed_in_user_id(client) is None
    assert client.get(DESK_URL)["Location"].startswith(LOGIN_URL)


def test_the_desk_sends_anonymous_visitors_to_login(client, db):
    response = client.get(DESK_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={DESK_URL}"
