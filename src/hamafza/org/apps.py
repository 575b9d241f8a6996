from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "hamafza.org"
    label = "org"
    verbose_name = "Organization"

    desk_nav = [
        (10, "org:desk_home", _("میز کار"), "staff"),
        (50, "org:people", _("اعضای شبکه"), "staff"),
        (60, "org:units", _("واحدها"), "staff"),
        (70, "org:partners", _("همکاران"), "staff"),
        (90, "org:audit_log", _("گزارش ممیزی"), "hq_admin"),
    ]
