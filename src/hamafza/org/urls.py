"""`/desk/`: the staff workspace."""

from django.urls import path

from hamafza.org import views

app_name = "org"

urlpatterns = [
    path("", views.desk_home, name="desk_home"),
    path("me/", views.my_profile, name="my_profile"),
    # People
    path("people/", views.people, name="people"),
    path("people/<str:username>/", views.person, name="person"),
    path("people/<str:username>/edit/", views.person_edit, name="person_edit"),
    path("people/<str:username>/active/", views.person_set_active, name="person_set_active"),
    # Units and their members
    path("units/", views.units, name="units"),
    path("units/<slug:slug>/", views.unit, name="unit"),
    path("units/<slug:slug>/members/new/", views.unit_member_create, name="unit_member_create"),
    path("units/<slug:slug>/members/add/", views.unit_membership_add, name="unit_membership_add"),
    path(
        "units/<slug:slug>/members/<str:username>/roles/",
        views.unit_member_roles,
        name="unit_member_roles",
    ),
    path(
        "units/<slug:slug>/members/<str:username>/active/",
        views.unit_member_active,
        name="unit_member_active",
    ),
    # Partners
    path("partners/", views.partners, name="partners"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:pk>/contacts/add/", views.partner_contact_add, name="partner_contact_add"),
    path(
        "partners/<int:pk>/contacts/<int:contact_pk>/remove/",
        views.partner_contact_remove,
        name="partner_contact_remove",
    ),
    # Audit log
    path("audit/", views.audit_log, name="audit_log"),
]
