from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "hamafza.insights"
    label = "insights"
    verbose_name = "Insights"
    # `hamafza demo` links demo stories to the running demo plans' activities (after both the
    # plans and the stories are loaded).
    demo_loader = "hamafza.insights.demo.demo_load"

    # The calendar is every member's (scoped like stories and plans); the oversight answers
    # HQ and unit heads (other members: 403).
    desk_nav = [
        (38, "insights:calendar", _("تقویم رسانه‌ای"), "staff"),
        (39, "insights:dashboard", _("پایش طرح‌ها و پیام‌ها"), "hamafza.insights.oversight.oversees"),
    ]

    def ready(self) -> None:
        # Plan indicators of public reads and approved comments are measured here (the
        # portal and the comments sit above ``plans``).
        from hamafza.insights.measures import register

        register()
