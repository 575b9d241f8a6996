"""Choosing how notifications come by e-mail: the desk page (reached from the notifications
page) and `/api/v1/notifications/preferences`; one's own only, bad input changes nothing, every
change audited and effective from now on."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hamafza.common.models import AuditEntry
from hamafza.notifications.models import DigestDelivery, EmailMode, NotificationPreference
from hamafza.notifications.services import email_mode_of, notification_preferences_set
from hamafza.org.tests.test_api import call

PAGE = reverse("notifications:preferences")


def state() -> list[tuple[Any, ...]]:
    preferences = NotificationPreference.objects.order_by("user_id")
    return [
        *preferences.values_list("user_id", "email_mode", "updated_at"),
        ("audit", AuditEntry.objects.count()),
    ]


# --- The service ---------------------------------------------------------------------------


def test_the_default_is_the_daily_digest(net):
    assert email_mode_of(net.tehran_reporter) == EmailMode.DIGEST


def test_a_change_is_audited_and_dated(net):
    before = timezone.now()
    changed = notification_preferences_set(
        user=net.tehran_reporter, email_mode="immediate", actor=net.tehran_reporter
    )
    assert changed is True
    preference = NotificationPreference.objects.get(user=net.tehran_reporter)
    assert preference.email_mode == EmailMode.IMMEDIATE
    assert preference.updated_at >= before
    entry = AuditEntry.objects.get(action="notifications.preferences.update")
    assert entry.actor == net.tehran_reporter
    assert entry.changes == {"email_mode": ["digest", "immediate"]}


def test_choosing_the_same_again_changes_nothing(net):
    notification_preferences_set(
        user=net.tehran_reporter, email_mode="off", actor=net.tehran_reporter
    )
    before = state()
    assert not notification_preferences_set(
        user=net.tehran_reporter, email_mode="off", actor=net.tehran_reporter
    )
    assert state() == before


def test_nobody_chooses_for_someone_else(net):
    from django.core.exceptions import PermissionDenied

    before = state()
    with pytest.raises(PermissionDenied):
        notification_preferences_set(user=net.tehran_reporter, email_mode="off", actor=net.hq_admin)
    assert state() == before


# --- The desk page -------------------------------------------------------------------------


def test_the_notifications_page_links_to_the_settings(client, net):
    client.force_login(net.tehran_reporter)
    html = client.get(reverse("notifications:list")).content.decode()
    assert f'href="{PAGE}"' in html


def test_the_page_shows_the_choice_the_address_and_the_next_digest(client, net, settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    client.force_login(net.tehran_reporter)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input type="radio" name="email_mode" value="digest"[^>]* checked', html)
    assert response.context["form"].initial == {"email_mode": "digest"}
    assert "tehran.reporter@example.org" in html
    assert "هر روز ساعت ۰۷:۰۰" in html
    assert "خلاصه بعدی:" in html
    assert "تاکنون خلاصه روزانه‌ای برای شما فرستاده نشده است." in html


def test_the_page_shows_the_last_digest_in_jalali(client, net):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    DigestDelivery.objects.create(
        user=net.tehran_reporter,
        day=datetime(2026, 11, 26).date(),
        sent_at=datetime(2026, 11, 26, 7, 1, tzinfo=ZoneInfo("Asia/Tehran")),
        notification_count=3,
    )
    client.force_login(net.tehran_reporter)
    html = client.get(PAGE).content.decode()
    assert "آخرین خلاصه روزانه: ۳ اعلان" in html
    assert "۵ آذر ۱۴۰۵، ۰۷:۰۱" in html


def test_without_an_address_the_page_says_nothing_is_sent(client, net):
    net.tehran_reporter.email = ""
    net.tehran_reporter.save(update_fields=["email"])
    client.force_login(net.tehran_reporter)
    html = client.get(PAGE).content.decode()
    assert "نشانی رایانامه‌ای برای شما ثبت نشده است" in html


def test_saving_a_choice(client, net):
    client.force_login(net.tehran_reporter)
    response = client.post(PAGE, {"email_mode": "immediate"})
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert email_mode_of(net.tehran_reporter) == EmailMode.IMMEDIATE
    page = client.get(PAGE)
    assert "ترجیح شما ذخیره شد." in page.content.decode()
    assert page.context["form"].initial == {"email_mode": "immediate"}
    assert "هر اعلان تازه جداگانه فرستاده می‌شود." in page.content.decode()


@pytest.mark.parametrize("data", [{}, {"email_mode": "weekly"}, {"email_mode": ""}])
def test_bad_input_is_a_persian_error_and_changes_nothing(client, net, data):
    client.force_login(net.tehran_reporter)
    before = state()
    response = client.post(PAGE, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "گزینه" in html  # برگزینید
    assert "field-invalid" in html
    assert state() == before


def test_the_page_is_for_signed_in_members(client, net):
    assert client.get(PAGE).status_code == 302  # to sign in
    client.force_login(net.outsider)
    before = state()
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"email_mode": "off"}).status_code == 403
    assert state() == before


# --- The API -------------------------------------------------------------------------------


def test_api_reads_the_preferences(client, net, settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    status, data = call(client, "get", "/notifications/preferences", user=net.tehran_reporter)
    assert status == 200
    assert data["email_mode"] == "digest"
    assert data["email"] == "tehran.reporter@example.org"
    assert (data["emails_sent"], data["digest_hour"], data["time_zone"]) == (
        True,
        7,
        "Asia/Tehran",
    )
    assert data["next_digest_at"] is not None


def test_api_changes_the_preferences(client, net):
    status, data = call(
        client,
        "put",
        "/notifications/preferences",
        {"email_mode": "off"},
        user=net.tehran_reporter,
    )
    assert status == 200
    assert (data["email_mode"], data["emails_sent"], data["next_digest_at"]) == ("off", False, None)
    assert email_mode_of(net.tehran_reporter) == EmailMode.OFF
    assert AuditEntry.objects.filter(action="notifications.preferences.update").count() == 1


def test_api_without_an_address_says_nothing_is_sent(client, net):
    net.tehran_reporter.email = ""
    net.tehran_reporter.save(update_fields=["email"])
    _status, data = call(client, "get", "/notifications/preferences", user=net.tehran_reporter)
    assert (data["email"], data["emails_sent"]) == (None, False)


@pytest.mark.parametrize("body", [{}, {"email_mode": "weekly"}, {"email_mode": None}])
def test_api_bad_mode_is_422_and_changes_nothing(client, net, body):
    before = state()
    status, _data = call(
        client, "put", "/notifications/preferences", body, user=net.tehran_reporter
    )
    assert status == 422
    assert state() == before


@pytest.mark.parametrize(("method", "body"), [("get", None), ("put", {"email_mode": "off"})])
def test_api_anonymous_is_unauthenticated(client, net, method, body):
    before = state()
    status, data = call(client, method, "/notifications/preferences", body)
    assert (status, data["code"]) == (401, "unauthenticated")
    assert state() == before


def test_a_choice_takes_effect_from_now_on(client, net):
    call(
        client,
        "put",
        "/notifications/preferences",
        {"email_mode": "immediate"},
        user=net.tehran_reporter,
    )
    preference = NotificationPreference.objects.get(user=net.tehran_reporter)
    assert timezone.now() - preference.updated_at < timedelta(minutes=1)


# --- Unsubscribing from the e-mail, without signing in -------------------------------------


def unsubscribe_path(user: Any) -> str:
    from hamafza.notifications.delivery import unsubscribe_token

    return reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])


def test_the_unsubscribe_link_asks_first(client, net):
    before = state()
    response = client.get(unsubscribe_path(net.tehran_reporter))
    html = response.content.decode()
    assert response.status_code == 200
    assert "خاموش کردن رایانامه‌ها" in html
    assert response["Cache-Control"] == "no-store"
    assert state() == before  # a mail scanner following the link changes nothing


def test_confirming_switches_e_mail_off(client, net):
    response = client.post(unsubscribe_path(net.tehran_reporter))
    assert response.status_code == 200
    assert "خاموش شد" in response.content.decode()
    assert email_mode_of(net.tehran_reporter) == EmailMode.OFF
    entry = AuditEntry.objects.get(action="notifications.preferences.update")
    assert entry.actor == net.tehran_reporter


def test_a_mail_clients_one_click_post_switches_e_mail_off(client, net):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        unsubscribe_path(net.tehran_reporter),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert email_mode_of(net.tehran_reporter) == EmailMode.OFF


@pytest.mark.parametrize("token", ["nonsense", "MQ:forged:signature"])
def test_a_bad_token_changes_nothing(client, net, token):
    before = state()
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "این پیوند درست نیست" in response.content.decode()
    assert state() == before


def test_a_token_names_only_its_own_person(client, net):
    client.post(unsubscribe_path(net.tehran_reporter))
    assert email_mode_of(net.tehran_editor) == EmailMode.DIGEST
