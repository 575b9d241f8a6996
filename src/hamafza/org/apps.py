from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "hamafza.org"
    label = "org"
    verbose_name = "Organization"
