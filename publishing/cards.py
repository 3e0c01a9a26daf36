"""The cards of publications in lists, kept in the shared cache for each item as it is.

A comment on one lesson replaces every list that shows it, for its new comment count, and a
publication every list; with the cards kept, those lists are rendered again around the
kept cards of the items that did not change. A list reads only the keys of its items
first: the items themselves, with what their cards show, are read only for the cards that
are not kept.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from page_cache.versions import KEPT_SECONDS, item_topic_of, item_versions


def render_card(item, heading_level: int = 2) -> str:
    """The card of a publication of any kind, as its kind's own lists show it: the kind
    names the template (`card_template`) and what it calls the item (`card_name`)."""
    return render_to_string(
        item.card_template, {item.card_name: item, "heading_level": heading_level}
    )


class Card:
    """One item's place in a list: its model, its key and its card (`card`, markup)."""

    __slots__ = ("model", "pk", "card")

    def __init__(self, model, pk, card):
        self.model, self.pk, self.card = model, pk, card

    @property
    def topic(self) -> str:
        return item_topic_of(self.model._meta.label_lower, self.pk)


def load_for_cards(model, keys) -> list:
    """The items of one kind with what their cards show, as lists read them."""
    return list(model.objects.filter(pk__in=keys).for_list())


def kept_cards(request, keys, *, load=load_for_cards, heading_level: int = 2) -> list[Card]:
    """The cards of the items with these keys, (model, pk) in the order shown: the kept
    card of each item while it and the site are as they were. load(model, pks) reads the
    items whose cards are not kept, with what the cards show (comment and follow-up
    counts), a query or a few for each kind, and those cards are rendered and kept."""
    keys = list(keys)
    if not keys:
        return []
    # The versions are read before the items: a card is never kept under a version newer
    # than what it shows.
    tokens, keepable = item_versions(
        request, [item_topic_of(model._meta.label_lower, pk) for model, pk in keys]
    )
    language = get_language()
    cache_keys = [
        f"card:{language}:{heading_level}:{model._meta.label_lower}:{pk}:{token}"
        for (model, pk), token in zip(keys, tokens, strict=True)
    ]
    found = cache.get_many(cache_keys)
    missing = {}
    for (model, pk), cache_key in zip(keys, cache_keys, strict=True):
        if cache_key not in found:
            missing.setdefault(model, []).append(pk)
    new = {}
    for model, pks in missing.items():
        items = {item.pk: item for item in load(model, pks)}
        for (kind, pk), cache_key in zip(keys, cache_keys, strict=True):
            if kind is model and pk in items:
                new[cache_key] = render_card(items[pk], heading_level)
    if new and keepable:
        cache.set_many(new, KEPT_SECONDS)
    found.update(new)
    # An item deleted since its key was read is left out. The cards are rendered, with
    # escaping, by each kind's card template.
    return [
        Card(model, pk, mark_safe(found[cache_key]))
        for (model, pk), cache_key in zip(keys, cache_keys, strict=True)
        if cache_key in found
    ]
