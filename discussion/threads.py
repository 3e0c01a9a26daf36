"""Reads for discussions: a page's thread, comment counts, recent discussion."""

import hashlib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from discussion.commentable import commentable_models
from discussion.models import Comment
from page_cache.versions import item_topic, versions_token
from publishing.cards import load_for_cards

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


@dataclass
class Shown:
    """A comment as a thread shows it: its place, and its markup for this reader."""

    pk: int
    thread_id: int
    order: int
    level: int
    html: str
    after: str = ""


def thread(target, user, *, viewer: str) -> list[Shown]:
    """The discussion of a report or post in reading order.

    `viewer` is what the reader may do to others' comments: "visitor", "member" (reply,
    report) or "moderator" (also remove). Each comment has `html`, its markup with the
    reader's actions, and `after`, the list tags that nest what follows, so the template
    writes the whole thread in one plain loop.

    What every reader of a kind sees alike is kept, one list per item version, kind of
    reader and language: a signed-in member's page adds only their own comments (with
    their controls, and those waiting for a moderator) to it, in one small query.
    """
    shown = _shared(target, viewer)
    if user.is_authenticated:
        own = [_shown(comment) for comment in _prepared(_own(target, user), target, user, viewer)]
        if own:
            mine = {comment.pk: comment for comment in own}
            shown = [mine.pop(comment.pk, comment) for comment in shown]
            shown = sorted([*shown, *mine.values()], key=lambda c: (c.thread_id, c.order))
    for index, comment in enumerate(shown):
        following = shown[index + 1].level if index + 1 < len(shown) else 0
        if following > comment.level:
            comment.after = mark_safe('<ol class="replies">')
        else:
            comment.after = mark_safe("</li>" + "</ol></li>" * (comment.level - following))
    return shown


def _shared(target, viewer: str) -> list[Shown]:
    """The thread as any reader of this kind who wrote none of it sees it: kept until the
    item's discussion, or the site, changes."""
    key = (
        f"thread:{_template_digest()}:{item_topic(target)}:{viewer}:{get_language()}:"
        f"{versions_token(item_topic(target))}"
    )
    shown = cache.get(key)
    if shown is None:
        comments = Comment.objects.thread_for(target, AnonymousUser())
        shown = [_shown(comment) for comment in _prepared(comments, target, None, viewer)]
        cache.set(key, shown, FRAGMENT_SECONDS)
    return shown


def _own(target, user):
    """The member's own comments in the discussion: published, removed, or waiting."""
    return Comment.objects.thread_for(target, user).filter(user=user)


def _shown(comment: Comment) -> Shown:
    return Shown(comment.pk, comment.thread_id, comment.order, comment.level, comment.html)


def _prepared(comments, target, user, viewer: str) -> list[Comment]:
    """The comments with the addresses and permissions their markup shows, and the markup."""
    comments = list(comments)
    reply, edit, delete, flag, remove = (
        AddressPattern(name)
        for name in (
            "discussion:reply", "discussion:edit", "discussion:delete", "discussion:flag",
            "discussion:remove",
        )
    )  # fmt: skip
    profile = AddressPattern(template=get_user_model()(pk=PK_PLACEHOLDER).get_absolute_url())
    content_url = target.get_absolute_url()
    for comment in comments:
        comment.content_url = content_url
        comment.profile_url = profile(comment.user_id) if comment.user_id else ""
        comment.reply_url = reply(comment.pk)
        comment.edit_url = edit(comment.pk)
        comment.delete_url = delete(comment.pk)
        comment.flag_url = flag(comment.pk)
        comment.remove_url = remove(comment.pk)
        comment.is_own = user is not None and comment.user_id == user.pk
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
        comment.is_own and comment.removal_reason,
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


def load_with_comment_counts(model, keys) -> list:
    """The items of one kind whose cards are rendered (publishing.cards), with their
    comment counts."""
    items = load_for_cards(model, keys)
    count_comments(items)
    return items


def recent_discussion(*, limit: int) -> list[Comment]:
    """The latest published comments on published content, with what they discuss.

    Found kind by kind: then the newest comments are found by date and each item looked up
    by key, where one query over both kinds makes PostgreSQL read every published item.
    Then read with their authors by key: planning that query with the search above took
    PostgreSQL longer than running both.
    """
    latest = []
    for model in commentable_models():
        latest += (
            Comment.objects.published()
            .on_items(model.objects.published())
            .order_by("-submit_date")
            .values_list("submit_date", "pk")[:limit]
        )
    keys = [pk for _date, pk in sorted(latest, reverse=True)[:limit]]
    comments = (
        Comment.objects.filter(pk__in=keys)
        .with_authors()
        .select_related("content_type")
        .order_by("-submit_date", "-pk")
    )
    prefetch_related_objects(comments := list(comments), "content_object")
    return comments
