"""``/desk/network/``: each area lists its own URL patterns in its module."""

from django.urls import URLPattern, URLResolver

from hamafza.network.urls import (
    campaigns,
    directives,
    media,
    overview,
    partnership,
    support,
)

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    *overview.urlpatterns,
    *campaigns.urlpatterns,
    *directives.urlpatterns,
    *support.urlpatterns,
    *media.urlpatterns,
    *partnership.urlpatterns,
]
