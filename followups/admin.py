from django.contrib import admin

from followups.models import FollowUp


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["lesson", "state", "country", "happened_on", "author", "voice"]
    list_filter = ["state", "voice", "country"]
    list_select_related = ["lesson", "author"]
    search_fields = ["note", "lesson__title"]
    date_hierarchy = "happened_on"
    readonly_fields = ["lesson", "author", "voice", "note_html", "created_at", "updated_at"]

    # Follow-ups are written on the lesson's page, which renders the note; here staff
    # find and inspect them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
