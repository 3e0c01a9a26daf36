"""Form pieces shared by the editors of seminar reports and posts."""

import hashlib
import re

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from page_cache.versions import kept_under, kind_topic, versions_digest
from publishing.languages import CONTENT_LANGUAGE_CHOICES
from publishing.rendering import (
    is_hashtag_name,
    render_markdown,
    split_hashtags,
    unique_hashtags,
)
from uploads.forms import EditorUploads, files_field, photos_field

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Enough to describe any publication; more would let one draft flood the list of hashtags.
MAX_HASHTAGS = 30


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
    """The editor's form: the model's fields, hashtags beyond those typed in the body, and
    the publication's photos and files: new ones chosen in two file inputs, the others
    each in a row of `photo_rows` or `file_rows`.

    New uploads are checked and processed while the form is cleaned, and stored only by
    `keep_new_uploads` (a preview) or `save_uploads` (uploads.forms.EditorUploads).
    """

    PUBLISHING_ACTIONS = {"publish", "submit"}

    hashtags = forms.CharField(
        label=_("More hashtags"),
        required=False,
        help_text=_(
            "Hashtags typed in the body (#LocalKnowledge) are added by themselves; list any "
            "others here, separated by spaces."
        ),
    )

    new_photos = photos_field()
    new_files = files_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.uploads = EditorUploads(
            model=self._meta.model,
            instance_pk=self.instance.pk,
            data=self.data if self.is_bound else None,
            user=user,
            publishing=self.publishing,
        )
        # Browsers cut pasted text at maxlength without a word; the server's error keeps it all.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
        if self.instance.pk:
            in_body = {name.lower() for name in render_markdown(self.instance.body).hashtags}
            others = [
                tag.name for tag in self.instance.tags.all() if tag.name.lower() not in in_body
            ]
            self.initial.setdefault("hashtags", " ".join(f"#{name}" for name in others))

    @property
    def publishing(self) -> bool:
        """Whether this save makes the publication public (or keeps it so)."""
        published = self.instance.pk is not None and self.instance.is_published
        return published or self.data.get("action") in self.PUBLISHING_ACTIONS

    @property
    def photo_rows(self):
        return self.uploads.photo_rows

    @property
    def file_rows(self):
        return self.uploads.file_rows

    UPLOAD_FIELDS = ("new_photos", "new_files")

    def upload_fields(self):
        return [self[name] for name in self.UPLOAD_FIELDS]

    def text_fields(self):
        """The visible fields but the file inputs, which the editor shows with the rows."""
        return [field for field in self.visible_fields() if field.name not in self.UPLOAD_FIELDS]

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.uploads.is_valid():
            self.add_error(None, gettext("A photo or file below needs attention."))

    def _new_uploads(self) -> tuple[list, list]:
        return self.cleaned_data.get("new_photos", []), self.cleaned_data.get("new_files", [])

    def keep_new_uploads(self) -> None:
        """For a preview: keep the new uploads, waiting unattached for the save."""
        self.data = self.uploads.keep(self.data, *self._new_uploads())

    def save_uploads(self, publication) -> None:
        self.uploads.save(publication, *self._new_uploads())

    def shown_photos(self) -> list:
        return self.uploads.photo_rows.kept()

    def shown_files(self) -> list:
        return self.uploads.file_rows.kept()

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
        in_body = render_markdown(self.cleaned_data.get("body", "")).hashtags
        count = len(unique_hashtags(in_body + names))
        if count > MAX_HASHTAGS:
            raise forms.ValidationError(
                gettext(
                    "A publication can have at most %(max)d hashtags, in the body and here "
                    "together; this one has %(count)d. Keep the ones that matter most."
                )
                % {"max": MAX_HASHTAGS, "count": count}
            )
        return names


def language_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of these content languages, in the site's order."""
    return [(code, str(name)) for code, name in CONTENT_LANGUAGE_CHOICES if code in codes]


def country_choices(codes) -> list[tuple[str, str]]:
    """(code, name) of these countries, by name."""
    return [(code, str(name)) for code, name in countries if code in codes]


class PublishedFilterForm(forms.Form):
    """Filters whose choices come from what is published, "All" first. Reading them from
    100,000 items takes a while, so they are kept in the cache until a publication of
    their kinds (or the site) changes. Each form names its cache entry, `choices_name`,
    and reads its choices with a static method `choices_from(published)`: field name to a
    list of (value, label).

    The filters' markup (filters_html()) is kept as long, for each language and choice of
    filters: hundreds of hashtags and organisations take longer to write out than the
    rest of a list. A page writes the fields in `shown_apart` itself."""

    shown_apart: frozenset[str] = frozenset()

    def __init__(self, data, *, published):
        super().__init__(data)
        # Topics of kept pages that what the filters chose depends on (page_shows()).
        self.topics: list[str] = []
        self.published = published
        # The choices and the filters' markup are kept under the versions read here.
        self.versions = versions_digest(*self._kinds())
        self.published_choices = kept_under(
            f"choices:{self.choices_name}:{get_language()}",
            self.versions,
            lambda: self.choices_from(self.published),
        )
        # Only what was chosen is checked against the choices; the rest wait for the markup.
        for name in self.published_choices:
            if data and data.get(name):
                self._set_choices(name)

    def _kinds(self) -> list[str]:
        """The topics of the kinds the filters' choices come from (kind_topic())."""
        published = (
            self.published.values() if isinstance(self.published, dict) else [self.published]
        )
        return [kind_topic(items.model._meta.label_lower) for items in published]

    def _set_choices(self, name: str) -> None:
        field_choices = self.published_choices[name]
        self.fields[name].choices = [("", gettext("All")), *field_choices]

    def filters_html(self) -> str:
        """The filters' fields as a list page shows them (label, then field)."""
        # What was chosen and is valid: a value that is not a choice shows as none chosen,
        # so made-up addresses add nothing to the cache.
        self.is_valid()
        chosen = getattr(self, "cleaned_data", {})
        shown = [(name, chosen.get(name)) for name in self.fields if name not in self.shown_apart]
        digest = hashlib.sha256(repr(shown).encode()).hexdigest()
        html = kept_under(
            f"filters-html:{self.choices_name}:{get_language()}:{digest}",
            self.versions,
            self._filters_html,
        )
        return mark_safe(html)  # rendered, with escaping, by _filters_html

    def _filters_html(self) -> str:
        for name in self.published_choices:
            self._set_choices(name)
        fields = [field for field in self if field.name not in self.shown_apart]
        return render_to_string("includes/filter_fields.html", {"fields": fields})
