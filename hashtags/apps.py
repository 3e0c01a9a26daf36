from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from page_cache import safety_net
from page_cache.versions import hashtag_topic, item_topic_for, kind_topic_for


class HashtagsConfig(AppConfig):
    name = "hashtags"
    verbose_name = _("Hashtags")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # A hashtag put on or taken off an item outside the services.
        safety_net.topics_for("taggit.taggeditem", lambda tagged: [
            item_topic_for(tagged.content_type_id, tagged.object_id),
            hashtag_topic(tagged.tag_id),
            kind_topic_for(tagged.content_type_id),
        ])  # fmt: skip
