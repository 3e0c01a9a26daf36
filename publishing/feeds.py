"""What Atom feeds of publications share: the entries, each in its own language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from publishing.forms import CONTROL_CHARACTERS

FEED_ITEMS = 30


def _xml_text(value):
    """The value without control characters, which XML 1.0 cannot carry."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_text(part) for part in value]
    return value


class AtomFeedWithItemLanguage(Atom1Feed):
    """Atom, with each entry marked with the language it is written in.

    Editors remove control characters from what people type, but older text and names
    entered in the admin may hold some: they are left out here rather than break the feed.
    """

    def add_item(self, **fields):
        super().add_item(**{name: _xml_text(value) for name, value in fields.items()})

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class PublicationFeed(Feed):
    """Atom entries for published items of every kind, each {"kind": name, "item": item}
    as publishing.kinds.published_page lists them. Feeds say their title, link and items."""

    feed_type = AtomFeedWithItemLanguage
    author_name = "Learning Exchange"

    def item_title(self, entry):
        return entry["item"].title

    def item_description(self, entry):
        # Atom's summary is HTML; a summary is plain text, so it is escaped once here.
        return escape(entry["item"].summary)

    def item_link(self, entry):
        return entry["item"].get_absolute_url()

    def item_pubdate(self, entry):
        return entry["item"].published_at

    def item_updateddate(self, entry):
        return entry["item"].updated_at

    def item_author_name(self, entry):
        author = entry["item"].author
        return author.name if author else None

    def item_categories(self, entry):
        return [tag.name for tag in entry["item"].hashtags]

    def item_extra_kwargs(self, entry):
        return {"language": entry["item"].language}
