from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/profile/", views.ProfileUpdateView.as_view(), name="profile_edit"),
]
