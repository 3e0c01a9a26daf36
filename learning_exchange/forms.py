"""Form pieces shared by the editors of seminar reports and posts."""

import re

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.models import Tag

from accounts.models import Organisation
from learning_exchange.languages import CONTENT_LANGUAGE_CHOICES
from learning_exchange.page_cache import kept_while_publications_unchanged
from learning_exchange.rendering import is_hashtag_name, render_markdown, split_hashtags

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PlainSelect(forms.Select):
    """A select written in Python. Django's widget builds a dictionary and renders a
    template for each option: a list of 180 languages or 300 hashtags cost more than the
    rest of a page."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) in chosen else ""}>'
            f"{escape(label)}</option>"
            for choice, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label escaped above; flatatt escapes the attributes.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')


class PublicationForm(forms.ModelForm):
    """The editor's form: the model's fields, plus hashtags beyond those typed in the body."""

    hashtags = forms.CharField(
        label=_("More hashtags"),
        required=False,
        help_text=_(
            "Hashtags typed in the body (#LocalKnowledge) are added by themselves; list any "
            "others here, separated by spaces."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Browsers cut pasted text at maxlength without a word; the server's error keeps it all.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            in_body = {name.lower() for name in render_markdown(self.instance.body).hashtags}
            others = [
                tag.name for tag in self.instance.tags.all() if tag.name.lower() not in in_body
            ]
            self.initial.setdefault("hashtags", " ".join(f"#{name}" for name in others))

    def clean(self):
        cleaned = super().clean()
        # Control characters have no place in writing, and would upset search excerpts.
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = CONTROL_CHARACTERS.sub("", value)
        return cleaned

    def clean_hashtags(self):
        names = split_hashtags(self.cleaned_data["hashtags"])
        invalid = [name for name in names if not is_hashtag_name(name)]
        if invalid:
            raise forms.ValidationError(
                ngettext(
                    "This is not a hashtag: %(names)s. Use letters, digits and _ only.",
                    "These are not hashtags: %(names)s. Use letters, digits and _ only.",
                    len(invalid),
                )
                % {"names": ", ".join(invalid)}
            )
        return names


def hashtag_choices(publications) -> list[tuple[str, str]]:
    """(slug, '#Name') of the hashtags used by these publications, by name."""
    tags = Tag.objects.filter(
        taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(
            publications.model
        ),
        taggit_taggeditem_items__object_id__in=publications.values("pk"),
    ).distinct()
    return [(tag.slug, f"#{tag.name}") for tag in tags.order_by("name")]


def language_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of these content languages, in the site's order."""
    return [(code, str(name)) for code, name in CONTENT_LANGUAGE_CHOICES if code in codes]


def country_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of these countries, by name."""
    return [(code, str(name)) for code, name in countries if code in codes]


class PublishedFilterForm(forms.Form):
    """Filters whose choices come from what is published, "All" first. Reading them from
    100,000 items takes a while, so they are kept in the cache until a publication
    changes. Each form names its cache entry, `choices_name`, and reads its choices with a
    static method `choices_from(published)`: field name to a list of (value, label)."""

    def __init__(self, data, *, published):
        super().__init__(data)
        choices = kept_while_publications_unchanged(
            f"choices:{self.choices_name}:{get_language()}",
            lambda: self.choices_from(published),
        )
        for name, field_choices in choices.items():
            self.fields[name].choices = [("", gettext("All")), *field_choices]


class SearchForm(PublishedFilterForm):
    """The search box and its filters; every choice comes from what is published (the
    published items of each kind, by kind name)."""

    choices_name = "search"
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

    @staticmethod
    def choices_from(published) -> dict[str, list]:
        reports, posts = published["report"].order_by(), published["post"].order_by()
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
        organisations = list(
            Organisation.objects.filter(Q(posts__in=posts) | Q(seminar_reports__in=reports))
            .distinct()
            .order_by("name")
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
        chosen = {
            name: items for name, items in kinds.items() if data.get("kind") in ("", None, name)
        }
        for name, items in chosen.items():
            if data.get("hashtag"):
                items = items.filter(tags__slug=data["hashtag"])
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
            chosen[name] = items
        return chosen
