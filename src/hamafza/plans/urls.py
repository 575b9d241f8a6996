from django.urls import path

from hamafza.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/do/<str:transition>/", views.plan_transition, name="transition"),
    path("<int:pk>/attachment/", views.attachment_page, name="attachment"),
    path("<int:pk>/attachment/save/", views.attachment_update, name="attachment_update"),
    path("<int:pk>/attachment/approve/", views.attachment_approve, name="attachment_approve"),
    path("<int:pk>/attachment.pdf", views.attachment_pdf, name="attachment_pdf"),
    path("<int:pk>/attachment/<str:kind>/", views.part_add, name="part_add"),
    path(
        "<int:pk>/attachment/<str:kind>/<int:part_id>/edit/",
        views.part_edit,
        name="part_edit",
    ),
    path(
        "<int:pk>/attachment/<str:kind>/<int:part_id>/remove/",
        views.part_remove,
        name="part_remove",
    ),
    path("<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("<int:pk>/indicators/<int:indicator_id>/results/", views.result_add, name="result_add"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:activity_id>/status/", views.activity_status, name="activity_status"),
    path("activities/<int:activity_id>/delete/", views.activity_delete, name="activity_delete"),
]
