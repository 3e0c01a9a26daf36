from django.urls import include, path

import publishing.converters  # noqa: F401  (registers <uslug:…>)
from posts import views

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("new/", views.PostCreateView.as_view(), name="create"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("", include("followups.urls")),
    path("<uslug:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("<uslug:slug>/edit/", views.PostUpdateView.as_view(), name="edit"),
    path("<uslug:slug>/publish/", views.PostPublishView.as_view(), name="publish"),
    path("<uslug:slug>/return/", views.post_return_view, name="return"),
    path("<uslug:slug>/unpublish/", views.PostUnpublishView.as_view(), name="unpublish"),
    path("<uslug:slug>/history/", views.PostHistoryView.as_view(), name="history"),
]
