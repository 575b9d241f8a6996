from django.urls import path

from hamafza.portal import views

app_name = "portal"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("news/<int:code>/", views.story, name="story"),
    # A slug after the code is for people reading the address; the code alone decides.
    path("news/<int:code>/<str:slug>/", views.story, name="story_slug"),
]
