"""Never twice, under real concurrency: several workers (threads, each with its own database
connection) sweep at the same moment, on SQLite and on PostgreSQL (run the file with
``DATABASE_URL=postgres://…`` for the second). Each notification is e-mailed once and each
person gets one digest for the day."""

from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from hamafza.conftest import Network, build_network
from hamafza.newsroom.tests.test_concurrency import run_together, shared_db  # noqa: F401
from hamafza.notifications.delivery import send_daily_digests, send_immediate_emails
from hamafza.notifications.models import (
    DigestDelivery,
    EmailMode,
    Notification,
    NotificationPreference,
)

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 6
TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.fixture
def network(shared_db: None, settings: Any) -> Network:  # noqa: F811
    settings.PUBLIC_BASE_URL = "https://news.example.org"
    settings.NOTIFICATIONS_DIGEST_HOUR = 7
    return build_network()


def test_parallel_workers_send_each_immediate_notification_once(network):
    net = network
    people = [net.tehran_reporter, net.tehran_editor, net.isfahan_editor]
    for user in people:
        NotificationPreference.objects.create(
            user=user,
            email_mode=EmailMode.IMMEDIATE,
            updated_at=timezone.now() - timedelta(hours=1),
        )
    for number in range(10):
        for user in people:
            Notification.objects.create(recipient=user, kind="test.event", text=f"اعلان {number}")

    errors = run_together([send_immediate_emails] * WORKERS)

    assert errors == []
    sent = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert len(sent) == 30
    assert set(sent.values()) == {1}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_parallel_workers_send_one_digest_per_person(network):
    net = network
    people = [net.tehran_reporter, net.tehran_editor, net.isfahan_editor, net.hq_editor]
    evening = datetime(2026, 11, 25, 20, tzinfo=TEHRAN)
    for user in people:
        for number in range(5):
            Notification.objects.create(
                recipient=user,
                kind="test.event",
                text=f"اعلان {number}",
                created_at=evening + timedelta(minutes=number),
            )
    morning = datetime(2026, 11, 26, 7, 1, tzinfo=TEHRAN)

    errors = run_together([lambda: send_daily_digests(now=morning)] * WORKERS)

    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in people)
    assert DigestDelivery.objects.count() == len(people)
    assert set(DigestDelivery.objects.values_list("notification_count", flat=True)) == {5}
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
