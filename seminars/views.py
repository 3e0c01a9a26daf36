from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView

from learning_exchange.discussion.views import discussion_context
from learning_exchange.listing import PublishedListView
from learning_exchange.publishing import preview_hashtags, revision_history
from learning_exchange.rendering import render_markdown
from seminars.forms import ReportFilterForm, SeminarReportForm
from seminars.models import SeminarReport
from seminars.services import report_unpublish, report_write

EDIT_PERMISSION = "seminars.change_seminarreport"


class SeminarReportListView(PublishedListView):
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
        context["can_edit"] = self.request.user.has_perm(EDIT_PERMISSION)
        context["discussion"] = discussion_context(self.request, self.object)
        return context


class SeminarReportEditorMixin(PermissionRequiredMixin):
    """The staff editor: preview, save a draft, publish, save changes."""

    model = SeminarReport
    form_class = SeminarReportForm

    def form_valid(self, form):
        action = self.request.POST.get("action", "save")
        if action == "preview":
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.preview(form))
            )
        self.object = report_write(
            report=form.instance,
            by=self.request.user,
            organisations=form.cleaned_data["credited_organisations"],
            extra_hashtags=form.cleaned_data["hashtags"],
            publish=action == "publish",
        )
        if action == "publish":
            messages.success(self.request, _("Published: everyone can read it now."))
        elif self.object.is_published:
            messages.success(self.request, _("Your changes are published."))
        else:
            messages.success(self.request, _("Draft saved. Only staff can see it."))
            return redirect("seminars:edit", slug=self.object.slug)
        return redirect(self.object)

    def preview(self, form):
        report = form.instance
        if report.author_id is None:
            report.author = self.request.user
        rendered = render_markdown(report.body)
        return {
            "report": report,
            "body_html": rendered.html,
            "hashtags": preview_hashtags(rendered.hashtags + form.cleaned_data["hashtags"]),
            "organisations": form.cleaned_data["credited_organisations"],
        }


class SeminarReportCreateView(SeminarReportEditorMixin, CreateView):
    permission_required = "seminars.add_seminarreport"


class SeminarReportUpdateView(SeminarReportEditorMixin, UpdateView):
    permission_required = EDIT_PERMISSION

    def get_queryset(self):
        return SeminarReport.objects.prefetch_related("tags", "credited_organisations")


@require_POST
@login_required
@permission_required(EDIT_PERMISSION, raise_exception=True)
def report_unpublish_view(request, slug):
    report = get_object_or_404(SeminarReport, slug=slug)
    report_unpublish(report=report)
    messages.success(request, _("Unpublished: only staff can see it now."))
    return redirect("seminars:edit", slug=report.slug)


class SeminarReportHistoryView(PermissionRequiredMixin, DetailView):
    permission_required = EDIT_PERMISSION
    model = SeminarReport
    context_object_name = "report"
    template_name = "seminars/seminarreport_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"], context["changes"] = revision_history(
            publication=self.object, page_number=self.request.GET.get("page")
        )
        return context
