from django.urls import path

import publishing.converters  # noqa: F401  (registers <uslug:…>)
from following import views

app_name = "following"
urlpatterns = [path("tags/<uslug:slug>/follow/", views.follow_hashtag, name="hashtag")]
