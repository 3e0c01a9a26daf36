from django.urls import path

import publishing.converters  # noqa: F401  (registers <uslug:…>)
from hashtags import views

app_name = "hashtags"

urlpatterns = [
    path("", views.tag_list, name="list"),
    path("<uslug:slug>/", views.tag_detail, name="detail"),
    path("<uslug:slug>/feed/", views.tag_feed, name="feed"),
]
