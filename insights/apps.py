from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from insights import tallies

        tallies.connect()
        post_migrate.connect(tallies.count_after_migrating, sender=self)
