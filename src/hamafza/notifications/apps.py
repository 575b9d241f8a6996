from datetime import timedelta

from django.apps import AppConfig

# How often the worker looks for e-mail to send. "Immediately" means within this interval.
IMMEDIATE_EMAILS_EVERY = timedelta(seconds=30)
# The digest goes out within this interval after NOTIFICATIONS_DIGEST_HOUR.
DAILY_DIGESTS_EVERY = timedelta(minutes=2)


class NotificationsConfig(AppConfig):
    name = "hamafza.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from hamafza.common import sweeps
        from hamafza.notifications import delivery

        sweeps.register(
            "notifications.immediate_emails",
            delivery.send_immediate_emails,
            every=IMMEDIATE_EMAILS_EVERY,
        )
        sweeps.register(
            "notifications.daily_digests", delivery.send_daily_digests, every=DAILY_DIGESTS_EVERY
        )
