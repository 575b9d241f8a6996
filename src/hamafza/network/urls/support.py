"""``/desk/network/support/…`` (support requests and the offers inbox) and
``/desk/network/people/<username>/`` (a practitioner's network contributions)."""

from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import support as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("support/", views.support_list, name="support_list"),
    path("support/new/", views.support_create, name="support_create"),
    path("support/offers/", views.support_offers, name="support_offers"),
    path(
        "support/offers/<int:offer_id>/answer/<str:answer>/",
        views.support_offer_respond,
        name="support_offer_respond",
    ),
    path(
        "support/offers/<int:offer_id>/<str:action>/",
        views.support_offer_manage,
        name="support_offer_manage",
    ),
    path("support/<int:pk>/", views.support_detail, name="support_detail"),
    path("support/<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("support/<int:pk>/offer/", views.support_offer_more, name="support_offer_more"),
    path("support/<int:pk>/complete/", views.support_complete, name="support_complete"),
    path("support/<int:pk>/cancel/", views.support_cancel, name="support_cancel"),
    path("people/<str:username>/", views.support_person, name="support_person"),
]
