from django.urls import path

from learning_exchange.discussion import views

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("follow/", views.follow, name="follow"),
    path("mute/<str:token>/", views.mute, name="mute"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/flag/", views.flag, name="flag"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("flags/<int:pk>/dismiss/", views.dismiss_flag, name="dismiss_flag"),
]
