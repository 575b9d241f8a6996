from django.urls import URLPattern, URLResolver, path

from hamafza.network.views import overview

urlpatterns: list[URLPattern | URLResolver] = [
    path("", overview.overview_page, name="overview"),
]
