from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "hamafza.plans"
    label = "plans"
    verbose_name = "Plans"
    # `hamafza demo` adds the strategic media document and eight plans after the network.
    demo_loader = "hamafza.plans.demo.demo_load"

    desk_nav = [(37, "plans:list", _("طرح‌ها و پیوست رسانه‌ای"), "staff")]
