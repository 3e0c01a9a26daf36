from django.urls import path

import publishing.converters  # noqa: F401  (registers <uslug:…>)
from seminars import views

app_name = "seminars"

urlpatterns = [
    path("", views.SeminarReportListView.as_view(), name="list"),
    path("new/", views.SeminarReportCreateView.as_view(), name="create"),
    path("<uslug:slug>/", views.SeminarReportDetailView.as_view(), name="detail"),
    path("<uslug:slug>/edit/", views.SeminarReportUpdateView.as_view(), name="edit"),
    path("<uslug:slug>/unpublish/", views.SeminarReportUnpublishView.as_view(), name="unpublish"),
    path("<uslug:slug>/history/", views.SeminarReportHistoryView.as_view(), name="history"),
]
