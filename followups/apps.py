from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from page_cache import safety_net


class FollowupsConfig(AppConfig):
    name = "followups"
    verbose_name = _("Follow-ups")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from followups.models import lesson_topics

        safety_net.topics_for("followups.followup", lesson_topics)
