from django.contrib import admin

from uploads.models import Attachment, Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "content_type", "object_id", "shows_people", "consent_at"]
    list_filter = ["shows_people", "content_type"]
    search_fields = ["description", "caption", "credit"]
    fields = ["description", "caption", "credit", "shows_people", "consent_by", "consent_at"]
    readonly_fields = ["consent_by", "consent_at"]

    def has_add_permission(self, request):
        return False  # photos come through the editor, which processes them


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size", "content_type", "object_id", "created_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["name"]
    fields = ["name", "kind", "size"]
    readonly_fields = ["name", "kind", "size"]

    def has_add_permission(self, request):
        return False
