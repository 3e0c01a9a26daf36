from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from discussion.mixins import CommentCountsMixin
from followups.models import FollowUp
from followups.services import can_follow_up
from page_cache.members import kept_for_members
from page_cache.versions import item_topic, page_shows
from posts.forms import PostFilterForm, PostForm, ReturnForm, translation_initial
from posts.models import Post
from posts.services import (
    post_publish,
    post_return,
    post_set_writer,
    post_unpublish,
    post_write,
)
from publishing.models import EditorAction
from publishing.views import (
    PublicationActionView,
    PublicationEditorMixin,
    PublicationHistoryView,
    PublishedListView,
)

REVIEW_PERMISSION = "posts.review_post"


class PostListView(CommentCountsMixin, PublishedListView):
    model = Post
    filter_form_class = PostFilterForm
    context_object_name = "posts"


class PostDetailView(DetailView):
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.for_detail().visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        post = self.object
        context["translations"] = list(
            Post.objects.translations_of(post).only("slug", "language", "title")
        )
        page_shows(self.request, item_topic(post), *map(item_topic, context["translations"]))
        context["can_edit"] = post.can_be_edited_by(user)
        # A translation links to a published original, so none is offered from a hidden one.
        context["can_translate"] = (
            post.is_published and post.original.is_published and user.has_perm("posts.add_post")
        )
        context["can_review"] = user.has_perm(REVIEW_PERMISSION)
        if context["can_review"] and post.status == Post.Status.SUBMITTED:
            context["return_form"] = ReturnForm(prefix=f"post-{post.pk}")
        if post.is_published:
            follow_ups = list(FollowUp.objects.of(post.original).timeline())
            for follow_up in follow_ups:
                follow_up.changeable = follow_up.can_be_changed_by(user)
            context["follow_ups"] = follow_ups
            context["can_follow_up"] = can_follow_up(user, post)
            # Kept for members but those who have something of their own on it: its writer,
            # their organisation (follow-ups), the writers of its follow-ups, and whoever has
            # comments in its discussion that others see otherwise.
            kept_for_members(
                self.request,
                f"member {post.author_id}",
                *(f"member {follow_up.author_id}" for follow_up in follow_ups),
                *([f"organisation {post.organisation_id}"] if post.organisation_id else []),
                f"own-comments {ContentType.objects.get_for_model(post).pk}:{post.pk}",
            )
        return context


class PostEditorMixin(PublicationEditorMixin):
    """Preview, save a draft, submit for review (writers) or publish (staff)."""

    model = Post
    form_class = PostForm
    preview_context_name = "post"
    edit_url_name = "posts:edit"
    draft_saved_message = gettext_lazy("Draft saved. Only you and staff can see it.")

    def allowed_actions(self):
        if self.request.user.has_perm(REVIEW_PERMISSION):
            return {EditorAction.PREVIEW, EditorAction.SAVE, EditorAction.PUBLISH}
        return {EditorAction.PREVIEW, EditorAction.SAVE, EditorAction.SUBMIT}

    def save_publication(self, form, action):
        return post_write(
            post=form.instance,
            by=self.request.user,
            extra_hashtags=form.cleaned_data["hashtags"],
            action=action,
        )

    def prepare_preview(self, publication):
        post_set_writer(post=publication, writer=self.request.user)


class PostCreateView(PermissionRequiredMixin, PostEditorMixin, CreateView):
    permission_required = "posts.add_post"

    def get_initial(self):
        original = self.original_to_translate()
        if original is not None:
            return translation_initial(original)
        return super().get_initial()

    def original_to_translate(self):
        """The original of the post named in the address, if its text may be copied: this
        writer may read the post named, and the original is published, as a translation
        only links to a published original."""
        chosen_pk = self.request.GET.get("translation_of", "")
        if not chosen_pk.isdigit():
            return None
        visible = Post.objects.visible_to(self.request.user)
        chosen = visible.filter(pk=chosen_pk).only("translation_of").first()
        if chosen is None:
            return None
        return visible.published().filter(pk=chosen.translation_of_id or chosen.pk).first()


class PostUpdateView(LoginRequiredMixin, PostEditorMixin, UpdateView):
    published_while_editing = False

    def get_queryset(self):
        return Post.objects.visible_to(self.request.user).prefetch_related("tags")

    def get_object(self, queryset=None):
        post = super().get_object(queryset)
        if post.can_be_edited_by(self.request.user):
            return post
        if self.request.method == "POST" and post.author_id == self.request.user.pk:
            self.published_while_editing = post.is_published
            if self.published_while_editing:
                return post
        raise PermissionDenied

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = self.get_form()
        if self.published_while_editing:
            # Staff published it while its writer was editing: keep their text and say why.
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Staff published this lesson while you were editing it, so only they can "
                    "change it now. Copy your text and send them your changes."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=409)
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


class ReviewQueueView(PermissionRequiredMixin, ListView):
    permission_required = REVIEW_PERMISSION
    paginate_by = 20
    template_name = "posts/review_queue.html"
    context_object_name = "posts"

    def get_queryset(self):
        return (
            Post.objects.filter(status=Post.Status.SUBMITTED)
            .select_related("author", "organisation")
            .prefetch_related("author__groups")
            .order_by("updated_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for post in context["posts"]:
            post.return_form = ReturnForm(prefix=f"post-{post.pk}")
        return context


class PostPublishView(PublicationActionView):
    """Staff publish what writers sent; their own drafts they publish from the editor."""

    permission_required = REVIEW_PERMISSION
    queryset = Post.objects.filter(status__in=[Post.Status.SUBMITTED, Post.Status.RETURNED])

    def act(self, publication):
        post_publish(post=publication, by=self.request.user)
        messages.success(self.request, _("Published: everyone can read it now."))

    def get_success_url(self):
        return self.object.get_absolute_url()


@require_POST
@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def post_return_view(request, slug):
    post = get_object_or_404(Post, slug=slug, status=Post.Status.SUBMITTED)
    form = ReturnForm(request.POST, prefix=f"post-{post.pk}")
    if not form.is_valid():
        post.return_form = form
        return TemplateResponse(
            request, "posts/review_queue.html", {"posts": [post], "form": form}, status=422
        )
    post_return(post=post, by=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Returned to its writer with your note."))
    return redirect("posts:review")


class PostUnpublishView(PublicationActionView):
    permission_required = REVIEW_PERMISSION
    model = Post

    def act(self, publication):
        post_unpublish(post=publication)
        messages.success(self.request, _("Unpublished: only its writer and staff can see it now."))

    def get_success_url(self):
        return reverse("posts:edit", args=[self.object.slug])


class PostHistoryView(PublicationHistoryView):
    permission_required = "posts.change_post"
    model = Post
    context_object_name = "post"
    template_name = "posts/post_history.html"
