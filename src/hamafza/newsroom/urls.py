from django.urls import path

from hamafza.newsroom import views

app_name = "newsroom"

urlpatterns = [
    path("", views.my_stories, name="my_stories"),
    path("review/", views.review_queue, name="review_queue"),
    path("network/", views.network_feed, name="network_feed"),
    path("oversight/", views.oversight, name="oversight"),
    path("search/", views.story_search, name="story_search"),
    path("new/", views.story_create, name="story_create"),
    path("<int:story_id>/", views.story_detail, name="story"),
    path("<int:story_id>/edit/", views.story_edit, name="story_edit"),
    path("<int:story_id>/preview/", views.story_preview, name="story_preview"),
    path("<int:story_id>/do/<str:transition>/", views.story_transition, name="story_transition"),
    path("<int:story_id>/feature/<str:transition>/", views.story_feature, name="story_feature"),
    path("<int:story_id>/retro-approve/", views.story_retro_approve, name="story_retro_approve"),
    path("<int:story_id>/republish/", views.story_republish, name="story_republish"),
    path("<int:story_id>/delete/", views.story_delete, name="story_delete"),
    path("<int:story_id>/notes/", views.story_note_add, name="story_note_add"),
    path("<int:story_id>/revisions/", views.story_revisions, name="story_revisions"),
    path(
        "<int:story_id>/revisions/<int:revision_id>/restore/",
        views.story_revision_restore,
        name="story_revision_restore",
    ),
    path("<int:story_id>/photos/", views.story_photo_add, name="story_photo_add"),
    path(
        "<int:story_id>/photos/<int:photo_id>/delete/",
        views.story_photo_delete,
        name="story_photo_delete",
    ),
    path("<int:story_id>/attachments/", views.story_attachment_add, name="story_attachment_add"),
    path(
        "<int:story_id>/attachments/<int:attachment_id>/delete/",
        views.story_attachment_delete,
        name="story_attachment_delete",
    ),
]
