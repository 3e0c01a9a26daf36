from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mailing import sections
from page_cache import safety_net
from page_cache.members import card_field, member_choice
from page_cache.versions import card_topic
from publishing.signals import publication_published


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from following import services
        from following.models import HashtagFollow

        sections.register("publications", services.digest_publications)
        # What a member follows is on their card, for the follow buttons of kept pages.
        safety_net.topics_for("following.hashtagfollow", lambda f: [card_topic(f.member_id)])
        card_field("hashtags", lambda member: sorted(
            HashtagFollow.objects.filter(member=member).values_list("tag_id", flat=True)
        ))  # fmt: skip
        member_choice("follows-hashtag", lambda card: [str(tag) for tag in card["hashtags"]])
        publication_published.connect(
            services.new_publication, dispatch_uid="following.new_publication"
        )
