from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_is_sent(app_configs, **kwargs):
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return [
            Warning(
                "E-mail is printed to the console, so sign-up and password reset mails "
                "never reach anyone.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="learning_exchange.W001",
            )
        ]
    return []
