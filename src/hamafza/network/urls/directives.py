from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import directives as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("directives/", views.directive_inbox, name="directive_inbox"),
    path("directives/issued/", views.directive_issued, name="directive_issued"),
    path("directives/overdue/", views.directive_overdue, name="directive_overdue"),
    path("directives/new/", views.directive_create, name="directive_create"),
    path("directives/<int:pk>/", views.directive_detail, name="directive_detail"),
    path("directives/<int:pk>/edit/", views.directive_edit, name="directive_edit"),
    path("directives/<int:pk>/send/", views.directive_send, name="directive_send"),
    path("directives/<int:pk>/remind/", views.directive_remind, name="directive_remind"),
    path("directives/<int:pk>/files/", views.directive_files_add, name="directive_files_add"),
    path("directives/<int:pk>/files/<int:file_id>/", views.directive_file, name="directive_file"),
    path(
        "directives/<int:pk>/files/<int:file_id>/delete/",
        views.directive_file_delete,
        name="directive_file_delete",
    ),
    path(
        "directives/<int:pk>/units/<slug:unit_slug>/",
        views.directive_recipient,
        name="directive_recipient",
    ),
    path(
        "directives/<int:pk>/units/<slug:unit_slug>/acknowledge/",
        views.directive_acknowledge,
        name="directive_acknowledge",
    ),
    path(
        "directives/<int:pk>/units/<slug:unit_slug>/report/",
        views.directive_report,
        name="directive_report",
    ),
    path(
        "directives/<int:pk>/units/<slug:unit_slug>/reply/",
        views.directive_reply,
        name="directive_reply",
    ),
]
