from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One mail handed to the mail server, by what it was about and for whom (its key):
    a task run twice, or enqueued twice, sends it once."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail sent")
        verbose_name_plural = _("mails sent")

    def __str__(self):
        return self.key


class Digest(models.Model):
    """A member's digest of one period: planned by the period's first new item, done
    (sent, or found empty) by the first worker to take it."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE
    )
    frequency = models.CharField(_("frequency"), max_length=10)
    period_start = models.DateTimeField(_("period"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "frequency", "period_start"], name="mailing_one_digest_a_period"
            )
        ]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self):
        return f"{self.member} {self.frequency} {self.period_start:%Y-%m-%d}"
