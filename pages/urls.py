from django.urls import path

from pages import views
from pages.feeds import LatestFeed

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_view, name="search"),
    path("feed/", LatestFeed(), name="feed"),
    path("members/<int:pk>/", views.MemberDetailView.as_view(), name="profile"),
]
