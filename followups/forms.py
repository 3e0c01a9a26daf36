from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from followups.models import FollowUp, State
from publishing.forms import CONTROL_CHARACTERS, PlainSelect
from publishing.languages import SITE_LANGUAGE_CODES

EARLIEST_YEAR = 1990


class FollowUpForm(forms.ModelForm):
    """What was done with a lesson, where and when, and a short note."""

    class Meta:
        model = FollowUp
        fields = ["state", "country", "happened_on", "note", "language"]
        widgets = {
            "state": forms.RadioSelect,
            "country": PlainSelect,
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 5}),
            "language": PlainSelect,
        }
        help_texts = {
            "happened_on": _("The day it was done or decided, or the first of the month."),
            "note": _(
                "What happened, with whom, and what you learnt. For a lesson not applied, "
                "say why. Blank lines make paragraphs; *emphasis*, lists and links work."
            ),
        }
        error_messages = {
            "state": {"required": _("Choose what was done with the lesson.")},
            "country": {"required": _("Choose the country where it happened.")},
            "happened_on": {
                "required": _("Give the date it happened."),
                "invalid": _("Give a date such as 2026-03-15."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = State.choices
        self.fields["country"].choices = [("", _("Choose a country")), *countries]
        self.fields["happened_on"].input_formats = ["%Y-%m-%d"]
        self.fields["happened_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["note"].widget.attrs.pop("maxlength", None)
        if not self.instance.pk and not self.is_bound:
            language = get_language()
            self.initial.setdefault(
                "language", language if language in SITE_LANGUAGE_CODES else ""
            )

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("That date is still to come: give the day it happened."))
        if day.year < EARLIEST_YEAR:
            raise forms.ValidationError(_("Give a date after %(year)s.") % {"year": EARLIEST_YEAR})
        return day

    def clean_note(self):
        return CONTROL_CHARACTERS.sub("", self.cleaned_data["note"]).strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == State.NOT_APPLIED and not cleaned.get("note"):
            self.add_error("note", _("Say why the lesson was not applied."))
        return cleaned
