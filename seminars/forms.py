from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from hashtags.queries import hashtag_choices
from publishing.forms import PlainSelect, PublicationForm, PublishedFilterForm
from seminars.models import SeminarReport

EVENT_FIELDS = ["event_name", "organiser", "event_date", "place", "online", "event_url"]
MAX_TAKEAWAYS = 12
TAKEAWAY_MAX_LENGTH = 300


class SeminarReportForm(PublicationForm):
    event_url = forms.URLField(
        label=_("Event's web page"), required=False, max_length=200, assume_scheme="https"
    )
    takeaways_text = forms.CharField(
        label=_("Key takeaways"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, most important first."),
    )

    class Meta:
        model = SeminarReport
        fields = [
            "title",
            "summary",
            "event_name",
            "organiser",
            "event_date",
            "place",
            "online",
            "event_url",
            "takeaways_text",
            "body",
            "language",
            "credited_organisations",
            "hashtags",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
            "event_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "credited_organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credited_organisations"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.initial.setdefault("takeaways_text", "\n".join(self.instance.takeaways))

    def event_fields(self):
        return [self[name] for name in EVENT_FIELDS]

    def report_fields(self):
        return [field for field in self.text_fields() if field.name not in EVENT_FIELDS]

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        duplicates = SeminarReport.objects.filter(title__iexact=title).exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(
                _("A seminar report with this title already exists. Choose another title.")
            )
        return title

    def clean_takeaways_text(self):
        lines = [line.strip(" -*•\t") for line in self.cleaned_data["takeaways_text"].splitlines()]
        takeaways = [line for line in lines if line]
        if len(takeaways) > MAX_TAKEAWAYS:
            raise forms.ValidationError(
                _("Give at most %(max)d takeaways (you gave %(count)d).")
                % {"max": MAX_TAKEAWAYS, "count": len(takeaways)}
            )
        too_long = [line for line in takeaways if len(line) > TAKEAWAY_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Keep each takeaway under %(max)d characters; this one is longer: “%(line)s”")
                % {"max": TAKEAWAY_MAX_LENGTH, "line": too_long[0][:60] + "…"}
            )
        return takeaways

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("online") and not cleaned.get("place", "").strip():
            self.add_error("place", _("Give the place of the event, or tick “held online”."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if "takeaways_text" in self.cleaned_data:
            self.instance.takeaways = self.cleaned_data["takeaways_text"]


class ReportFilterForm(PublishedFilterForm):
    """Filters of the report list; their choices come from the published reports."""

    choices_name = "reports"
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, widget=PlainSelect)
    organiser = forms.ChoiceField(label=_("Organised by"), required=False, widget=PlainSelect)
    hashtag = forms.ChoiceField(label=_("Hashtag"), required=False, widget=PlainSelect)

    @staticmethod
    def choices_from(published) -> dict[str, list]:
        years = published.dates("event_date", "year", order="DESC")
        organisers = published.order_by("organiser").values_list("organiser", flat=True).distinct()
        return {
            "year": [(date.year, date.year) for date in years],
            "organiser": [(name, name) for name in organisers],
            "hashtag": hashtag_choices(published),
        }

    def filter(self, reports):
        self.is_valid()  # invalid filters are left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        if data.get("year"):
            reports = reports.filter(event_date__year=data["year"])
        if data.get("organiser"):
            reports = reports.filter(organiser=data["organiser"])
        if data.get("hashtag"):
            reports = reports.tagged(data["hashtag"])
        return reports
