from django.urls import path

from posts import views

app_name = "posts"

urlpatterns = [
    path("", views.PostListView.as_view(), name="list"),
    path("new/", views.PostCreateView.as_view(), name="create"),
    path("review/", views.ReviewQueueView.as_view(), name="review"),
    path("<str:slug>/", views.PostDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.PostUpdateView.as_view(), name="edit"),
    path("<str:slug>/publish/", views.post_publish_view, name="publish"),
    path("<str:slug>/return/", views.post_return_view, name="return"),
    path("<str:slug>/unpublish/", views.post_unpublish_view, name="unpublish"),
    path("<str:slug>/history/", views.PostHistoryView.as_view(), name="history"),
]
