from django.urls import path

import publishing.converters  # noqa: F401  (registers <uslug:…>)
from followups import views

app_name = "followups"

urlpatterns = [
    path("waiting-for-follow-up/", views.WaitingListView.as_view(), name="waiting"),
    path("<uslug:slug>/follow-ups/new/", views.follow_up_create, name="create"),
    path("<uslug:slug>/follow-ups/<int:pk>/edit/", views.follow_up_edit, name="edit"),
    path("<uslug:slug>/follow-ups/<int:pk>/remove/", views.follow_up_remove, name="remove"),
]
