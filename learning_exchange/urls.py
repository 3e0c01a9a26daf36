from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from learning_exchange import views

admin.site.site_header = "Learning Exchange"
admin.site.site_title = "Learning Exchange"

urlpatterns = [
    path("admin/", admin.site.urls),
]

# English lives at the bare addresses; French, Spanish and Arabic under /fr/, /es/, /ar/.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("seminars/", include("seminars.urls")),
    path("posts/", include("posts.urls")),
    path("tags/<str:slug>/", views.tag_detail, name="tag_detail"),
    path("search/", views.search_view, name="search"),
    path("", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)
