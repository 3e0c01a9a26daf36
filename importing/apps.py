from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    """Whole blogs brought in from their WordPress or Blogger exports, and their old
    addresses kept answering."""

    name = "importing"
    verbose_name = _("Imported blogs")
    default_auto_field = "django.db.models.BigAutoField"
