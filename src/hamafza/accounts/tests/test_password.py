"""Changing a password (old one required, audited) and resetting it by e-mail."""

import re

from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.accounts.tests.helpers import audit_count, signed_in_user_id
from hamafza.common.models import AuditEntry
from hamafza.org.tests.factories import TEST_PASSWORD

CHANGE_URL = reverse("accounts:password_change")
RESET_URL = reverse("accounts:password_reset")
NEW_PASSWORD = "Tazeh-Gozarvazheh-1405!"


def _change(client, old: str, new: str = NEW_PASSWORD):
    return client.post(
        CHANGE_URL, {"old_password": old, "new_password1": new, "new_password2": new}
    )


def _password_is(user: User, password: str) -> bool:
    return User.objects.get(pk=user.pk).check_password(password)


def test_the_change_page_needs_a_signed_in_user(client, db):
    response = client.get(CHANGE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_change_page_is_persian(client, net):
    client.force_login(net.tehran_editor)
    response = client.get(CHANGE_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "گذرواژه فعلی" in content
    assert 'autocomplete="new-password"' in content


def test_changing_the_password_saves_it_audits_it_and_keeps_this_session(client, net):
    user = net.tehran_editor
    client.force_login(user)
    other_device = Client()
    other_device.force_login(user)

    response = _change(client, TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert _password_is(user, NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password.change")
    assert entry.actor == user
    assert entry.object_id == str(user.pk)
    assert signed_in_user_id(client) == str(user.pk)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
    # Every other session of the user ends with the old password.
    assert other_device.get("/api/v1/me").status_code == 401


def test_a_wrong_old_password_changes_nothing(client, net):
    user = net.tehran_editor
    client.force_login(user)

    response = _change(client, "not-my-password")

    assert response.status_code == 200
    assert "گذرواژه فعلی نادرست است." in response.content.decode()
    assert _password_is(user, TEST_PASSWORD)
    assert audit_count("accounts.password.change") == 0


def test_the_old_password_is_required(client, net):
    client.force_login(net.tehran_editor)
    response = client.post(
        CHANGE_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("old_password", "required")
    assert _password_is(net.tehran_editor, TEST_PASSWORD)
    assert audit_count("accounts.password.change") == 0


def test_mismatched_new_passwords_change_nothing(client, net):
    client.force_login(net.tehran_editor)
    response = client.post(
        CHANGE_URL,
        {"old_password": TEST_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "x"},
    )
    assert response.status_code == 200
    assert "دو گذرواژه تازه یکسان نیستند." in response.content.decode()
    assert _password_is(net.tehran_editor, TEST_PASSWORD)


def test_a_weak_new_password_is_refused(client, net):
    client.force_login(net.tehran_editor)
    response = _change(client, TEST_PASSWORD, new="12345678")
    assert response.status_code == 200
    assert response.context["form"].has_error("new_password2")
    assert _password_is(net.tehran_editor, TEST_PASSWORD)


def test_the_reset_link_sets_a_new_password(client, net, mailoutbox):
    user = net.tehran_editor

    response = client.post(RESET_URL, {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "بازیابی گذرواژه در هم‌افزا"
    assert user.username in message.body
    link = re.search(r"https?://\S+", message.body)
    assert link is not None
    path = link.group(0).split("testserver", 1)[1]

    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert _password_is(user, NEW_PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.password.reset")
    assert entry.object_id == str(user.pk)
    # The link works once.
    again = client.get(path, follow=True)
    assert again.context["validlink"] is False
    assert "پیوند نامعتبر است" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, net, mailoutbox):
    response = client.post(RESET_URL, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_a_deactivated_account_gets_no_reset_mail(client, net, mailoutbox):
    User.objects.filter(pk=net.tehran_editor.pk).update(is_active=False)
    client.post(RESET_URL, {"email": net.tehran_editor.email})
    assert mailoutbox == []


def test_a_forged_reset_link_changes_nothing(client, net):
    url = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "forged-token"}
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["validlink"] is False
    response = client.post(url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert all(not _password_is(u, NEW_PASSWORD) for u in User.objects.all())
    assert audit_count("accounts.password.reset") == 0


def test_the_reset_pages_are_persian(client, db):
    assert "بازیابی گذرواژه" in client.get(RESET_URL).content.decode()
    done = client.get(reverse("accounts:password_reset_done"))
    assert "رایانامه‌تان را ببینید" in done.content.decode()
    complete = client.get(reverse("accounts:password_reset_complete"))
    assert "گذرواژه تازه ذخیره شد" in complete.content.decode()
