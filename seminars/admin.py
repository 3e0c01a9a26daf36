from django.contrib import admin

from seminars.models import SeminarReport


@admin.register(SeminarReport)
class SeminarReportAdmin(admin.ModelAdmin):
    list_display = ["title", "event_name", "organiser", "event_date", "author", "status"]
    list_filter = ["status", "language", "event_date", "organiser"]
    list_select_related = ["author"]
    search_fields = ["title", "summary", "event_name", "organiser", "body"]
    date_hierarchy = "event_date"
    fields = [
        "title", "slug", "status", "summary", "event_name", "organiser", "event_date",
        "place", "online", "event_url", "takeaways", "body", "language", "author",
        "credited_organisations", "tags", "published_at", "created_at", "updated_at",
    ]  # fmt: skip

    # Reports are written in the site's editor, which renders the body and keeps versions;
    # here staff find and inspect them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
