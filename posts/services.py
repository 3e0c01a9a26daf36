from django.db import transaction
from django.utils import timezone

from accounts.models import User
from learning_exchange.publishing import (
    index_for_search,
    record_revision,
    render_body,
    set_hashtags,
    unique_slug,
)
from posts.models import Post


def post_set_writer(*, post: Post, writer: User) -> None:
    """A new post is written by this person, for their organisation and country."""
    if post.author_id is None:
        post.author = writer
        post.organisation = writer.organisation
        organisation_country = writer.organisation.country if writer.organisation else ""
        post.country = writer.country or organisation_country


@transaction.atomic
def post_write(*, post: Post, by: User, extra_hashtags: list[str], action: str) -> Post:
    """Save a post from the editor.

    action is "save" (keep it where it is: a draft stays a draft, a published post stays
    published), "submit" (a partner asks staff to review it) or "publish" (staff only).
    """
    post_set_writer(post=post, writer=by)
    if post.published_at is None:
        post.slug = unique_slug(post)
    if action == "submit":
        post.status = Post.Status.SUBMITTED
        post.review_note = ""
    elif action == "publish":
        _mark_published(post, by=by)
    body_hashtags = render_body(post)
    post.save()
    hashtags = set_hashtags(publication=post, names=body_hashtags + extra_hashtags)
    index_for_search(publication=post, hashtags=hashtags)
    record_revision(publication=post, by=by)
    return post


@transaction.atomic
def post_publish(*, post: Post, by: User) -> Post:
    """Publish a post from the review queue."""
    _mark_published(post, by=by)
    post.save()
    return post


@transaction.atomic
def post_return(*, post: Post, by: User, note: str) -> Post:
    """Send a submitted post back to its writer with a note on what to change."""
    post.status = Post.Status.RETURNED
    post.review_note = note
    post.reviewed_by = by
    post.reviewed_at = timezone.now()
    post.save()
    return post


@transaction.atomic
def post_unpublish(*, post: Post) -> Post:
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post


def _mark_published(post: Post, *, by: User) -> None:
    post.status = Post.Status.PUBLISHED
    post.published_at = post.published_at or timezone.now()
    post.review_note = ""
    post.reviewed_by = by
    post.reviewed_at = timezone.now()
