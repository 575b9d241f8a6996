"""``/desk/network/media/…``: contacts, outlets, interactions and press enquiries."""

from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import media as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("media/contacts/", views.contact_list, name="media_contact_list"),
    path("media/contacts/new/", views.contact_create, name="media_contact_create"),
    path("media/contacts/<int:pk>/", views.contact_detail, name="media_contact"),
    path("media/contacts/<int:pk>/edit/", views.contact_edit, name="media_contact_edit"),
    path("media/contacts/<int:pk>/export/", views.contact_export, name="media_contact_export"),
    path("media/contacts/<int:pk>/erase/", views.contact_erase, name="media_contact_erase"),
    path(
        "media/contacts/<int:pk>/interactions/new/",
        views.interaction_create,
        name="media_interaction_create",
    ),
    path(
        "media/interactions/<int:pk>/remove/",
        views.interaction_remove,
        name="media_interaction_remove",
    ),
    path("media/outlets/", views.outlet_list, name="media_outlet_list"),
    path("media/outlets/new/", views.outlet_create, name="media_outlet_create"),
    path("media/outlets/<int:pk>/", views.outlet_detail, name="media_outlet"),
    path("media/outlets/<int:pk>/edit/", views.outlet_edit, name="media_outlet_edit"),
    path(
        "media/outlets/<int:pk>/interactions/new/",
        views.outlet_interaction_create,
        name="media_outlet_interaction_create",
    ),
    path("media/enquiries/", views.enquiry_list, name="media_enquiry_list"),
    path("media/enquiries/new/", views.enquiry_create, name="media_enquiry_create"),
    path("media/enquiries/<int:pk>/", views.enquiry_detail, name="media_enquiry"),
    path("media/enquiries/<int:pk>/edit/", views.enquiry_edit, name="media_enquiry_edit"),
    path("media/enquiries/<int:pk>/assign/", views.enquiry_assign, name="media_enquiry_assign"),
    path(
        "media/enquiries/<int:pk>/do/<str:transition>/",
        views.enquiry_transition,
        name="media_enquiry_transition",
    ),
]
