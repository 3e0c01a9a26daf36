from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin
from taggit.models import Tag

from hashtags.models import HashtagRedirect
from hashtags.services import hashtag_merge, hashtag_rename
from publishing.rendering import hashtag_slug, is_hashtag_name

admin.site.unregister(Tag)


class HashtagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {"slug": _("Lower case; leave empty to make it from the name.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].lstrip("#")
        if not is_hashtag_name(name):
            raise forms.ValidationError(_("Use letters, digits and _ only."))
        return name

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name:
            # A new name brings a new address, unless staff chose the address too.
            renamed = "name" in self.changed_data and "slug" not in self.changed_data
            slug = name if renamed else cleaned.get("slug") or name
            cleaned["slug"] = hashtag_slug(slug)
            clash = Tag.objects.filter(slug=cleaned["slug"]).exclude(pk=self.instance.pk).first()
            if clash:
                self.add_error(
                    "slug",
                    _("#%(name)s already has this address: merge the two instead.")
                    % {"name": clash.name},
                )
        return cleaned

    def _post_clean(self):
        # The name and address are saved by hashtag_rename, which also keeps the old address.
        pass


@admin.register(Tag)
class HashtagAdmin(TagAdmin):
    form = HashtagForm
    inlines = []
    list_display = ["name", "slug", "uses"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    actions = ["merge"]

    def has_add_permission(self, request):
        # Hashtags come from what people write; staff rename and merge them here.
        return False

    def get_urls(self):
        # Not taggit's own merge page: it would leave no redirects behind.
        return admin.ModelAdmin.get_urls(self)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(uses=Count("taggit_taggeditem_items"))

    @admin.display(description=_("uses"), ordering="uses")
    def uses(self, tag):
        return tag.uses

    def save_model(self, request, obj, form, change):
        hashtag_rename(tag=obj, name=form.cleaned_data["name"], slug=form.cleaned_data["slug"])

    @admin.action(description=_("Merge the selected hashtags into one"), permissions=["delete"])
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
