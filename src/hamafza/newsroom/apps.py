from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "hamafza.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"
    # `hamafza demo` loads the demo stories after the org demo network.
    demo_loader = "hamafza.newsroom.demo.demo_load"

    desk_nav = [
        (20, "newsroom:my_stories", _("خبرهای من"), "staff"),
        (30, "newsroom:review_queue", _("صف بررسی"), "staff"),
        (40, "newsroom:network_feed", _("خبرهای شبکه"), "staff"),
    ]
