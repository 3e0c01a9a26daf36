"""Reads for discussions: a page's thread, comment counts, recent discussion."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse

from learning_exchange.discussion.models import Comment, Subscription

PK_PLACEHOLDER = "2147483647"


class AddressPattern:
    """reverse() once per page, then the same address for each pk: reversing five
    addresses for each of 200 comments would cost more than the rest of the page."""

    def __init__(self, name: str):
        self.template = reverse(name, args=[PK_PLACEHOLDER])

    def __call__(self, pk) -> str:
        return self.template.replace(PK_PLACEHOLDER, str(pk))


def thread(target, user) -> list[Comment]:
    """The discussion of a report or post in reading order, in one query.

    Each comment says how the page nests it: `opens_replies` when replies follow it, and
    `closes`, how many reply lists end after it. The template then writes nested lists in a
    single loop, with no query and no template include per comment.
    """
    comments = list(Comment.objects.thread_for(target, user))
    profile, reply, edit, delete, flag, remove = (
        AddressPattern(name)
        for name in (
            "accounts:profile", "comments:reply", "comments:edit", "comments:delete",
            "comments:flag", "comments:remove",
        )
    )  # fmt: skip
    content_url = target.get_absolute_url()
    for index, comment in enumerate(comments):
        comment.content_url = content_url
        comment.profile_url = profile(comment.user_id) if comment.user_id else ""
        comment.reply_url = reply(comment.pk)
        comment.edit_url = edit(comment.pk)
        comment.delete_url = delete(comment.pk)
        comment.flag_url = flag(comment.pk)
        comment.remove_url = remove(comment.pk)
        following = comments[index + 1].level if index + 1 < len(comments) else 0
        comment.opens_replies = following > comment.level
        comment.closes = range(max(comment.level - following, 0))
        comment.can_change = comment.can_be_changed_by(user)
        comment.is_own = user.is_authenticated and comment.user_id == user.pk
    return comments


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
    """The latest published comments on published content, with what they discuss."""
    return list(
        Comment.objects.published()
        .on_published_content()
        .select_related("user", "content_type")
        .prefetch_related("content_object")
        .order_by("-submit_date")[:limit]
    )
