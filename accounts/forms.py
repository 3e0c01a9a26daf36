from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.views import SignupView
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the name shown beside what a member writes."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("As you would like to be known in the community."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["name", "email", "password1", "password2"]

    def try_save(self, request):
        if self.account_already_exists:
            # A new account's password is hashed when it is saved; doing the same work for a
            # known address keeps both answers as slow, so timing does not reveal accounts.
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def save(self, request):
        try:
            with transaction.atomic():
                return super().save(request)
        except IntegrityError:
            # Another sign-up took the address between the check and the save: nothing of
            # this one is kept, and the form says so as it would have a moment earlier.
            self.add_error("email", get_adapter().error_messages["email_taken"])
            view = SignupView()
            view.setup(request)
            raise ImmediateHttpResponse(view.form_invalid(self)) from None

    def signup(self, request, user):
        user.name = self.cleaned_data["name"]
        user.save(update_fields=["name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language", "country", "bio", "mail_frequency"]
        widgets = {"mail_frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without the choice (an older page) keeps the member's.
        self.fields["mail_frequency"].required = False

    def clean_mail_frequency(self):
        return self.cleaned_data["mail_frequency"] or self.instance.mail_frequency
