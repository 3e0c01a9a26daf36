from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from discussion import commentable
from followups import lessons


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = _("Lessons-learned posts")

    def ready(self):
        commentable.register(self.get_model("Post"))
        lessons.register(self.get_model("Post"))
