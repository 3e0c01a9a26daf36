from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from discussion import commentable


class SeminarsConfig(AppConfig):
    name = "seminars"
    verbose_name = _("Seminar reports")

    def ready(self):
        commentable.register(self.get_model("SeminarReport"))
