from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from pages import views as pages_views
from pages.sitemaps import SITEMAPS

# Error pages in the language the visitor prefers, whatever address they were asked at.
handler403 = "pages.views.permission_denied"
handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"

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
    path("robots.txt", pages_views.robots_txt, name="robots_txt"),
    path("i18n/setlang/", pages_views.choose_language, name="set_language"),
    path("media/", include("uploads.urls")),
]

# English lives at the bare addresses; French, Spanish and Arabic under /fr/, /es/, /ar/.
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("seminars/", include("seminars.urls")),
    path("posts/", include("posts.urls")),
    path("tags/", include("hashtags.urls")),
    path("insights/", include("insights.urls")),
    path("", include("following.urls")),
    path("", include("discussion.urls")),
    path("", include("accounts.urls")),
    path("", include("mailing.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
