"""Hashtag administration: merging and renaming keep every item's hashtags and old links."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from taggit.models import Tag, TaggedItem

from learning_exchange.content import KINDS
from learning_exchange.models import HashtagRedirect
from learning_exchange.publishing import index_for_search


def _redirect(*, old_slug: str, to: Tag) -> None:
    HashtagRedirect.objects.filter(tag__slug=old_slug).update(tag=to)
    HashtagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": to})
    HashtagRedirect.objects.filter(old_slug=to.slug).delete()


def _reindex(item_keys: set[tuple[int, int]]) -> None:
    """Refresh the search text of items whose hashtags changed."""
    for model in KINDS.values():
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
    return tag
