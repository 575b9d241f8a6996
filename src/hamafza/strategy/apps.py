from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "hamafza.strategy"
    label = "strategy"
    verbose_name = "Strategy"

    # Every member reads the active strategic media document; HQ strategists edit drafts.
    desk_nav = [(35, "strategy:home", _("سند راهبردی"), "staff")]
