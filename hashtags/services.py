"""Writes to hashtags: a publication's hashtags set from what its writer typed, and merging
and renaming, which keep every item's hashtags and old links."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from taggit.models import Tag, TaggedItem

from hashtags.models import HashtagRedirect
from page_cache.versions import hashtag_topic, pages_changed, topics_changed
from publishing.kinds import publication_kinds
from publishing.models import Publication
from publishing.rendering import hashtag_slug, unique_hashtags
from publishing.services import index_for_search
from publishing.signals import hashtags_changed


def hashtags_set(*, publication: Publication, names: list[str]) -> list[str]:
    """Give the publication exactly these hashtags, in a fixed number of queries.

    A hashtag is found by its address, so #Éducation and #éducation are one tag on every
    database; a new one keeps the spelling it was first written in.
    """
    wanted = {hashtag_slug(name): name for name in unique_hashtags(names)}
    tags = {
        tag.slug: tag
        for tag in Tag.objects.filter(Q(slug__in=wanted) | Q(name__in=wanted.values()))
    }
    for tag in list(tags.values()):
        tags.setdefault(hashtag_slug(tag.name), tag)
    # A hashtag merged into another or renamed stays so when it is typed again.
    for moved in HashtagRedirect.objects.filter(old_slug__in=wanted).select_related("tag"):
        tags[moved.old_slug] = moved.tag
    missing = [Tag(name=name, slug=slug) for slug, name in wanted.items() if slug not in tags]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        tags.update(
            (tag.slug, tag) for tag in Tag.objects.filter(slug__in=[t.slug for t in missing])
        )
    tag_ids = {tags[slug].pk for slug in wanted}
    content_type = ContentType.objects.get_for_model(publication)
    items = TaggedItem.objects.filter(content_type=content_type, object_id=publication.pk)
    taken_off = items.exclude(tag_id__in=tag_ids)
    changed = set(taken_off.values_list("tag_id", flat=True))
    taken_off.delete()
    present = set(items.values_list("tag_id", flat=True))
    # Their pages change; publication_changed() replaces those of the hashtags it carries.
    topics_changed(*map(hashtag_topic, changed | (tag_ids - present)))
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=publication.pk, tag_id=tag_id)
        for tag_id in tag_ids - present
    )
    hashtags_changed.send(sender=type(publication), publication=publication)
    return list(dict.fromkeys(tags[slug].name for slug in wanted))


def _redirect(*, old_slug: str, to: Tag) -> None:
    HashtagRedirect.objects.filter(tag__slug=old_slug).update(tag=to)
    HashtagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": to})
    HashtagRedirect.objects.filter(old_slug=to.slug).delete()


def _reindex(item_keys: set[tuple[int, int]]) -> None:
    """Refresh the search text of items whose hashtags changed."""
    for model in publication_kinds().values():
        content_type = ContentType.objects.get_for_model(model)
        ids = [object_id for type_id, object_id in item_keys if type_id == content_type.pk]
        for item in model.objects.filter(pk__in=ids).prefetch_related("tags"):
            index_for_search(publication=item, hashtags=[tag.name for tag in item.tags.all()])


@transaction.atomic
def hashtag_merge(*, sources: list[Tag], into: Tag) -> Tag:
    """Give every item of the source hashtags the target instead, then remove the sources.

    Their addresses lead to the target from then on.
    """
    changed = set()
    for source in sources:
        if source.pk == into.pk:
            continue
        already = set(
            TaggedItem.objects.filter(tag=into).values_list("content_type_id", "object_id")
        )
        moving, duplicate = [], []
        for item in TaggedItem.objects.filter(tag=source):
            key = (item.content_type_id, item.object_id)
            (duplicate if key in already else moving).append(item.pk)
            changed.add(key)
        TaggedItem.objects.filter(pk__in=moving).update(tag=into)
        TaggedItem.objects.filter(pk__in=duplicate).delete()
        _redirect(old_slug=source.slug, to=into)
        source.delete()
    _reindex(changed)
    hashtags_changed.send(sender=Tag, everything=True)
    pages_changed(publications=True)
    return into


@transaction.atomic
def hashtag_rename(*, tag: Tag, name: str, slug: str) -> Tag:
    """Give a hashtag a new name and address; its old address leads to the new one."""
    old_slug = Tag.objects.get(pk=tag.pk).slug
    tag.name, tag.slug = name, slug
    tag.save()
    if old_slug != slug:
        _redirect(old_slug=old_slug, to=tag)
    _reindex(set(TaggedItem.objects.filter(tag=tag).values_list("content_type_id", "object_id")))
    pages_changed(publications=True)
    return tag
