from django.db import transaction
from django.utils import timezone

from accounts.models import User, country_of, voice_of
from followups.services import follow_up_reminder_planned
from hashtags.services import hashtags_set
from page_cache.versions import publication_changed
from posts.models import Post
from publishing.models import EditorAction
from publishing.services import (
    publication_announce,
    publication_mark_published,
    publication_prepare,
    publication_saved,
    publication_unpublish,
    render_body,
)


def post_set_writer(*, post: Post, writer: User) -> None:
    """A new post is written by this person, for their organisation and country."""
    if post.author_id is None:
        post.author = writer
        post.organisation = writer.organisation
        post.country = country_of(writer)
        post.voice = voice_of(writer)


@transaction.atomic
def post_write(*, post: Post, by: User, extra_hashtags: list[str], action: EditorAction) -> Post:
    """Save a post from the editor.

    SAVE keeps it where it is (a draft stays a draft, a published post stays published),
    SUBMIT asks staff to review it (partners), PUBLISH makes it public (staff only).
    """
    post_set_writer(post=post, writer=by)
    publication_prepare(publication=post, by=by)
    if action == EditorAction.SUBMIT:
        post.status = Post.Status.SUBMITTED
        post.review_note = ""
    elif action == EditorAction.PUBLISH:
        _mark_published(post, by=by)
    body_hashtags = render_body(post)
    post.save()
    if action == EditorAction.PUBLISH:
        _plan_reminder(post)
    hashtags = hashtags_set(publication=post, names=body_hashtags + extra_hashtags)
    publication_saved(publication=post, by=by, hashtags=hashtags)
    return post


@transaction.atomic
def post_publish(*, post: Post, by: User) -> Post:
    """Publish a post from the review queue."""
    _mark_published(post, by=by)
    post.save()
    _plan_reminder(post)
    publication_announce(publication=post)
    publication_changed(post)
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
    return publication_unpublish(publication=post)


def _mark_published(post: Post, *, by: User) -> None:
    publication_mark_published(publication=post)
    post.review_note = ""
    post.reviewed_by = by
    post.reviewed_at = timezone.now()


def _plan_reminder(post: Post) -> None:
    """Published: its writer hears six months after it was first published if nobody has
    followed it up by then (once, however often it is published again)."""
    follow_up_reminder_planned(lesson=post)
