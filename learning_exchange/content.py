"""Reads across both kinds of content: seminar reports and posts, newest first, in one list."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Count, Q, Value
from django.http import Http404
from taggit.models import Tag, TaggedItem

from learning_exchange.discussion.threads import count_comments
from learning_exchange.models import HashtagRedirect
from learning_exchange.page_cache import kept_while_publications_unchanged
from posts.models import Post
from seminars.models import SeminarReport

KINDS = {"report": SeminarReport, "post": Post}


class CombinedList:
    """Rows of a UNION of several kinds, with their total counted kind by kind.

    Counting a UNION makes the database build it whole; counting each kind on its own uses
    its indexes.
    """

    def __init__(self, union, parts):
        self.union = union
        self.parts = parts

    def count(self) -> int:
        return sum(part.count() for part in self.parts)

    def __getitem__(self, index):
        return self.union[index]


def published_page(*, page_number, per_page: int, tag=None) -> Page:
    """One page of published reports and posts together, newest first.

    The page is chosen over both tables in one query; its items are then fetched kind by
    kind, so the page costs the same few queries however much is published.
    """
    keys = []
    for kind, model in KINDS.items():
        published = model.objects.published()
        if tag is not None:
            published = published.filter(tags=tag)
        keys.append(
            published.order_by()
            .annotate(kind=Value(kind, output_field=CharField()))
            .values("pk", "published_at", "kind")
        )
    combined = keys[0].union(*keys[1:], all=True).order_by("-published_at", "kind", "-pk")
    page = Paginator(CombinedList(combined, keys), per_page).get_page(page_number)
    objects = {}
    for kind, model in KINDS.items():
        wanted = [row["pk"] for row in page.object_list if row["kind"] == kind]
        if wanted:
            objects.update(
                ((kind, item.pk), item) for item in model.objects.filter(pk__in=wanted).for_list()
            )
    count_comments(objects.values())
    page.object_list = [
        {"kind": row["kind"], "item": objects[(row["kind"], row["pk"])]}
        for row in page.object_list
    ]
    return page


def member_contributions(member, *, shown: int, include_unpublished: bool) -> dict:
    """What a member has published, and (for their own eyes) their lessons in progress."""
    contributions = {
        "posts": Post.objects.published().filter(author=member).for_list()[:shown],
        "reports": SeminarReport.objects.published().filter(author=member).for_list()[:shown],
    }
    if include_unpublished:
        contributions["posts_in_progress"] = (
            Post.objects.filter(author=member)
            .exclude(status=Post.Status.PUBLISHED)
            .order_by("-updated_at")[:shown]
        )
    return contributions


def _published_items_filter(prefix: str = "", items_with=None) -> Q:
    """Tagged items that are published (and, with items_with, carry that hashtag too)."""
    condition = Q()
    for model in KINDS.values():
        published = model.objects.published()
        if items_with is not None:
            published = published.filter(tags=items_with)
        condition |= Q(
            **{
                f"{prefix}content_type": ContentType.objects.get_for_model(model),
                f"{prefix}object_id__in": published.values("pk"),
            }
        )
    return condition


@dataclass(frozen=True)
class HashtagUse:
    name: str
    slug: str
    uses: int


def hashtag_uses() -> list[HashtagUse]:
    """Every hashtag of published content with how many items carry it, most used first.

    Counting them takes seconds at 100,000 items, so the list is kept in the cache until
    a publication or a hashtag changes (comments leave it alone).
    """
    return kept_while_publications_unchanged(
        "hashtags:uses",
        lambda: [
            HashtagUse(tag.name, tag.slug, tag.uses)
            for tag in hashtags_in_use().order_by("-uses", "name")
        ],
    )


def hashtags_in_use():
    """Hashtags of published content, each with `uses`: how many items carry it."""
    return Tag.objects.annotate(
        uses=Count(
            "taggit_taggeditem_items",
            filter=_published_items_filter("taggit_taggeditem_items__"),
        )
    ).filter(uses__gt=0)


def hashtags_used_with(tag, *, limit: int) -> list[HashtagUse]:
    """The hashtags most often found on the same published items as this one (kept in the
    cache, like hashtag_uses)."""

    def related():
        items = TaggedItem.objects.filter(_published_items_filter(items_with=tag))
        return [
            HashtagUse(other.name, other.slug, other.uses)
            for other in Tag.objects.filter(taggit_taggeditem_items__in=items)
            .exclude(pk=tag.pk)
            .annotate(uses=Count("taggit_taggeditem_items"))
            .order_by("-uses", "name")[:limit]
        ]

    return kept_while_publications_unchanged(f"hashtags:with:{tag.pk}:{limit}", related)


def find_hashtag(slug: str) -> tuple[Tag | None, str | None]:
    """The hashtag at this address, or else the address it now lives at; 404 if neither."""
    if slug != slug.lower():
        return None, slug.lower()
    tag = Tag.objects.filter(slug=slug).first()
    if tag is not None:
        return tag, None
    moved = HashtagRedirect.objects.select_related("tag").filter(old_slug=slug).first()
    if moved is None:
        raise Http404("No such hashtag.")
    return None, moved.tag.slug
