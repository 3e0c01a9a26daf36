from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

import learning_exchange.converters  # noqa: F401  (registers <uslug:…>)
from learning_exchange import views
from learning_exchange.discussion import views as discussion_views
from learning_exchange.feeds import LatestFeed
from learning_exchange.sitemaps import SITEMAPS

handler500 = "learning_exchange.views.server_error"

admin.site.site_header = "Learning Exchange"
admin.site.site_title = "Learning Exchange"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", views.choose_language, name="set_language"),
]

# English lives at the bare addresses; French, Spanish and Arabic under /fr/, /es/, /ar/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("seminars/", include("seminars.urls")),
    path("posts/", include("posts.urls")),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<uslug:slug>/", views.tag_detail, name="tag_detail"),
    path("tags/<uslug:slug>/feed/", views.tag_feed, name="tag_feed"),
    path("feed/", LatestFeed(), name="feed"),
    path("search/", views.search_view, name="search"),
    path("comments/", include("learning_exchange.discussion.urls")),
    path("moderation/", discussion_views.moderation, name="moderation"),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
