from django.contrib import admin

from publishing.models import Revision


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Kept versions, to look up; the editors' History pages show what changed."""

    list_display = ["title", "content_type", "object_id", "edited_by", "created_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "edited_by"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
