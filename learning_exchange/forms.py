"""Form pieces shared by the editors of seminar reports and posts."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from learning_exchange.rendering import is_hashtag_name, render_markdown, split_hashtags


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
