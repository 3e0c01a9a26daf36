from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(forms.Form):
    """The extra field allauth's sign-up asks for: the name shown beside what a member writes."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("As you would like to be known in the community."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language", "country", "bio"]
