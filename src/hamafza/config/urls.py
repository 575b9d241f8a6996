from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.views.static import serve

from hamafza.config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("accounts/", include("hamafza.accounts.urls")),
    path("desk/stories/", include("hamafza.newsroom.urls")),
    path("desk/notifications/", include("hamafza.notifications.urls")),
    path("desk/comments/", include("hamafza.comments.urls")),
    path("desk/strategy/", include("hamafza.strategy.urls")),
    path("desk/plans/", include("hamafza.plans.urls")),
    path("desk/insights/", include("hamafza.insights.urls")),
    path("desk/network/", include("hamafza.network.urls")),
    path("desk/", include("hamafza.org.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The public pages (/, /units/<slug>/, /search/, /news/<code>/…) last: the staff and API
    # prefixes stay theirs.
    path("", include("hamafza.comments.public_urls")),
    path("", include("hamafza.portal.urls")),
]

if settings.SERVE_MEDIA:
    # A small office runs the app alone; a larger site lets nginx serve MEDIA_ROOT instead.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
