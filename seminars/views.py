from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from discussion.mixins import CommentCountsMixin
from page_cache.versions import item_topic, page_shows
from publishing.views import (
    PublicationActionView,
    PublicationEditorMixin,
    PublicationHistoryView,
    PublishedListView,
)
from seminars.forms import ReportFilterForm, SeminarReportForm
from seminars.models import SeminarReport
from seminars.services import report_unpublish, report_write

EDIT_PERMISSION = "seminars.change_seminarreport"


class SeminarReportListView(CommentCountsMixin, PublishedListView):
    model = SeminarReport
    filter_form_class = ReportFilterForm
    context_object_name = "reports"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm(EDIT_PERMISSION):
            context["drafts"] = (
                SeminarReport.objects.filter(status=SeminarReport.Status.DRAFT)
                .select_related("author")
                .order_by("-updated_at")[:20]
            )
        return context


class SeminarReportDetailView(DetailView):
    context_object_name = "report"

    def get_queryset(self):
        reports = SeminarReport.objects.for_detail()
        if not self.request.user.has_perm(EDIT_PERMISSION):
            reports = reports.published()
        return reports

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["related_reports"] = SeminarReport.objects.related_to(self.object)[:5]
        # Related reports are found among the publications.
        page_shows(self.request, item_topic(self.object), publications=True)
        context["can_edit"] = self.request.user.has_perm(EDIT_PERMISSION)
        return context


class SeminarReportEditorMixin(PermissionRequiredMixin, PublicationEditorMixin):
    """The staff editor: preview, save a draft, publish, save changes."""

    model = SeminarReport
    form_class = SeminarReportForm
    preview_context_name = "report"
    edit_url_name = "seminars:edit"
    draft_saved_message = gettext_lazy("Draft saved. Only staff can see it.")

    def save_publication(self, form, action):
        return report_write(
            report=form.instance,
            by=self.request.user,
            organisations=form.cleaned_data["credited_organisations"],
            extra_hashtags=form.cleaned_data["hashtags"],
            action=action,
        )

    def preview_extra(self, form) -> dict:
        return {"organisations": form.cleaned_data["credited_organisations"]}


class SeminarReportCreateView(SeminarReportEditorMixin, CreateView):
    permission_required = "seminars.add_seminarreport"


class SeminarReportUpdateView(SeminarReportEditorMixin, UpdateView):
    permission_required = EDIT_PERMISSION

    def get_queryset(self):
        return SeminarReport.objects.prefetch_related("tags", "credited_organisations")


class SeminarReportUnpublishView(PublicationActionView):
    permission_required = EDIT_PERMISSION
    model = SeminarReport

    def act(self, publication):
        report_unpublish(report=publication)
        messages.success(self.request, _("Unpublished: only staff can see it now."))

    def get_success_url(self):
        return reverse("seminars:edit", args=[self.object.slug])


class SeminarReportHistoryView(PublicationHistoryView):
    permission_required = EDIT_PERMISSION
    model = SeminarReport
    context_object_name = "report"
    template_name = "seminars/seminarreport_history.html"
