from django.urls import path

from hamafza.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.document_create, name="document_create"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/print/", views.document_print, name="print"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/do/<str:transition>/", views.document_transition, name="transition"),
    path("<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("<int:pk>/audiences/", views.audience_add, name="audience_add"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/goals/<int:goal_id>/messages/", views.message_add, name="message_add"),
    path("<int:pk>/periods/", views.period_set, name="period_set"),
    path("<int:pk>/<str:part>/<int:part_id>/edit/", views.part_edit, name="part_edit"),
    path("<int:pk>/<str:part>/<int:part_id>/delete/", views.part_delete, name="part_delete"),
]
