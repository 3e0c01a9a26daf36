from django.apps import AppConfig


class LearningExchangeConfig(AppConfig):
    name = "learning_exchange"
    verbose_name = "Learning Exchange"

    def ready(self):
        from learning_exchange import checks  # noqa: F401  (registers the system checks)
