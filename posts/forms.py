from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from followups.models import FOLLOW_UP_STATES, state_choices, with_follow_up_state
from hashtags.queries import hashtag_choices
from posts.models import Post
from publishing.forms import (
    PlainSelect,
    PublicationForm,
    PublishedFilterForm,
    country_choices,
    language_choices,
)
from publishing.languages import language_name


class PostForm(PublicationForm):
    class Meta:
        model = Post
        fields = [
            "title",
            "summary",
            "language",
            *Post.LESSON_FIELDS,
            "body",
            "shares_failure",
            "hashtags",
            "translation_of",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in Post.LESSON_FIELDS},
            "body": forms.Textarea(attrs={"rows": 12}),
            "translation_of": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A translation stays linked even if its original is unpublished later.
        self.fields["translation_of"].queryset = Post.objects.filter(
            Q(status=Post.Status.PUBLISHED) | Q(pk=self.instance.translation_of_id)
        )
        if self.initial.get("language") == "":
            # A translation starts with no language chosen rather than the first in the list.
            self.fields["language"].choices = [("", _("Choose the language"))] + list(
                self.fields["language"].choices
            )

    def clean_translation_of(self):
        original = self.cleaned_data["translation_of"]
        if original is not None and original.translation_of_id is not None:
            raise forms.ValidationError(
                _("This post is itself a translation: translate its original instead.")
            )
        if original is not None and original.pk == self.instance.pk:
            raise forms.ValidationError(_("A post cannot be a translation of itself."))
        if original is not None and self.instance.pk and self.instance.translations.exists():
            raise forms.ValidationError(
                _("This post has translations of its own, so it cannot become a translation.")
            )
        return original

    def clean(self):
        cleaned = super().clean()
        original = cleaned.get("translation_of")
        if original is not None and cleaned.get("language") == original.language:
            self.add_error(
                "language",
                gettext("The original is already in %(language)s: choose another language.")
                % {"language": language_name(original.language)},
            )
        return cleaned


def translation_initial(original: Post) -> dict:
    """A new post that starts as a copy of the original, to be translated in place."""
    fields = ["title", "summary", *Post.LESSON_FIELDS, "body", "shares_failure"]
    initial = {name: getattr(original, name) for name in fields}
    initial["translation_of"] = original.pk
    initial["language"] = ""
    initial["hashtags"] = " ".join(f"#{tag.name}" for tag in original.tags.all())
    return initial


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the writer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What should change before it is published? The writer sees this note."),
    )


class PostFilterForm(PublishedFilterForm):
    """Filters of the post list; their choices come from the published posts."""

    choices_name = "posts"
    hashtag = forms.ChoiceField(label=_("Hashtag"), required=False, widget=PlainSelect)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=PlainSelect)
    failures = forms.BooleanField(label=_("Only lessons that share a failure"), required=False)
    follow_up = forms.ChoiceField(label=_("Follow-up"), required=False, widget=PlainSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"].choices = [("", _("All")), *state_choices()]

    @staticmethod
    def choices_from(published) -> dict[str, list]:
        published = published.order_by()
        organisations = (
            Organisation.objects.filter(posts__in=published).distinct().order_by("name")
        )
        return {
            "hashtag": hashtag_choices(published),
            # DISTINCT reads the (status, language) and (status, country) indexes.
            "language": language_choices(
                set(published.values_list("language", flat=True).distinct())
            ),
            "country": country_choices(
                set(published.exclude(country="").values_list("country", flat=True).distinct())
            ),
            "organisation": [
                (organisation.slug, organisation.name) for organisation in organisations
            ],
        }

    def filter(self, posts):
        self.is_valid()  # invalid filters are left out; the valid ones still apply
        data = getattr(self, "cleaned_data", {})
        if data.get("hashtag"):
            posts = posts.tagged(data["hashtag"])
        if data.get("language"):
            posts = posts.filter(language=data["language"])
        if data.get("country"):
            posts = posts.filter(country=data["country"])
        if data.get("organisation"):
            posts = posts.filter(organisation__slug=data["organisation"])
        if data.get("failures"):
            posts = posts.filter(shares_failure=True)
        if data.get("follow_up"):
            posts = with_follow_up_state(posts, data["follow_up"])
            self.topics.append(FOLLOW_UP_STATES)
        return posts
