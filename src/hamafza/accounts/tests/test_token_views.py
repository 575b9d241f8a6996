"""API tokens from the profile page: the panel, creating and revoking, with and without htmx."""

from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from hamafza.accounts.models import ApiToken, hash_token
from hamafza.accounts.services import MAX_TOKENS_PER_USER
from hamafza.accounts.tests.helpers import audit_count, make_token
from hamafza.common.jalali import format_datetime

CREATE_URL = reverse("accounts:token_create")
PROFILE_URL = reverse("org:my_profile")
HTMX = {"HX-Request": "true"}
NAME_REQUIRED = "برای توکن یک نام بنویسید تا بعداً بشناسیدش."


def revoke_url(token: ApiToken) -> str:
    return reverse("accounts:token_revoke", kwargs={"token_id": token.pk})


def test_creating_with_htmx_returns_the_panel_with_the_raw_token_once(client, net):
    client.force_login(net.tehran_editor)

    response = client.post(CREATE_URL, {"name": "انتشار خودکار"}, headers=HTMX)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.user == net.tehran_editor
    assert token.name == "انتشار خودکار"
    raw = response.context["new_token"]
    assert hash_token(raw) == token.key_hash
    content = response.content.decode()
    assert raw in content
    assert 'id="api-tokens"' in content
    assert "<html" not in content  # only the partial
    assert token.masked in content
    assert audit_count("accounts.token.create") == 1


def test_creating_without_htmx_redirects_to_the_profile_with_a_one_time_message(client, net):
    client.force_login(net.tehran_editor)

    response = client.post(CREATE_URL, {"name": "انتشار خودکار"})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    token = ApiToken.objects.get()
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "success"
    raw = str(message).rsplit(" ", 1)[1]
    assert hash_token(raw) == token.key_hash


def test_an_empty_name_is_refused_in_persian_and_creates_nothing(client, net):
    client.force_login(net.tehran_editor)

    response = client.post(CREATE_URL, {"name": "   "}, headers=HTMX)

    assert response.status_code == 200
    assert NAME_REQUIRED in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert "new_token" not in response.context
    assert not ApiToken.objects.exists()
    assert audit_count("accounts.token.create") == 0


def test_an_empty_name_without_htmx_is_an_error_message(client, net):
    client.force_login(net.tehran_editor)

    response = client.post(CREATE_URL, {})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NAME_REQUIRED]
    assert not ApiToken.objects.exists()


def test_a_too_long_name_is_refused(client, net):
    client.force_login(net.tehran_editor)
    response = client.post(CREATE_URL, {"name": "ن" * 101}, headers=HTMX)
    assert "نام توکن حداکثر ۱۰۰ نویسه است." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_active_token_limit_is_reported_and_nothing_is_created(client, net):
    user = net.tehran_editor
    for n in range(MAX_TOKENS_PER_USER):
        make_token(user, name=f"t{n}")
    client.force_login(user)

    response = client.post(CREATE_URL, {"name": "یکی دیگر"}, headers=HTMX)

    assert "به سقف رسیده است" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == MAX_TOKENS_PER_USER


def test_creating_needs_post_and_a_signed_in_user(client, net):
    response = client.post(CREATE_URL, {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(net.tehran_editor)
    assert client.get(CREATE_URL).status_code == 405
    assert not ApiToken.objects.exists()


def test_revoking_with_htmx_returns_the_panel_showing_it_revoked(client, net):
    token, _ = make_token(net.tehran_editor)
    client.force_login(net.tehran_editor)

    response = client.post(revoke_url(token), headers=HTMX)

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "باطل شده" in response.content.decode()
    assert revoke_url(token) not in response.content.decode()
    assert audit_count("accounts.token.revoke") == 1


def test_revoking_without_htmx_redirects_to_the_profile(client, net):
    token, _ = make_token(net.tehran_editor)
    client.force_login(net.tehran_editor)

    response = client.post(revoke_url(token))

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoking_someone_elses_token_is_404_and_it_stays_active(client, net):
    theirs, _ = make_token(net.isfahan_editor)
    client.force_login(net.tehran_editor)

    for headers in ({}, HTMX):
        response = client.post(revoke_url(theirs), headers=headers)
        assert response.status_code == 404

    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert audit_count("accounts.token.revoke") == 0


def test_revoking_needs_post(client, net):
    token, _ = make_token(net.tehran_editor)
    client.force_login(net.tehran_editor)
    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_panel_renders_inside_another_page(net):
    """The profile page includes the panel with just `tokens` (and `new_token` once)."""
    user = net.tehran_editor
    used, _ = make_token(user, name="پایگاه استان")
    used.last_used_at = timezone.now()
    used.save()
    revoked, _ = make_token(user, name="قدیمی")
    revoked.revoked_at = timezone.now()
    revoked.save()
    request = RequestFactory().get("/desk/me/")
    request.user = user

    html = render_to_string(
        "accounts/tokens_panel.html",
        {"tokens": ApiToken.objects.filter(user=user), "new_token": "hmz_raw_secret"},
        request=request,
    )

    assert 'id="api-tokens"' in html
    assert "hmz_raw_secret" in html
    assert f"hmz_{used.prefix}_…" in html
    assert "پایگاه استان" in html
    assert "قدیمی" in html
    assert revoke_url(used) in html
    assert revoke_url(revoked) not in html
    assert 'hx-confirm="توکن «پایگاه استان» باطل شود؟' in html
    assert "۲ توکن" in html
    assert format_datetime(used.last_used_at) in html
    assert "هرگز" in html  # the revoked token was never used
    assert "csrfmiddlewaretoken" in html


def test_the_panel_without_tokens_invites_creating_one(net):
    request = RequestFactory().get("/desk/me/")
    request.user = net.tehran_editor
    html = render_to_string("accounts/tokens_panel.html", {"tokens": []}, request=request)
    assert "هنوز توکنی نساخته‌اید." in html
    assert reverse("accounts:token_create") in html


def test_without_htmx_the_profile_shows_the_raw_token_exactly_once(client, net):
    client.force_login(net.tehran_editor)

    response = client.post(CREATE_URL, {"name": "انتشار خودکار"}, follow=True)

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    [message] = list(response.context["messages"])
    raw = str(message).rsplit(" ", 1)[1]
    assert hash_token(raw) == ApiToken.objects.get().key_hash
    assert raw in response.content.decode()
    assert 'id="api-tokens"' in response.content.decode()
    assert raw not in client.get(PROFILE_URL).content.decode()
