from django.urls import path

from hamafza.org import views

app_name = "org"

urlpatterns = [
    path("", views.desk_home, name="desk_home"),
]
