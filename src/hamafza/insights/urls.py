from django.urls import path

from hamafza.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard_page, name="dashboard"),
    path("export.<str:fmt>", views.dashboard_export, name="export"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/week/", views.calendar_week, name="calendar_week"),
    path("calendar/<slug:slug>.ics", views.calendar_ics, name="calendar_ics"),
]
