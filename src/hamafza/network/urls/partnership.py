"""``/desk/network/partnership/…`` (joint activities) and ``/desk/network/bulletins/…`` (the
internal bulletin)."""

from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import partnership as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("partnership/", views.activity_list, name="partnership_activities"),
    path("partnership/new/", views.activity_create, name="partnership_activity_create"),
    path("partnership/<int:pk>/", views.activity_detail, name="partnership_activity"),
    path("partnership/<int:pk>/edit/", views.activity_edit, name="partnership_activity_edit"),
    path("partnership/<int:pk>/delete/", views.activity_delete, name="partnership_activity_delete"),
    path("bulletins/", views.bulletin_list, name="partnership_bulletins"),
    path("bulletins/new/", views.bulletin_create, name="partnership_bulletin_create"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="partnership_bulletin"),
    path("bulletins/<int:pk>/edit/", views.bulletin_edit, name="partnership_bulletin_edit"),
    path("bulletins/<int:pk>/issue/", views.bulletin_issue, name="partnership_bulletin_issue"),
    path("bulletins/<int:pk>/delete/", views.bulletin_delete, name="partnership_bulletin_delete"),
    path(
        "bulletins/<int:pk>/email/",
        views.bulletin_email_preview,
        name="partnership_bulletin_email",
    ),
]
