"""``hamafza purge_comment_ips``: forget where old comments came from.

Comments keep a keyed hash of the visitor's network (never the address) for abuse control;
after ``COMMENTS_NETWORK_RETENTION_DAYS`` days (30 by default, or ``--days``) it is emptied.
The command also deletes captcha questions that can no longer be answered. Run it daily, from
cron or a systemd timer; running it more often or twice is harmless.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hamafza.comments import conf
from hamafza.comments.captcha import captcha_purge
from hamafza.comments.services import network_hashes_purge


class Command(BaseCommand):
    help = (
        "پاک کردن نشانی شبکه نظرهای قدیمی / Forget the network hashes of comments older than "
        "the retention period"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep hashes this many days (default: the setting, now {conf.retention_days()})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more")
        days = conf.retention_days() if days is None else days
        cleared = network_hashes_purge(days=days)
        expired = captcha_purge()
        self.stdout.write(
            f"Cleared the network hash of {cleared} comment(s) older than {days} day(s); "
            f"deleted {expired} expired captcha question(s)."
        )
