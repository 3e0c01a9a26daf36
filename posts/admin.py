from django.contrib import admin

from posts.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "organisation", "country", "language", "status"]
    list_filter = ["status", "language", "shares_failure", "country"]
    list_select_related = ["author", "organisation"]
    search_fields = ["title", "summary", "context", "body"]
    date_hierarchy = "published_at"
    fields = [
        "title", "slug", "status", "summary", "language", "translation_of", *Post.LESSON_FIELDS,
        "body", "shares_failure", "author", "organisation", "country", "tags", "review_note",
        "reviewed_by", "reviewed_at", "published_at", "created_at", "updated_at",
    ]  # fmt: skip

    # Lessons are written and reviewed on the site, which renders the body and keeps
    # versions; here staff find and inspect them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
