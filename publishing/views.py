"""What the views of every kind share: filtered lists, the editor's flow (preview, save,
submit, publish), and the actions and history pages of one publication."""

import hashlib

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView, View
from django.views.generic.detail import SingleObjectMixin

from page_cache.members import kept_for_members
from page_cache.versions import kept_while_unchanged, kind_topic, page_shows
from publishing.cards import kept_cards, load_for_cards
from publishing.history import revision_history
from publishing.models import EditorAction
from publishing.rendering import preview_hashtags, render_markdown


def query_without_page(request) -> str:
    """The list's query string without its page, for the pagination links to extend."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class KeptCount:
    """Published items whose number is kept until a publication of their kind changes:
    counting 100,000 of them takes longer than the rest of a page."""

    ordered = True

    def __init__(self, items, *, name: str):
        self.items = items
        self.name = name

    def count(self) -> int:
        return kept_while_unchanged(
            f"published-count:{self.name}",
            self.items.count,
            kind_topic(self.items.model._meta.label_lower),
        )

    def __getitem__(self, index):
        return self.items[index]


class PublishedListView(ListView):
    """Published items, newest first, with a filter form whose choices come from them.

    The page is chosen by the items' keys; each is shown by its card, and the items are
    read only for the cards not kept (`load_items`)."""

    paginate_by = 10
    filter_form_class = None

    def get_queryset(self):
        published = self.model.objects.published()
        self.filter_form = self.filter_form_class(self.request.GET or None, published=published)
        return self.filter_form.filter(published.newest_first()).values_list("pk", flat=True)

    def load_items(self, model, keys) -> list:
        """The items whose cards are rendered, with what the cards show."""
        return load_for_cards(model, keys)

    def get_paginator(self, queryset, per_page, **kwargs):
        # Filters on what follow-ups say change with follow-ups, not publications: counted
        # each time.
        if not self.filter_form.topics:
            chosen = hashlib.sha256(query_without_page(self.request).encode()).hexdigest()
            queryset = KeptCount(queryset, name=f"{self.model._meta.label_lower}:{chosen}")
        return super().get_paginator(queryset, per_page, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["query"] = query_without_page(self.request)
        cards = kept_cards(
            self.request,
            [(self.model, pk) for pk in context["object_list"]],
            load=self.load_items,
        )
        context["object_list"] = context[self.context_object_name] = cards
        page_shows(
            self.request,
            *(card.topic for card in cards),
            *self.filter_form.topics,
            publications=True,
        )
        kept_for_members(self.request)
        return context


class PublicationEditorMixin:
    """The editor of one kind, for CreateView and UpdateView: Preview shows the publication
    as it will appear without saving; the other actions save it through the kind's service.

    Each kind says `preview_context_name` (what its templates call the publication),
    `edit_url_name` (where a saved draft goes back to) and `draft_saved_message`, and
    defines `save_publication(form, action)`, which calls its service and returns the
    publication.
    """

    preview_context_name = "publication"
    edit_url_name = None
    draft_saved_message = None

    def allowed_actions(self) -> set[EditorAction]:
        return {EditorAction.PREVIEW, EditorAction.SAVE, EditorAction.PUBLISH}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = self.allowed_actions()
        return context

    def form_valid(self, form):
        try:
            action = EditorAction(self.request.POST.get("action", EditorAction.SAVE))
        except ValueError:
            raise PermissionDenied from None
        if action not in self.allowed_actions():
            raise PermissionDenied
        new_photos = bool(form.cleaned_data["new_photos"])
        if action == EditorAction.PREVIEW or (new_photos and form.publishing):
            # New photos are described before anyone can see them: they are kept, and the
            # writer sees the preview with a row for each to fill in.
            form.keep_new_uploads()
            if action != EditorAction.PREVIEW:
                messages.info(
                    self.request,
                    _(
                        "Your photos are uploaded, and nobody else can see them yet. "
                        "Describe each one below, then send again."
                    ),
                )
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.preview(form))
            )
        with transaction.atomic():
            self.object = self.save_publication(form, action)
            form.save_uploads(self.object)
        if action == EditorAction.PUBLISH:
            messages.success(self.request, _("Published: everyone can read it now."))
        elif action == EditorAction.SUBMIT:
            messages.success(
                self.request,
                _("Sent for review. Staff will publish it or send it back with a note."),
            )
        elif self.object.is_published:
            messages.success(self.request, _("Your changes are published."))
        else:
            messages.success(self.request, self.draft_saved_message)
            return redirect(self.edit_url_name, slug=self.object.slug)
        return redirect(self.object)

    def prepare_preview(self, publication) -> None:
        """Fill in what the preview shows before the first save (its writer)."""
        if publication.author_id is None:
            publication.author = self.request.user

    def preview(self, form) -> dict:
        publication = form.instance
        self.prepare_preview(publication)
        rendered = render_markdown(publication.body)
        return {
            self.preview_context_name: publication,
            "body_html": rendered.html,
            "hashtags": preview_hashtags(rendered.hashtags + form.cleaned_data["hashtags"]),
            "undescribed_images": rendered.undescribed_images,
            "photos": form.shown_photos(),
            "files": form.shown_files(),
            **self.preview_extra(form),
        }

    def preview_extra(self, form) -> dict:
        return {}


@method_decorator(require_POST, name="dispatch")
class PublicationActionView(PermissionRequiredMixin, SingleObjectMixin, View):
    """A button on a publication (publish, unpublish): POST only, for those with the
    permission. Each kind's view says the permission, the queryset of publications it
    applies to, and defines `act(publication)`, which calls the service and says what
    happened, and `get_success_url()`."""

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.act(self.object)
        return redirect(self.get_success_url())


class PublicationHistoryView(PermissionRequiredMixin, DetailView):
    """Every kept version of a publication's text, with what changed, a page at a time."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"], context["changes"] = revision_history(
            publication=self.object, page_number=self.request.GET.get("page")
        )
        return context
