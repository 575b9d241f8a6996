"""`/api/v1/auth/`: exchanging a password for a token, bearer authentication, revoking."""

import hashlib

from hamafza.accounts.models import ApiToken
from hamafza.accounts.tests.helpers import audit_count, make_token
from hamafza.org.tests.factories import TEST_PASSWORD

TOKEN_URL = "/api/v1/auth/token"
TOKENS_URL = "/api/v1/auth/tokens"
ME_URL = "/api/v1/me"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_password_buys_a_token_stored_only_as_its_hash(client, net):
    response = post_json(
        client,
        TOKEN_URL,
        {"username": net.tehran_editor.username, "password": TEST_PASSWORD, "name": "RSS"},
    )

    assert response.status_code == 201
    raw = response.json()["token"]
    assert raw.startswith("hmz_")
    token = ApiToken.objects.get()
    assert token.user == net.tehran_editor
    assert token.name == "RSS"
    assert response.json()["id"] == token.pk
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(raw not in str(value) for value in stored.values())
    assert audit_count("accounts.token.create") == 1


def test_a_token_without_a_name_gets_a_dated_one(client, net):
    response = post_json(
        client, TOKEN_URL, {"username": net.tehran_editor.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 201
    assert ApiToken.objects.get().name.startswith("ورود از API")


def test_a_wrong_password_is_401_json_and_creates_nothing(client, net):
    response = post_json(
        client, TOKEN_URL, {"username": net.tehran_editor.username, "password": "wrong"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "detail": "نام کاربری یا گذرواژه نادرست است.",
        "code": "invalid_credentials",
    }
    assert not ApiToken.objects.exists()
    assert audit_count("accounts.token.create") == 0


def test_a_deactivated_account_gets_no_token(client, net):
    type(net.tehran_editor).objects.filter(pk=net.tehran_editor.pk).update(is_active=False)
    response = post_json(
        client, TOKEN_URL, {"username": net.tehran_editor.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


def test_missing_fields_are_422_json_and_create_nothing(client, net):
    for payload in ({}, {"username": net.tehran_editor.username}, {"password": TEST_PASSWORD}):
        response = post_json(client, TOKEN_URL, payload)
        assert response.status_code == 422, payload
        body = response.json()
        assert body["code"] == "invalid"
        assert body["detail"] == "ورودی نامعتبر است."
    assert not ApiToken.objects.exists()


def test_a_bearer_token_reads_me_and_the_token_list(client, net):
    mine, raw = make_token(net.tehran_editor)
    make_token(net.isfahan_editor)

    me = client.get(ME_URL, headers=bearer(raw))
    assert me.status_code == 200
    assert me.json()["username"] == net.tehran_editor.username

    listing = client.get(TOKENS_URL, headers=bearer(raw))
    assert listing.status_code == 200
    assert [t["id"] for t in listing.json()] == [mine.pk]
    assert listing.json()[0]["active"] is True
    assert "token" not in listing.json()[0]


def test_using_a_token_records_when_it_was_last_used(client, net):
    token, raw = make_token(net.tehran_editor)
    assert token.last_used_at is None
    client.get(ME_URL, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_without_credentials_the_api_answers_401_json(client, db):
    for url in (ME_URL, TOKENS_URL):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"


def test_an_unknown_token_is_401(client, net):
    _, raw = make_token(net.tehran_editor)
    assert client.get(ME_URL, headers=bearer(raw + "x")).status_code == 401


def test_a_revoked_token_is_401(client, net):
    token, raw = make_token(net.tehran_editor)
    response = client.delete(f"{TOKENS_URL}/{token.pk}", headers=bearer(raw))
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert audit_count("accounts.token.revoke") == 1

    response = client.get(ME_URL, headers=bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_revoking_someone_elses_token_is_404_and_changes_nothing(client, net):
    _, raw = make_token(net.tehran_editor)
    theirs, their_raw = make_token(net.isfahan_editor)

    response = client.delete(f"{TOKENS_URL}/{theirs.pk}", headers=bearer(raw))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert audit_count("accounts.token.revoke") == 0
    assert client.get(ME_URL, headers=bearer(their_raw)).status_code == 200


def test_revoking_a_token_that_does_not_exist_is_404(client, net):
    _, raw = make_token(net.tehran_editor)
    response = client.delete(f"{TOKENS_URL}/999999", headers=bearer(raw))
    assert response.status_code == 404
