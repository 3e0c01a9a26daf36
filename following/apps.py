from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from mailing import sections
from publishing.signals import publication_published


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from following import services

        sections.register("publications", services.digest_publications)
        publication_published.connect(
            services.new_publication, dispatch_uid="following.new_publication"
        )
