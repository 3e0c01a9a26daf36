from django import template

from publishing.rendering import localise_hashtag_links

register = template.Library()


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
    """The card of a publication of any kind, as its kind's own lists show it: the kind
    names the template (`card_template`) and what it calls the item (`card_name`)."""
    card = context.template.engine.get_template(item.card_template)
    with context.push(**{item.card_name: item}):
        return card.render(context)
