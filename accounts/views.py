from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, UpdateView

from accounts.forms import ProfileForm
from accounts.models import User
from learning_exchange.content import member_contributions

CONTRIBUTIONS_SHOWN = 20


class MemberDetailView(DetailView):
    template_name = "accounts/user_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return (
            User.objects.filter(is_active=True)
            .select_related("organisation")
            .prefetch_related("groups")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        context["is_own_profile"] = self.request.user == member
        context.update(
            member_contributions(
                member, shown=CONTRIBUTIONS_SHOWN, include_unpublished=context["is_own_profile"]
            )
        )
        return context


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    form_class = ProfileForm
    template_name = "accounts/user_form.html"

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile has been saved."))
        response = super().form_valid(form)
        language = self.object.preferred_language
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def get_success_url(self):
        with translation.override(self.object.preferred_language or None):
            return reverse("accounts:profile", args=[self.object.pk])
