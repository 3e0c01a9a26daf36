import time

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT, CommentSecurityForm

from discussion.models import Comment, Flag
from publishing.forms import CONTROL_CHARACTERS, PlainSelect
from publishing.languages import CONTENT_LANGUAGE_CHOICES


class CommentTextMixin:
    def clean_comment(self):
        text = CONTROL_CHARACTERS.sub("", self.cleaned_data["comment"]).strip()
        if not text:
            raise forms.ValidationError(_("Write something before sending."))
        return text


def comment_field():
    return forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=settings.COMMENT_MAX_LENGTH,
        error_messages={"required": _("Write something before sending.")},
        help_text=_(
            "Plain text. Blank lines make paragraphs; *emphasis*, lists and links work. "
            "Be kind: people write here in their second or third language."
        ),
    )


def language_field():
    return forms.ChoiceField(
        label=_("Written in"),
        choices=[("", _("Same as the page"))] + list(CONTENT_LANGUAGE_CHOICES),
        required=False,
        widget=PlainSelect,
    )


class CommentForm(CommentTextMixin, CommentSecurityForm):
    """A comment or a reply: django-contrib-comments' security hash, timestamp and honeypot,
    the text and its language. Name and e-mail come from the signed-in member."""

    comment = comment_field()
    language = language_field()
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)
    honeypot = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
    )

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        # Browsers cut pasted text at maxlength without a word; the server's error keeps it all.
        self.fields["comment"].widget.attrs.pop("maxlength", None)
        # People most often write in the language they read the site in.
        self.fields["language"].initial = get_language()

    def clean_timestamp(self):
        if time.time() - self.cleaned_data["timestamp"] > DEFAULT_COMMENTS_TIMEOUT:
            raise forms.ValidationError(
                _("This form was opened a long time ago. Check your text and send it again.")
            )
        return self.cleaned_data["timestamp"]

    def clean_honeypot(self):
        if self.cleaned_data["honeypot"]:
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def is_tampered(self) -> bool:
        """A security hash that does not match, or a honeypot filled in: not a person's
        mistake, so the answer is a plain 400."""
        return (
            "security_hash" in self.errors
            or "honeypot" in self.errors
            or any(name in self.errors for name in ("content_type", "object_pk"))
        )

    def refresh_security_data(self):
        """New timestamp and hash, so a member whose form expired can send it again."""
        data = self.data.copy()
        data.update(self.generate_security_data())
        self.data = data


class CommentEditForm(CommentTextMixin, forms.ModelForm):
    comment = comment_field()
    language = language_field()

    class Meta:
        model = Comment
        fields = ["comment", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].widget.attrs.pop("maxlength", None)


class FlagForm(forms.ModelForm):
    class Meta:
        model = Flag
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}
        labels = {"reason": _("What is wrong with this comment?")}
        help_texts = {"note": _("Optional. Anything that helps a moderator decide.")}


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removal"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Its author sees this reason."),
    )
