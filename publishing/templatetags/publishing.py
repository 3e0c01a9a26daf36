import re
from functools import cache
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from publishing.cards import render_card
from publishing.converters import UnicodeSlugConverter
from publishing.rendering import localise_hashtag_links

register = template.Library()
SLUG = re.compile(UnicodeSlugConverter.regex)


@register.filter
def hashtag_url(slug: str) -> str:
    """A hashtag page's address in the reader's language, as {% url 'hashtags:detail' %}
    writes it, without matching the address patterns again for each of the hundred
    hashtags a page may list."""
    if not SLUG.fullmatch(slug):
        return reverse("hashtags:detail", args=[slug])
    return _hashtag_prefix(get_language(), get_script_prefix()) + quote(slug) + "/"


@cache
def _hashtag_prefix(language: str, script_prefix: str) -> str:
    return reverse("hashtags:detail", args=["x"]).removesuffix("x/")


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
