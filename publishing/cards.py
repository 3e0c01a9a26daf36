"""The cards of publications in lists, kept in the shared cache for each item as it is.

A comment on one lesson replaces every list that shows it, for its new comment count, and a
publication every list; with the cards kept, those lists are rendered again around the
kept cards of the items that did not change.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from page_cache.versions import KEPT_SECONDS, item_versions


def render_card(item, heading_level: int = 2) -> str:
    """The card of a publication of any kind, as its kind's own lists show it: the kind
    names the template (`card_template`) and what it calls the item (`card_name`)."""
    return render_to_string(
        item.card_template, {item.card_name: item, "heading_level": heading_level}
    )


def keep_cards(request, items, *, heading_level: int = 2) -> None:
    """Give each item its card, as `item.card`: the kept one while the item and the site
    are as they were, or a new one. Call it once the items carry what
    their cards show (comment and follow-up counts)."""
    items = list(items)
    if not items:
        return
    tokens, keepable = item_versions(request, items)
    language = get_language()
    keys = [
        f"card:{language}:{heading_level}:{item._meta.label_lower}:{item.pk}:{token}"
        for item, token in zip(items, tokens, strict=True)
    ]
    found = cache.get_many(keys)
    new = {}
    for item, key in zip(items, keys, strict=True):
        html = found.get(key)
        if html is None:
            html = new[key] = render_card(item, heading_level)
        item.card = mark_safe(html)  # rendered, with escaping, by the kind's card template
    if new and keepable:
        cache.set_many(new, KEPT_SECONDS)
