from django.urls import reverse
from django.utils.translation import gettext as _

from publishing.feeds import FEED_ITEMS, PublicationFeed
from publishing.kinds import published_page


class LatestFeed(PublicationFeed):
    """Everything published, newest first."""

    def title(self):
        return _("Learning Exchange: seminar reports and lessons learned")

    def subtitle(self):
        return _("What a humanitarian organisation and its local partners learn, in public.")

    def link(self):
        return reverse("pages:home")

    def items(self):
        return published_page(page_number=1, per_page=FEED_ITEMS).object_list
