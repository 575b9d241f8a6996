"""E-mailing notifications from the worker's sweeps: immediately (each notification once) and
the daily digest (once per person per day, at the digest hour), who is skipped, what a mail
says and links to, and that a refused send is retried but an accepted one never repeated."""

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hamafza.common import sweeps
from hamafza.notifications import delivery
from hamafza.notifications.delivery import send_daily_digests, send_immediate_emails
from hamafza.notifications.models import (
    DigestDelivery,
    EmailMode,
    Notification,
    NotificationPreference,
)

TEHRAN = ZoneInfo("Asia/Tehran")
BASE = "https://news.example.org"


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.PUBLIC_BASE_URL = BASE
    settings.NOTIFICATIONS_DIGEST_HOUR = 7


def tehran(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, Tehran time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=TEHRAN)


def choose(user: Any, mode: str, *, since: datetime | None = None) -> None:
    NotificationPreference.objects.update_or_create(
        user=user,
        defaults={"email_mode": mode, "updated_at": since or timezone.now() - timedelta(days=30)},
    )


def note(
    user: Any, text: str = "خبر «افتتاح مرکز» برگشت خورد.", *, at: datetime | None = None, **kw: Any
) -> Notification:
    return Notification.objects.create(
        recipient=user,
        kind="newsroom.story.return",
        text=text,
        url=kw.pop("url", "/desk/stories/7/"),
        created_at=at or timezone.now(),
        **kw,
    )


def html_of(message: Any) -> str:
    """The HTML alternative of a sent mail (the plain text is its body)."""
    assert isinstance(message, EmailMultiAlternatives)
    (content, mimetype), *_rest = message.alternatives
    assert mimetype == "text/html"
    return str(content)


# --- Immediately ---------------------------------------------------------------------------


def test_immediate_sends_each_notification_once(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    first = note(net.tehran_reporter, "یک")
    assert send_immediate_emails() == 1
    assert send_immediate_emails() == 0  # run again: nothing new
    assert len(mail.outbox) == 1
    first.refresh_from_db()
    assert first.emailed_at is not None
    assert first.digest is None


def test_two_notifications_are_two_mails(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter, "یک")
    note(net.tehran_reporter, "دو")
    assert send_immediate_emails() == 2
    send_immediate_emails()
    assert sorted(m.subject for m in mail.outbox) == ["هم‌افزا: دو", "هم‌افزا: یک"]
    assert all(m.to == ["tehran.reporter@example.org"] for m in mail.outbox)


def test_a_notification_another_worker_claimed_is_not_sent(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    taken = note(net.tehran_reporter)
    real_update = delivery.Notification.objects.filter

    # Between our read of the queue and our claim, another worker claims the row.
    def other_worker_first(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("pk") == taken.pk and "emailed_at__isnull" in kwargs:
            real_update(pk=taken.pk).update(emailed_at=timezone.now())
        return real_update(*args, **kwargs)

    with mock.patch.object(delivery.Notification.objects, "filter", other_worker_first):
        assert send_immediate_emails() == 0
    assert mail.outbox == []


def test_the_claim_is_one_conditional_update(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter)
    with CaptureQueriesContext(connection) as queries:
        send_immediate_emails()
    claims = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(claims) == 1
    assert '"emailed_at" IS NULL' in claims[0]


def test_a_refused_send_is_released_and_retried(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    first = note(net.tehran_reporter, "یک")
    note(net.tehran_reporter, "دو")
    with mock.patch.object(
        delivery.EmailMultiAlternatives, "send", side_effect=OSError("connection refused")
    ):
        assert send_immediate_emails() == 0  # stops at the first failure
    first.refresh_from_db()
    assert first.emailed_at is None
    assert send_immediate_emails() == 2
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("mode", [EmailMode.OFF, EmailMode.DIGEST])
def test_immediate_skips_people_on_other_modes(net, mode):
    choose(net.tehran_reporter, mode)
    note(net.tehran_reporter)
    assert send_immediate_emails() == 0
    assert mail.outbox == []


def test_nobody_without_a_choice_gets_immediate_mail(net):
    note(net.tehran_reporter)  # the default is the daily digest
    assert send_immediate_emails() == 0


def test_immediate_skips_no_address_inactive_and_read(net):
    for user in (net.tehran_reporter, net.tehran_editor, net.isfahan_editor):
        choose(user, EmailMode.IMMEDIATE)
    net.tehran_reporter.email = ""
    net.tehran_reporter.save(update_fields=["email"])
    net.tehran_editor.is_active = False
    net.tehran_editor.save(update_fields=["is_active"])
    note(net.tehran_reporter)
    note(net.tehran_editor)
    seen = note(net.isfahan_editor, read_at=timezone.now())
    assert send_immediate_emails() == 0
    seen.refresh_from_db()
    assert seen.emailed_at is None


def test_switching_on_does_not_send_the_backlog(net):
    note(net.tehran_reporter, "قدیمی", at=timezone.now() - timedelta(hours=2))
    choose(net.tehran_reporter, EmailMode.IMMEDIATE, since=timezone.now() - timedelta(hours=1))
    note(net.tehran_reporter, "تازه")
    assert send_immediate_emails() == 1
    assert mail.outbox[0].subject == "هم‌افزا: تازه"


def test_stale_notifications_are_not_mailed(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE, since=timezone.now() - timedelta(days=9))
    note(net.tehran_reporter, at=timezone.now() - timedelta(days=2))
    assert send_immediate_emails() == 0


def test_the_immediate_mail(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter, "خبر «افتتاح مرکز»\nبرگشت خورد.", actor=net.tehran_editor)
    send_immediate_emails()
    message = mail.outbox[0]
    assert message.subject == "هم‌افزا: خبر «افتتاح مرکز» برگشت خورد."  # one line
    assert "سلام" in message.body
    assert f"{BASE}/desk/stories/7/" in message.body
    assert f"{BASE}/desk/notifications/settings/" in message.body
    html = html_of(message)
    assert '<html lang="fa" dir="rtl">' in html
    assert f'href="{BASE}/desk/stories/7/"' in html
    assert f'href="{BASE}/desk/notifications/settings/"' in html
    assert "دیدن در هم‌افزا" in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<{BASE}/desk/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    assert f'href="{unsubscribe.strip("<>")}"' in html
    assert_self_contained(html)


def assert_self_contained(html: str) -> None:
    """No image, stylesheet, font or script to fetch: every link is an <a> to our site."""
    for forbidden in ("<img", "<link", "<script", "url(", "@import", "src="):
        assert forbidden not in html
    assert "http://" not in html
    assert html.count("https://") == html.count(f'href="{BASE}/')


def test_the_mail_is_valid_mime_with_a_plain_text_part(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter, "سلام دنیا")
    send_immediate_emails()
    parsed = message_from_bytes(mail.outbox[0].message().as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    kinds = [part.get_content_type() for part in parsed.walk()]
    assert kinds == ["multipart/alternative", "text/plain", "text/html"]
    # The unsubscribe address is readable as it is, not cut into encoded words.
    unsubscribe = mail.outbox[0].extra_headers["List-Unsubscribe"]
    assert parsed["List-Unsubscribe"] == unsubscribe
    assert f"List-Unsubscribe: {unsubscribe}".encode() in mail.outbox[0].message().as_bytes()
    plain = parsed.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "سلام دنیا" in plain.get_content()


def test_an_absolute_notification_url_is_kept(net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter, url="https://elsewhere.example.org/x")
    send_immediate_emails()
    assert "https://elsewhere.example.org/x" in mail.outbox[0].body


def test_without_public_base_url_links_use_the_allowed_host(net, settings):
    settings.PUBLIC_BASE_URL = ""
    settings.ALLOWED_HOSTS = [".example.org", "desk.example.org"]
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    note(net.tehran_reporter)
    send_immediate_emails()
    assert "http://desk.example.org/desk/stories/7/" in mail.outbox[0].body


# --- The daily digest ----------------------------------------------------------------------


def test_the_digest_goes_once_per_person_per_day(net):
    note(net.tehran_reporter, "یک", at=tehran(25, 20))
    note(net.tehran_reporter, "دو", at=tehran(26, 6, 30))
    note(net.isfahan_editor, "سه", at=tehran(26, 1))
    assert send_daily_digests(now=tehran(26, 7, 1)) == 2
    assert send_daily_digests(now=tehran(26, 7, 3)) == 0  # run twice: no second mail
    assert send_daily_digests(now=tehran(26, 18)) == 0
    assert len(mail.outbox) == 2
    digest = DigestDelivery.objects.get(user=net.tehran_reporter)
    assert (str(digest.day), digest.notification_count) == ("2026-11-26", 2)
    assert digest.sent_at is not None
    assert set(digest.notifications.values_list("text", flat=True)) == {"یک", "دو"}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_the_digest_waits_for_its_hour(net):
    note(net.tehran_reporter, at=tehran(25, 20))
    assert send_daily_digests(now=tehran(26, 6, 59)) == 0  # yesterday's digest had nothing
    assert mail.outbox == []
    assert send_daily_digests(now=tehran(26, 7, 0)) == 1


def test_the_digest_hour_is_a_setting(net, settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 18
    note(net.tehran_reporter, at=tehran(26, 9))
    assert send_daily_digests(now=tehran(26, 17, 59)) == 0
    assert send_daily_digests(now=tehran(26, 18, 0)) == 1


def test_notifications_after_the_hour_wait_for_tomorrow(net):
    note(net.tehran_reporter, "امروز", at=tehran(26, 6))
    assert send_daily_digests(now=tehran(26, 7, 1)) == 1
    note(net.tehran_reporter, "بعدازظهر", at=tehran(26, 15))
    note(net.isfahan_editor, "بعدازظهر", at=tehran(26, 15))
    assert send_daily_digests(now=tehran(26, 15, 5)) == 0  # not a second, late digest
    assert send_daily_digests(now=tehran(27, 7, 2)) == 2
    assert DigestDelivery.objects.filter(user=net.tehran_reporter).count() == 2
    assert "بعدازظهر" in mail.outbox[1].body


def test_a_worker_down_at_the_hour_sends_when_it_is_back(net):
    note(net.tehran_reporter, at=tehran(25, 20))
    assert send_daily_digests(now=tehran(26, 23)) == 1
    assert DigestDelivery.objects.get().day.isoformat() == "2026-11-26"


def test_nothing_new_means_no_digest(net):
    note(net.tehran_reporter, at=tehran(25, 20), read_at=tehran(25, 21))
    note(net.tehran_reporter, at=tehran(25, 21), emailed_at=tehran(25, 21))
    assert send_daily_digests(now=tehran(26, 7, 1)) == 0
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_the_digest_skips_off_immediate_no_address_and_inactive(net):
    choose(net.tehran_reporter, EmailMode.OFF)
    choose(net.tehran_editor, EmailMode.IMMEDIATE)
    net.isfahan_editor.email = ""
    net.isfahan_editor.save(update_fields=["email"])
    net.tehran_head.is_active = False
    net.tehran_head.save(update_fields=["is_active"])
    for user in (net.tehran_reporter, net.tehran_editor, net.isfahan_editor, net.tehran_head):
        note(user, at=tehran(25, 20))
    note(net.hq_editor, at=tehran(25, 20))
    choose(net.hq_editor, EmailMode.DIGEST)  # chosen explicitly, long before
    assert send_daily_digests(now=tehran(26, 7, 1)) == 1
    assert [m.to for m in mail.outbox] == [["hq.editor@example.org"]]


def test_a_digest_chosen_after_the_hour_starts_tomorrow(net):
    choose(net.tehran_reporter, EmailMode.OFF)
    note(net.tehran_reporter, at=tehran(25, 20))
    choose(net.tehran_reporter, EmailMode.DIGEST, since=tehran(26, 12))
    assert send_daily_digests(now=tehran(26, 12, 5)) == 0


def test_a_second_worker_does_not_send_the_same_digest(net):
    note(net.tehran_reporter, at=tehran(25, 20))
    # Another worker has already claimed this person's digest for the day.
    DigestDelivery.objects.create(user=net.tehran_reporter, day=tehran(26, 7).date())
    assert send_daily_digests(now=tehran(26, 7, 1)) == 0
    assert mail.outbox == []


def test_a_refused_digest_is_released_and_retried(net):
    note(net.tehran_reporter, at=tehran(25, 20))
    with mock.patch.object(
        delivery.EmailMultiAlternatives, "send", side_effect=OSError("connection refused")
    ):
        assert send_daily_digests(now=tehran(26, 7, 1)) == 0
    assert not DigestDelivery.objects.exists()
    assert Notification.objects.get().emailed_at is None
    assert send_daily_digests(now=tehran(26, 7, 3)) == 1
    assert len(mail.outbox) == 1


def test_the_digest_mail(net):
    note(net.tehran_reporter, "خبر یک برگشت خورد.", at=tehran(25, 20), actor=net.tehran_editor)
    note(net.tehran_reporter, "ابلاغیه تازه", at=tehran(25, 21), url="/desk/network/directives/3/")
    send_daily_digests(now=tehran(26, 7, 1))
    message = mail.outbox[0]
    assert message.subject == "هم‌افزا: ۲ اعلان تازه، خلاصه ۵ آذر ۱۴۰۵"
    body = message.body
    assert "۲ اعلان خوانده‌نشده" in body
    assert body.index("خبر یک برگشت خورد.") < body.index("ابلاغیه تازه")  # oldest first
    assert f"{BASE}/desk/stories/7/" in body
    assert f"{BASE}/desk/network/directives/3/" in body
    assert f"{BASE}/desk/notifications/" in body
    assert f"{BASE}/desk/notifications/settings/" in body
    assert "ساعت ۰۷:۰۰" in body
    html = html_of(message)
    assert 'dir="rtl"' in html
    assert "۴ آذر ۱۴۰۵، ۲۰:۰۰" in html  # Jalali, Tehran time, Persian digits
    assert_self_contained(html)


def test_a_long_digest_lists_the_first_ones_and_counts_the_rest(net):
    for number in range(delivery.DIGEST_MAX_ITEMS + 3):
        note(net.tehran_reporter, f"اعلان {number}", at=tehran(25, 20) + timedelta(seconds=number))
    send_daily_digests(now=tehran(26, 7, 1))
    assert len(mail.outbox) == 1
    assert "و ۳ اعلان دیگر." in mail.outbox[0].body
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


# --- The sweeps are registered -------------------------------------------------------------


def test_the_app_registers_both_sweeps():
    names = sweeps.registry.names()
    assert "notifications.immediate_emails" in names
    assert "notifications.daily_digests" in names
    immediate = sweeps.registry.get("notifications.immediate_emails")
    assert immediate is not None
    assert immediate.every <= timedelta(minutes=1)


def test_e_mail_is_never_sent_in_the_web_request(client, net):
    choose(net.tehran_reporter, EmailMode.IMMEDIATE)
    from hamafza.newsroom.models import Story
    from hamafza.newsroom.services import story_transition
    from hamafza.newsroom.tests.factories import StoryFactory

    story = StoryFactory.create(
        unit=net.tehran, created_by=net.tehran_reporter, status=Story.Status.SUBMITTED
    )
    story_transition(actor=net.tehran_editor, story=story, name="return", note="منبع؟")
    assert mail.outbox == []  # only the worker sends
    assert send_immediate_emails() == 1
    assert mail.outbox[0].to == ["tehran.reporter@example.org"]
