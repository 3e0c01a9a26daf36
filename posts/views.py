from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from learning_exchange.discussion.views import discussion_context
from learning_exchange.listing import PublishedListView
from learning_exchange.publishing import preview_hashtags, revision_history
from learning_exchange.rendering import render_markdown
from posts.forms import PostFilterForm, PostForm, ReturnForm, translation_initial
from posts.models import Post
from posts.services import (
    post_publish,
    post_return,
    post_set_writer,
    post_unpublish,
    post_write,
)

REVIEW_PERMISSION = "posts.review_post"


class PostListView(PublishedListView):
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
        context["translations"] = Post.objects.translations_of(post).only(
            "slug", "language", "title"
        )
        context["can_edit"] = post.can_be_edited_by(user)
        context["can_translate"] = post.is_published and user.has_perm("posts.add_post")
        context["can_review"] = user.has_perm(REVIEW_PERMISSION)
        context["discussion"] = discussion_context(self.request, post)
        if context["can_review"] and post.status == Post.Status.SUBMITTED:
            context["return_form"] = ReturnForm(prefix=f"post-{post.pk}")
        return context


class PostEditorMixin:
    """Preview, save a draft, submit for review (writers) or publish (staff)."""

    model = Post
    form_class = PostForm

    def allowed_actions(self):
        if self.request.user.has_perm(REVIEW_PERMISSION):
            return {"preview", "save", "publish"}
        return {"preview", "save", "submit"}

    def form_valid(self, form):
        action = self.request.POST.get("action", "save")
        if action not in self.allowed_actions():
            raise PermissionDenied
        if action == "preview":
            return self.render_to_response(
                self.get_context_data(form=form, preview=self.preview(form))
            )
        self.object = post_write(
            post=form.instance,
            by=self.request.user,
            extra_hashtags=form.cleaned_data["hashtags"],
            action=action,
        )
        if action == "publish":
            messages.success(self.request, _("Published: everyone can read it now."))
        elif action == "submit":
            messages.success(
                self.request,
                _("Sent for review. Staff will publish it or send it back with a note."),
            )
        elif self.object.is_published:
            messages.success(self.request, _("Your changes are published."))
        else:
            messages.success(self.request, _("Draft saved. Only you and staff can see it."))
            return redirect("posts:edit", slug=self.object.slug)
        return redirect(self.object)

    def preview(self, form):
        post = form.instance
        post_set_writer(post=post, writer=self.request.user)
        rendered = render_markdown(post.body)
        return {
            "post": post,
            "body_html": rendered.html,
            "hashtags": preview_hashtags(rendered.hashtags + form.cleaned_data["hashtags"]),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["actions"] = self.allowed_actions()
        return context


class PostCreateView(PermissionRequiredMixin, PostEditorMixin, CreateView):
    permission_required = "posts.add_post"

    def get_initial(self):
        original_pk = self.request.GET.get("translation_of", "")
        if original_pk.isdigit():
            original = Post.objects.published().filter(pk=original_pk).first()
            if original is not None:
                return translation_initial(original.original)
        return super().get_initial()


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


@require_POST
@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def post_publish_view(request, slug):
    # Staff publish what writers sent; their own drafts they publish from the editor.
    post = get_object_or_404(
        Post, slug=slug, status__in=[Post.Status.SUBMITTED, Post.Status.RETURNED]
    )
    post_publish(post=post, by=request.user)
    messages.success(request, _("Published: everyone can read it now."))
    return redirect(post)


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


@require_POST
@login_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def post_unpublish_view(request, slug):
    post = get_object_or_404(Post, slug=slug)
    post_unpublish(post=post)
    messages.success(request, _("Unpublished: only its writer and staff can see it now."))
    return redirect("posts:edit", slug=post.slug)


class PostHistoryView(PermissionRequiredMixin, DetailView):
    permission_required = "posts.change_post"
    model = Post
    context_object_name = "post"
    template_name = "posts/post_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"], context["changes"] = revision_history(
            publication=self.object, page_number=self.request.GET.get("page")
        )
        return context
