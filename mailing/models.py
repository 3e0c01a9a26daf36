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
