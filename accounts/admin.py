from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Organisation, User
from accounts.services import partner_confirm

# Admin sign-in goes through allauth's, so its limit on failed attempts (kept in the shared
# cache) guards the admin too.
admin.site.login = secure_admin_login(admin.site.login)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "member_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name", "email"]
    list_display = ["email", "name", "organisation", "country", "is_active", "date_joined"]
    list_filter = ["groups", "is_active", "is_staff", "organisation__kind", "country"]
    list_select_related = ["organisation"]
    search_fields = ["email", "name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["confirm_partners"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {"fields": ["name", "organisation", "country", "preferred_language", "bio"]},
        ),
        (
            _("Roles"),
            {
                "fields": ["is_active", "groups", "is_staff", "is_superuser", "user_permissions"],
                "description": _(
                    "Confirm a partner by setting their organisation and adding them to "
                    "the Partners group."
                ),
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups", "user_permissions"]

    def has_change_permission(self, request, obj=None):
        # Only superusers change accounts that can reach the admin.
        reaches_admin = obj is not None and (obj.is_staff or obj.is_superuser)
        if reaches_admin and obj != request.user and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            # Only superusers hand out the admin flag or individual permissions.
            readonly += ["is_staff", "is_superuser", "user_permissions"]
        return readonly

    @admin.action(description=_("Confirm as partners (of the organisation set on each)"))
    def confirm_partners(self, request, queryset):
        confirmed = 0
        for user in queryset.select_related("organisation"):
            if not self.has_change_permission(request, user):
                # The rule of the change form holds for bulk actions too.
                self.message_user(
                    request,
                    _("%(user)s can reach the admin: only a superuser can change them.")
                    % {"user": user},
                    messages.WARNING,
                )
                continue
            if user.organisation_id is None:
                self.message_user(
                    request,
                    _("%(user)s has no organisation yet: set it first.") % {"user": user},
                    messages.WARNING,
                )
                continue
            partner_confirm(user=user)
            confirmed += 1
        if confirmed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d member confirmed as a partner.",
                    "%(count)d members confirmed as partners.",
                    confirmed,
                )
                % {"count": confirmed},
                messages.SUCCESS,
            )
