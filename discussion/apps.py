from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mailing import sections
from page_cache import safety_net
from page_cache.members import card_field, member_choice, role_field
from page_cache.versions import RECENT_DISCUSSION, card_topic, item_topic_for


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Discussion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from discussion import services
        from discussion.models import Subscription

        sections.register("comments", services.digest_comments)
        # On a member's card, for the pages kept for members: whether they may comment,
        # where they have comments of their own that others do not see as they do (waiting
        # for a moderator, or removed: those pages are theirs), which they may still edit,
        # what discussions they follow.
        role_field("can-comment", services.can_comment)
        card_field("own-comments", services.discussions_with_own_parts)
        card_field("editable", services.comments_in_edit_window)
        card_field("following", lambda member: sorted(
            f"{ct}:{pk}" for ct, pk in Subscription.objects.filter(
                user=member, muted=False
            ).values_list("content_type_id", "object_pk")
        ))  # fmt: skip
        member_choice("own-comments", lambda card: card["own-comments"])
        member_choice("editable", services.editable_now)
        member_choice("follows-discussion", lambda card: card["following"])
        safety_net.topics_for("discussion.subscription", lambda s: [card_topic(s.user_id)])
        safety_net.topics_for("discussion.comment", lambda comment: [
            item_topic_for(comment.content_type_id, comment.object_pk),
            RECENT_DISCUSSION,
            card_topic(comment.user_id),
        ])  # fmt: skip
