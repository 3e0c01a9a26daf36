"""Reads for discussions: a page's thread, comment counts, recent discussion."""

import hashlib
from collections import Counter
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from discussion.commentable import commentable_models
from discussion.models import Comment, Subscription

PK_PLACEHOLDER = "2147483647"
FRAGMENT_SECONDS = 24 * 60 * 60
COMMENT_TEMPLATE = "comments/includes/comment.html"


class AddressPattern:
    """reverse() once per page, then the same address for each pk: reversing five
    addresses for each of 200 comments would cost more than the rest of the page."""

    def __init__(self, name: str | None = None, *, template: str = ""):
        self.template = template or reverse(name, args=[PK_PLACEHOLDER])

    def __call__(self, pk) -> str:
        return self.template.replace(PK_PLACEHOLDER, str(pk))


def thread(target, user, *, viewer: str) -> list[Comment]:
    """The discussion of a report or post in reading order, in one query.

    `viewer` is what the reader may do to others' comments: "visitor", "member" (reply,
    report) or "moderator" (also remove). Each comment gets `html`, its markup with the
    reader's actions, and `after`, the list tags that nest what follows, so the template
    writes the whole thread in one plain loop.

    The markup comes from the cache, keyed by a digest of everything it shows, so any
    change is a new key: rendering 200 comments through templates costs more than the
    rest of the page together.
    """
    comments = list(Comment.objects.thread_for(target, user))
    reply, edit, delete, flag, remove = (
        AddressPattern(name)
        for name in (
            "discussion:reply", "discussion:edit", "discussion:delete", "discussion:flag",
            "discussion:remove",
        )
    )  # fmt: skip
    profile = AddressPattern(template=get_user_model()(pk=PK_PLACEHOLDER).get_absolute_url())
    content_url = target.get_absolute_url()
    for index, comment in enumerate(comments):
        following = comments[index + 1].level if index + 1 < len(comments) else 0
        if following > comment.level:
            comment.after = mark_safe('<ol class="replies">')
        else:
            comment.after = mark_safe("</li>" + "</ol></li>" * (comment.level - following))
        comment.content_url = content_url
        comment.profile_url = profile(comment.user_id) if comment.user_id else ""
        comment.reply_url = reply(comment.pk)
        comment.edit_url = edit(comment.pk)
        comment.delete_url = delete(comment.pk)
        comment.flag_url = flag(comment.pk)
        comment.remove_url = remove(comment.pk)
        comment.can_change = comment.can_be_changed_by(user)
        comment.is_own = user.is_authenticated and comment.user_id == user.pk
    _attach_markup(comments, viewer)
    return comments


@lru_cache(maxsize=1)
def _template_digest() -> str:
    """Changes with the comment template, so a new release does not serve markup that the
    previous one kept in the shared cache."""
    source = get_template(COMMENT_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _fragment_key(comment, language: str, viewer: str) -> str:
    shown = (
        language, viewer, comment.pk, comment.body_html, comment.language,
        comment.author_name, comment.author_country, comment.organisation_name,
        comment.organisation_country, comment.author_is_staff, comment.author_is_partner,
        comment.submit_date, comment.edited_at, comment.is_public, comment.is_removed,
        comment.removed_by_id, comment.profile_url, comment.content_url, comment.is_own,
        comment.can_change, comment.is_own and comment.removal_reason,
    )  # fmt: skip
    return f"comment-html:{_template_digest()}:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def _attach_markup(comments, viewer: str) -> None:
    language = get_language()
    keys = [_fragment_key(comment, language, viewer) for comment in comments]
    cached = cache.get_many(keys)
    rendered = {}
    for key, comment in zip(keys, comments, strict=True):
        html = cached.get(key)
        if html is None:
            html = rendered[key] = render_to_string(
                COMMENT_TEMPLATE,
                {"comment": comment, "actions": True, "viewer": viewer},
            )
        comment.html = mark_safe(html)  # rendered, with escaping, by the template above
    if rendered:
        cache.set_many(rendered, FRAGMENT_SECONDS)


def is_following(user, target) -> bool:
    if not user.is_authenticated:
        return False
    return Subscription.objects.filter(
        user=user,
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        muted=False,
    ).exists()


def count_comments(items) -> None:
    """Set `comment_count` on each report or post (of any kinds), in one query."""
    items = list(items)
    if not items:
        return
    keys = {(ContentType.objects.get_for_model(item).pk, str(item.pk)) for item in items}
    content_types = {content_type for content_type, _ in keys}
    rows = (
        Comment.objects.published()
        .filter(content_type__in=content_types, object_pk__in={pk for _, pk in keys})
        .order_by()
        .values_list("content_type", "object_pk")
        .annotate(count=Count("pk"))
    )
    counts = Counter({(content_type, pk): count for content_type, pk, count in rows})
    for item in items:
        item.comment_count = counts[(ContentType.objects.get_for_model(item).pk, str(item.pk))]


def recent_discussion(*, limit: int) -> list[Comment]:
    """The latest published comments on published content, with what they discuss.

    Asked kind by kind: then the newest comments are found by date and each item looked up
    by key, where one query over both kinds makes PostgreSQL read every published item.
    """
    comments = []
    for model in commentable_models():
        comments += (
            Comment.objects.published()
            .on_items(model.objects.published())
            .with_authors()
            .select_related("content_type")
            .order_by("-submit_date")[:limit]
        )
    comments = sorted(comments, key=lambda comment: comment.submit_date, reverse=True)[:limit]
    prefetch_related_objects(comments, "content_object")
    return comments
