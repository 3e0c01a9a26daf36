from django.contrib import admin

from followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["lesson", "state", "country", "happened_on", "author", "voice"]
    list_filter = ["state", "voice", "country"]
    list_select_related = ["author"]
    search_fields = ["note"]
    date_hierarchy = "happened_on"
    readonly_fields = ["lesson", "author", "voice", "note_html", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lesson")

    # Follow-ups are written on the lesson's page, which renders the note; here staff
    # find and inspect them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
