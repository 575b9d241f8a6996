from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from hamafza.portal import feeds, sitemaps, views
from hamafza.portal.pagecache import NETWORK, cached_page

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("language/", views.set_language, name="set_language"),
    path("news/<int:code>/", views.story, name="story"),
    # Before the slug: "print" and "seen" after a code are these pages, not a slug.
    path("news/<int:code>/print/", views.story_print, name="story_print"),
    path("news/<int:code>/seen/", views.story_seen, name="story_seen"),
    # A slug after the code is for people reading the address; the code alone decides.
    path("news/<int:code>/<str:slug>/", views.story, name="story_slug"),
    # Feeds, sitemaps (portal.feeds, portal.sitemaps); a unit's feed before its pages.
    # All of them kept in the page cache (portal.pagecache) until a public story changes;
    # a unit's feed until one of its own (UnitFeed.get_object).
    path("feed/", cached_page(NETWORK)(feeds.NetworkFeed()), name="feed"),
    path("feed/atom/", cached_page(NETWORK)(feeds.NetworkAtomFeed()), name="feed_atom"),
    path("units/<slug:slug>/feed/", cached_page()(feeds.UnitFeed()), name="unit_feed"),
    path(
        "units/<slug:slug>/feed/atom/",
        cached_page()(feeds.UnitAtomFeed()),
        name="unit_feed_atom",
    ),
    path("sitemap.xml", cached_page(NETWORK)(sitemaps.sitemap_index), name="sitemap"),
    path(
        "sitemap-<str:section>.xml",
        cached_page(NETWORK)(sitemap_views.sitemap),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cached_page(NETWORK)(sitemaps.news_sitemap), name="news_sitemap"),
    path("units/<slug:slug>/", views.unit, name="unit"),
    path("tags/<int:pk>/", views.tag, name="tag"),
    path("subjects/<slug:code>/", views.subject, name="subject"),
    path("en/", views.language_section, {"language": "en"}, name="section_en"),
    path("ar/", views.language_section, {"language": "ar"}, name="section_ar"),
    # The e-services block is kept in the desk (the desk's own routes come first in the
    # root URLconf; this address is not one of theirs).
    path("desk/e-services/", views.eservices, name="eservices"),
    path("desk/e-services/<int:pk>/edit/", views.eservice_edit, name="eservice_edit"),
    path("desk/e-services/<int:pk>/delete/", views.eservice_delete, name="eservice_delete"),
    path("desk/e-services/<int:pk>/move/", views.eservice_move, name="eservice_move"),
]
