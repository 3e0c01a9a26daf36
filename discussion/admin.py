from django.contrib import admin

from discussion.models import Flag, Subscription


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """Members' reports, to look up; moderators settle them on the moderation page."""

    list_display = ["comment", "reason", "reporter", "created_at", "dismissed_at"]
    list_filter = ["reason", "dismissed_at"]
    list_select_related = ["reporter"]
    raw_id_fields = ["comment", "reporter", "dismissed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "content_type", "object_pk", "muted"]
    list_filter = ["muted", "content_type"]
    list_select_related = ["user", "content_type"]
    raw_id_fields = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
