"""Reads of hashtags: how much each is used, what goes with it, where an old address leads."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from taggit.models import Tag, TaggedItem

from hashtags.models import HashtagRedirect
from page_cache.versions import (
    hashtag_topic,
    kept_each_while_unchanged,
    kept_while_publications_unchanged,
    kept_while_unchanged,
)
from publishing.kinds import publication_kinds

# Related hashtags are counted on this many of a hashtag's newest items of each kind.
RELATED_FROM = 500


def _published_tagged_items(model):
    """The hashtags' rows of one kind's published items, each row's item looked up by key:
    joining through taggit's relation compares keys as a cast, and reads every item."""
    published = model.objects.published().filter(pk=OuterRef("object_id"))
    return TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model)).filter(
        Exists(published)
    )


@dataclass(frozen=True)
class HashtagUse:
    name: str
    slug: str
    uses: int


def hashtag_uses() -> list[HashtagUse]:
    """Every hashtag of published content with how many items carry it, most used first.

    Counting them all takes 130 ms at 100,000 items, so the list is kept in the cache
    until a publication or a hashtag changes (comments leave it alone), as plain rows: a
    class kept in a shared cache would tie its entries to this module's path across
    releases. Each hashtag's count is kept too, until its own topic changes: after a
    publication only its hashtags are counted again.
    """

    def count():
        tags = list(Tag.objects.order_by("name").values_list("pk", "name", "slug"))
        uses = kept_each_while_unchanged(
            "hashtag-use", {pk: hashtag_topic(pk) for pk, _name, _slug in tags}, _count_uses
        )
        # Most used first; hashtags used as often stay in the database's order of names.
        return sorted(
            ((name, slug, uses[pk]) for pk, name, slug in tags if uses[pk]), key=lambda r: -r[2]
        )

    rows = kept_while_publications_unchanged("hashtag-uses", count)
    return [HashtagUse(*row) for row in rows]


def _count_uses(tag_ids) -> dict[int, int]:
    """How many published items of any kind carry each of these hashtags."""
    uses = Counter(dict.fromkeys(tag_ids, 0))
    for model in publication_kinds().values():
        rows = _published_tagged_items(model).filter(tag_id__in=tag_ids)
        uses.update(dict(rows.values_list("tag_id").annotate(Count("pk"))))
    return dict(uses)


def hashtags_in_use():
    """Hashtags that published content carries."""
    used = Q()
    for model in publication_kinds().values():
        used |= Exists(_published_tagged_items(model).filter(tag=OuterRef("pk")))
    return Tag.objects.filter(used)


def hashtags_used_with(tag, *, limit: int) -> list[HashtagUse]:
    """The hashtags most often found on the same published items as this one, among its
    newest RELATED_FROM items of each kind (kept in the cache until they change): what it
    goes with lately. Counting them on every item of a hashtag on 40,000 takes 200 ms."""

    def related():
        uses = Counter()
        for model in publication_kinds().values():
            newest = (
                model.objects.published()
                .tagged(tag)
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)[:RELATED_FROM]
            )
            uses.update(
                dict(
                    TaggedItem.objects.filter(
                        content_type=ContentType.objects.get_for_model(model),
                        object_id__in=list(newest),
                    )
                    .exclude(tag=tag)
                    .values_list("tag_id")
                    .annotate(uses=Count("pk"))
                )
            )
        tags = Tag.objects.filter(pk__in=uses).order_by("name").values_list("pk", "name", "slug")
        # Most used first; hashtags used as often stay in the database's order of names.
        ranked = sorted(tags, key=lambda tag: -uses[tag[0]])[:limit]
        return [(name, slug, uses[pk]) for pk, name, slug in ranked]

    rows = kept_while_unchanged(
        f"hashtags-used-with:{tag.pk}:{limit}", related, hashtag_topic(tag.pk)
    )
    return [HashtagUse(*row) for row in rows]


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


def hashtag_choices(publications) -> list[tuple[str, str]]:
    """(slug, '#Name') of the hashtags used by these publications, by name: a filter's
    choices. Each hashtag is asked whether one of its items is among them, which finds
    the first soon; listing the hashtags of every item read them all (170 ms at 100,000)."""
    items = TaggedItem.objects.filter(
        tag=OuterRef("pk"),
        content_type=ContentType.objects.get_for_model(publications.model),
    )
    used = items.filter(Exists(publications.filter(pk=OuterRef("object_id"))))
    tags = Tag.objects.filter(Exists(used))
    return [(tag.slug, f"#{tag.name}") for tag in tags.order_by("name")]
