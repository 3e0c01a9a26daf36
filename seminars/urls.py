from django.urls import path

from seminars import views

app_name = "seminars"

urlpatterns = [
    path("", views.SeminarReportListView.as_view(), name="list"),
    path("new/", views.SeminarReportCreateView.as_view(), name="create"),
    path("<str:slug>/", views.SeminarReportDetailView.as_view(), name="detail"),
    path("<str:slug>/edit/", views.SeminarReportUpdateView.as_view(), name="edit"),
    path("<str:slug>/unpublish/", views.report_unpublish_view, name="unpublish"),
    path("<str:slug>/history/", views.SeminarReportHistoryView.as_view(), name="history"),
]
