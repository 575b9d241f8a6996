from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hamafza.portal"
    label = "portal"
    verbose_name = "Portal"
    # `hamafza demo` adds the e-services links and some reads after the demo stories.
    demo_loader = "hamafza.portal.demo.demo_load"

    # HQ's staff keep the public pages' e-services block (permissions.access_eservices).
    desk_nav = [
        (80, "portal:eservices", _("خدمات الکترونیک"), "hq_admin"),
    ]
