from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowingConfig(AppConfig):
    name = "following"
    verbose_name = _("Following")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from following.services import digest_publications, new_publication
        from mailing.digests import register_section
        from publishing.signals import publication_published

        register_section("publications", digest_publications)
        publication_published.connect(new_publication, dispatch_uid="following.new_publication")
