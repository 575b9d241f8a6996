"""The desk's moderation queue, under ``/desk/comments/``."""

from django.urls import path

from hamafza.comments import views

app_name = "comments"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:comment_id>/do/<str:transition>/", views.comment_action, name="action"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("stories/<int:story_id>/switch/", views.story_switch, name="story_switch"),
]
