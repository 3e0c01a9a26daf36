from django.contrib import admin

from importing.models import ImportedItem, OldAddress


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ["guid", "content_type", "object_id", "imported_at"]
    list_filter = ["content_type"]
    search_fields = ["guid"]
    readonly_fields = ["guid", "content_type", "object_id", "imported_at"]

    def has_add_permission(self, request):
        return False


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["path", "content_type", "object_id", "target_path"]
    search_fields = ["path", "target_path"]
    readonly_fields = ["content_type", "object_id"]
