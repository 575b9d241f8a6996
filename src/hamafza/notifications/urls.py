from django.urls import path

from hamafza.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_mark_read, name="mark_read"),
    path("count/", views.unread_badge, name="unread_badge"),
    path("settings/", views.notification_preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.notification_unsubscribe, name="unsubscribe"),
]
