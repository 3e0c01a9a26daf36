from django.urls import path

from uploads.views import stored_file

app_name = "uploads"
urlpatterns = [path("<path:name>", stored_file, name="stored_file")]
