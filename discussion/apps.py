from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mailing import sections


class DiscussionConfig(AppConfig):
    name = "discussion"
    verbose_name = _("Discussion")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from discussion import services

        sections.register("comments", services.digest_comments)
