from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import FEED_ITEMS, PublicationFeed
from publishing.kinds import published_page


class HashtagFeed(PublicationFeed):
    """One hashtag's published items, newest first."""

    def get_object(self, request, tag):
        return tag

    def title(self, tag):
        return _("#%(name)s on Learning Exchange") % {"name": tag.name}

    def subtitle(self, tag):
        return _("Seminar reports and lessons learned with #%(name)s.") % {"name": tag.name}

    def link(self, tag):
        return reverse("hashtags:detail", args=[tag.slug])

    def items(self, tag):
        return published_page(page_number=1, per_page=FEED_ITEMS, tag=tag).object_list
