from django.urls import path

from mailing import views

app_name = "mailing"
urlpatterns = [path("mail/stop/<str:token>/", views.stop, name="stop")]
