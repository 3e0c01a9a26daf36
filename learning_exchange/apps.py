from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearningExchangeConfig(AppConfig):
    name = "learning_exchange"
    verbose_name = "Learning Exchange"

    def ready(self):
        from learning_exchange import checks  # noqa: F401  (registers the system checks)
        from learning_exchange.page_cache import connect_signals

        connect_signals()

        post_migrate.connect(name_the_site, sender=self)


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
