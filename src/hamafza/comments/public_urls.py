"""The public comment form, ``/news/<code>/comments/new/``, and its POST,
``/news/<code>/comments/`` (before the portal's routes)."""

from django.urls import path

from hamafza.comments import views

app_name = "comments_public"

urlpatterns = [
    path("news/<int:code>/comments/", views.comment_post, name="post"),
    path("news/<int:code>/comments/new/", views.comment_form, name="form"),
]
