from django import template
from django.utils.safestring import mark_safe

from publishing.cards import render_card
from publishing.rendering import hashtag_address, localise_hashtag_links

register = template.Library()
register.filter("hashtag_url", hashtag_address)


@register.filter
def rendered_markdown(html: str):
    """Show HTML made by render_markdown (already sanitised), linked in the reader's language."""
    return localise_hashtag_links(html)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The full address of a path on this site, for canonical links and Open Graph."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def publication_card(context, item):
    """The item's card: kept by publishing.cards.keep_cards, or rendered now."""
    kept = getattr(item, "card", None)
    if kept is not None:
        return kept
    return mark_safe(render_card(item, context.get("heading_level") or 2))
