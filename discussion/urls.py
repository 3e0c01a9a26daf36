from django.urls import path

from discussion import views

app_name = "discussion"

urlpatterns = [
    path("comments/post/", views.post_comment, name="post"),
    path("comments/follow/", views.follow, name="follow"),
    path("comments/mute/<str:token>/", views.mute, name="mute"),
    path("comments/<int:pk>/reply/", views.reply, name="reply"),
    path("comments/<int:pk>/edit/", views.edit, name="edit"),
    path("comments/<int:pk>/delete/", views.delete, name="delete"),
    path("comments/<int:pk>/flag/", views.flag, name="flag"),
    path("comments/<int:pk>/remove/", views.remove, name="remove"),
    path("comments/<int:pk>/approve/", views.approve, name="approve"),
    path("comments/flags/<int:pk>/dismiss/", views.dismiss_flag, name="dismiss_flag"),
    path("moderation/", views.moderation, name="moderation"),
]
