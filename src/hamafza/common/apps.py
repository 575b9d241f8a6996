from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "hamafza.common"
    label = "common"
    verbose_name = "Common"
