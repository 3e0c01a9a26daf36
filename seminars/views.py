from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from taggit.models import Tag

from learning_exchange.publishing import preview_hashtags, revision_history
from learning_exchange.rendering import render_markdown
from seminars.forms import SeminarReportForm
from seminars.models import SeminarReport
from seminars.services import report_save

EDIT_PERMISSION = "seminars.change_seminarreport"


class ReportFilterForm(forms.Form):
    """Filters of the report list; their choices come from the published reports."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int)
    organiser = forms.ChoiceField(label=gettext_lazy("Organised by"), required=False)
    hashtag = forms.ChoiceField(label=gettext_lazy("Hashtag"), required=False)

    def __init__(self, data, *, reports):
        super().__init__(data)
        everything = [("", _("All"))]
        years = reports.dates("event_date", "year", order="DESC")
        self.fields["year"].choices = everything + [(d.year, d.year) for d in years]
        organisers = reports.order_by("organiser").values_list("organiser", flat=True).distinct()
        self.fields["organiser"].choices = everything + [(name, name) for name in organisers]
        tags = Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(SeminarReport),
            taggit_taggeditem_items__object_id__in=reports.values("pk"),
        ).distinct()
        self.fields["hashtag"].choices = everything + [
            (tag.slug, f"#{tag.name}") for tag in tags.order_by("name")
        ]

    def filter(self, reports):
        self.is_valid()  # invalid filters are left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        if data.get("year"):
            reports = reports.filter(event_date__year=data["year"])
        if data.get("organiser"):
            reports = reports.filter(organiser=data["organiser"])
        if data.get("hashtag"):
            reports = reports.filter(tags__slug=data["hashtag"])
        return reports


class SeminarReportListView(ListView):
    paginate_by = 10
    context_object_name = "reports"

    def get_queryset(self):
        published = SeminarReport.objects.published()
        self.filter_form = ReportFilterForm(self.request.GET or None, reports=published)
        return self.filter_form.filter(published.for_list())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query"] = query.urlencode()
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
        return context


class SeminarReportEditorMixin(PermissionRequiredMixin):
    """The staff editor: preview, save a draft, publish, save changes, unpublish."""

    model = SeminarReport
    form_class = SeminarReportForm

    def form_valid(self, form):
        action = self.request.POST.get("action", "save")
        if action == "preview":
            rendered = render_markdown(form.instance.body)
            preview = {
                "report": form.instance,
                "body_html": rendered.html,
                "hashtags": preview_hashtags(rendered.hashtags + form.cleaned_data["hashtags"]),
                "organisations": form.cleaned_data["credited_organisations"],
            }
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        publish = {"publish": True, "unpublish": False}.get(action)
        self.object = report_save(
            report=form.instance,
            by=self.request.user,
            organisations=form.cleaned_data["credited_organisations"],
            extra_hashtags=form.cleaned_data["hashtags"],
            publish=publish,
        )
        if action == "publish":
            messages.success(self.request, _("Published: everyone can read it now."))
        elif action == "unpublish":
            messages.success(self.request, _("Unpublished: only staff can see it now."))
        elif self.object.is_published:
            messages.success(self.request, _("Your changes are published."))
        else:
            messages.success(self.request, _("Draft saved. Only staff can see it."))
            return redirect("seminars:edit", slug=self.object.slug)
        return redirect(self.object)


class SeminarReportCreateView(SeminarReportEditorMixin, CreateView):
    permission_required = "seminars.add_seminarreport"


class SeminarReportUpdateView(SeminarReportEditorMixin, UpdateView):
    permission_required = EDIT_PERMISSION

    def get_queryset(self):
        return SeminarReport.objects.prefetch_related("tags", "credited_organisations")


class SeminarReportHistoryView(PermissionRequiredMixin, DetailView):
    permission_required = EDIT_PERMISSION
    model = SeminarReport
    context_object_name = "report"
    template_name = "seminars/seminarreport_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["changes"] = revision_history(self.object)
        return context
