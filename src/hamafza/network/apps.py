from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

SEES_NETWORK = "hamafza.network.permissions.overview.sees_network"  # HQ and unit heads


class NetworkConfig(AppConfig):
    name = "hamafza.network"
    label = "network"
    verbose_name = "Network"
    # `hamafza demo` adds campaigns, directives, support requests, media contacts and partner
    # work after the stories and plans (the apps below it).
    demo_loader = "hamafza.network.demo.demo_load"

    desk_nav = [
        (41, "network:overview", _("شبکه همکاری واحدها"), SEES_NETWORK),
        (42, "network:campaign_list", _("کارزارها"), "staff"),
        (43, "network:directive_inbox", _("ابلاغیه‌ها"), "staff"),
        (44, "network:support_list", _("درخواست‌های پشتیبانی"), "staff"),
        (46, "network:media_contact_list", _("ارتباط با رسانه‌ها"), "staff"),
        (47, "network:partnership_activities", _("همکاری‌ها و خبرنامه"), "staff"),
    ]  # fmt: skip

    # Sections on pages of the apps below (common.sections): help given, joint activities,
    # credits.
    page_sections = [
        ("org.person", 20, "hamafza.network.sections.person_support"),
        ("org.partner", 20, "hamafza.network.sections.partner_activities"),
        ("newsroom.story", 20, "hamafza.network.sections.story_credits"),
    ]

    def ready(self) -> None:
        from hamafza.common import sweeps
        from hamafza.network import receivers  # noqa: F401
        from hamafza.network.services.campaigns import campaigns_close_due
        from hamafza.network.services.directives import directive_reminders_send
        from hamafza.network.services.media import press_enquiry_overdue_notify
        from hamafza.network.services.partnership import bulletin_deliveries_send
        from hamafza.network.services.support import support_requests_expire

        # The background worker runs these (each idempotent: what it did is recorded on the
        # rows, so two workers or a second run do nothing more).
        sweeps.register(
            "network.directive_reminders", directive_reminders_send, every=timedelta(minutes=5)
        )
        sweeps.register(
            "network.press_enquiries_overdue",
            press_enquiry_overdue_notify,
            every=timedelta(minutes=5),
        )
        sweeps.register(
            "network.support_requests_expire", support_requests_expire, every=timedelta(minutes=5)
        )
        sweeps.register("network.campaigns_close", campaigns_close_due, every=timedelta(hours=1))
        # Issuing a bulletin enqueues its sending; this sweep retries what failed or was lost.
        sweeps.register(
            "network.bulletin_deliveries", bulletin_deliveries_send, every=timedelta(minutes=2)
        )
