from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import campaigns as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/board/", views.campaign_board, name="campaign_board"),
    path(
        "campaigns/<int:pk>/do/<str:name>/", views.campaign_transition, name="campaign_transition"
    ),
    path(
        "campaigns/<int:pk>/toolkit/<str:kind>/",
        views.campaign_toolkit_add,
        name="campaign_toolkit_add",
    ),
    path(
        "campaigns/<int:pk>/toolkit/<str:kind>/<int:item_id>/remove/",
        views.campaign_toolkit_remove,
        name="campaign_toolkit_remove",
    ),
    path(
        "campaigns/<int:pk>/assets/<int:asset_id>/",
        views.campaign_asset_download,
        name="campaign_asset",
    ),
    path("campaigns/<int:pk>/join/", views.campaign_join, name="campaign_join"),
    path("campaigns/<int:pk>/participants/", views.campaign_invite, name="campaign_invite"),
    path(
        "campaigns/<int:pk>/participants/<slug:unit>/remove/",
        views.campaign_participant_remove,
        name="campaign_participant_remove",
    ),
    path(
        "campaigns/<int:pk>/activities/", views.campaign_activity_add, name="campaign_activity_add"
    ),
    path("campaigns/<int:pk>/outputs/", views.campaign_output_log, name="campaign_output_log"),
    path(
        "campaigns/<int:pk>/outputs/<int:output_id>/remove/",
        views.campaign_output_remove,
        name="campaign_output_remove",
    ),
    path(
        "campaigns/<int:pk>/outputs/<int:output_id>/evidence/",
        views.campaign_evidence,
        name="campaign_evidence",
    ),
    path("campaigns/<int:pk>/stories/", views.campaign_story_link, name="campaign_story_link"),
    path(
        "campaigns/<int:pk>/outputs/<int:output_id>/unlink/",
        views.campaign_story_unlink,
        name="campaign_story_unlink",
    ),
]
