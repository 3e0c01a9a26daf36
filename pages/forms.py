from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from followups.models import FOLLOW_UP_STATES, state_choices, with_follow_up_state
from hashtags.queries import hashtag_choices
from publishing.forms import PlainSelect, PublishedFilterForm, country_choices, language_choices


class SearchForm(PublishedFilterForm):
    """The search box and its filters; every choice comes from what is published (the
    published items of each kind, by kind name)."""

    choices_name = "search"
    shown_apart = frozenset({"q"})
    q = forms.CharField(label=_("Search for"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), ("report", _("Seminar reports")), ("post", _("Lessons"))],
    )
    hashtag = forms.ChoiceField(label=_("Hashtag"), required=False, widget=PlainSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=PlainSelect)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, widget=PlainSelect)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    follow_up = forms.ChoiceField(
        label=_("Follow-up of lessons"),
        required=False,
        widget=PlainSelect,
        help_text=_("Shows lessons only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = [("", _("All")), *state_choices()]

    @staticmethod
    def choices_from(published) -> dict[str, list]:
        reports, posts = published["report"].order_by(), published["post"].order_by()
        # DISTINCT reads the (status, language) and (status, country) indexes.
        languages = set(reports.values_list("language", flat=True).distinct()) | set(
            posts.values_list("language", flat=True).distinct()
        )
        years = {
            year
            for items in (posts, reports)
            for year in items.annotate(y=ExtractYear("published_at"))
            .values_list("y", flat=True)
            .distinct()
        }
        # Asked of each organisation: joining every item to its organisation reads them all.
        organisations = list(
            Organisation.objects.filter(
                Exists(posts.filter(organisation=OuterRef("pk")))
                | Exists(reports.filter(credited_organisations=OuterRef("pk")))
            ).order_by("name")
        )
        used = {o.country.code for o in organisations if o.country} | set(
            posts.exclude(country="").values_list("country", flat=True).distinct()
        )
        return {
            "hashtag": sorted(
                set(hashtag_choices(reports)) | set(hashtag_choices(posts)), key=lambda c: c[1]
            ),
            "language": language_choices(languages),
            "year": [(y, y) for y in sorted(years, reverse=True)],
            "organisation": [(o.slug, o.name) for o in organisations],
            "country": country_choices(used),
        }

    def filtered(self, kinds: dict) -> dict:
        """The published items of each kind that the valid filters allow."""
        self.is_valid()  # invalid filters are left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        # A follow-up is about a lesson: that filter leaves the lessons only.
        kind = "post" if data.get("follow_up") else data.get("kind")
        chosen = {name: items for name, items in kinds.items() if kind in ("", None, name)}
        for name, items in chosen.items():
            if data.get("hashtag"):
                items = items.tagged(data["hashtag"])
            if data.get("language"):
                items = items.filter(language=data["language"])
            if data.get("year"):
                items = items.filter(published_at__year=data["year"])
            if data.get("organisation"):
                field = "organisation" if name == "post" else "credited_organisations"
                items = items.filter(**{f"{field}__slug": data["organisation"]})
            if data.get("country"):
                if name == "post":
                    items = items.filter(country=data["country"])
                else:
                    # Several credited organisations may share a country: one row each.
                    items = items.filter(
                        pk__in=items.model.objects.filter(
                            credited_organisations__country=data["country"]
                        ).values("pk")
                    )
            if data.get("follow_up"):
                items = with_follow_up_state(items, data["follow_up"])
                self.topics.append(FOLLOW_UP_STATES)
            chosen[name] = items
        return chosen
