from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hamafza.notifications"
    label = "notifications"
    verbose_name = "Notifications"
