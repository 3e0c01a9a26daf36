from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag

from learning_exchange.models import HashtagRedirect
from learning_exchange.rendering import hashtag_slug
from learning_exchange.services import hashtag_merge, hashtag_rename

admin.site.unregister(Tag)


@admin.register(Tag)
class HashtagAdmin(TagAdmin):
    list_display = ["name", "slug", "uses"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(uses=Count("taggit_taggeditem_items"))

    @admin.display(description=_("uses"), ordering="uses")
    def uses(self, tag):
        return tag.uses

    def save_model(self, request, obj, form, change):
        if not obj.slug or "name" in form.changed_data and "slug" not in form.changed_data:
            obj.slug = hashtag_slug(obj.name)
        super().save_model(request, obj, form, change)
        if change:
            hashtag_rename(tag=obj, old_slug=form.initial.get("slug", obj.slug))

    @admin.action(description=_("Merge the selected hashtags into one"), permissions=["change"])
    def merge(self, request, queryset):
        tags = list(queryset.order_by("-uses", "name"))
        if len(tags) < 2:
            self.message_user(
                request, _("Select two hashtags or more to merge."), messages.WARNING
            )
            return None
        into_id = request.POST.get("into")
        into = next((tag for tag in tags if str(tag.pk) == into_id), None)
        if into is None:
            context = {
                **self.admin_site.each_context(request),
                "title": _("Merge hashtags"),
                "tags": tags,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            }
            return render(request, "admin/taggit/tag/merge.html", context)
        hashtag_merge(sources=[tag for tag in tags if tag.pk != into.pk], into=into)
        self.message_user(
            request,
            _("Merged into #%(name)s; the old addresses lead there.") % {"name": into.name},
            messages.SUCCESS,
        )
        return None


@admin.register(HashtagRedirect)
class HashtagRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "tag", "created_at"]
    search_fields = ["old_slug", "tag__name"]
    list_select_related = ["tag"]
