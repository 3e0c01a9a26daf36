from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class LearningExchangeConfig(AppConfig):
    """The project itself: its system checks, and the sites row kept on the configured host.

    It has no models of its own. Its migrations stay as they were applied: the full-text
    search configurations (0002), which posts and seminars depend on, and the history of
    the models that moved to publishing and hashtags."""

    name = "learning_exchange"
    verbose_name = "Learning Exchange"

    def ready(self):
        from learning_exchange import checks  # noqa: F401  (registers the system checks)

        # After the sites app's own receiver, which creates the row as example.com (this app
        # has no models, so Django sends it no post_migrate signal of its own).
        post_migrate.connect(name_the_site, sender=apps.get_app_config("sites"))


def name_the_site(using, **kwargs):
    """Keep the sites row (e-mails and the sitemap read it) on the configured host name.

    Django creates it as example.com after migrating; each `migrate` sets it from settings,
    the way Django's own create_default_site does.
    """
    from django.conf import settings
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": settings.SITE_DOMAIN, "name": "Learning Exchange"},
    )
