from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from page_cache import safety_net
from page_cache.members import card_field, member_choice
from page_cache.versions import card_topic


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Pages kept for members that offer a partner organisation's members something.
        card_field("organisation", lambda member: member.organisation_id)
        # A verified address lets a member comment: their card says so (discussion).
        safety_net.topics_for("account.emailaddress", lambda email: [card_topic(email.user_id)])
        member_choice("organisation", lambda card: [str(card["organisation"] or "")])
