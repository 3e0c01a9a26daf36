"""Mail handed to the mail server by a background worker, never by a request: retried with
growing pauses while the server is away, sent once per key however often it is asked for,
and kept, failed, in the admin when it never goes through."""

import logging
import smtplib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from mailing.messages import Mail, to_email
from mailing.models import Delivery

logger = logging.getLogger(__name__)

# Pauses before each new attempt: short at first, so a mail server away for a minute costs
# at most another minute; about a day and a half in all, then the task fails.
BACKOFF = [
    timedelta(seconds=seconds)
    for seconds in (5, 15, 30, 60, 120, 300, 900, 3600, 3 * 3600, 6 * 3600, 24 * 3600)
]
TRANSIENT = (OSError, smtplib.SMTPException)


@task()
def deliver(mail: dict, attempt: int = 1) -> str:
    """Send one mail unless its key was sent already; while the mail server fails, try
    again after each pause of BACKOFF, then fail for good (kept in the admin)."""
    message = Mail(**mail)
    try:
        # The row stays locked while the mail server answers: another worker given the
        # same key waits, then finds it sent.
        with transaction.atomic():
            delivery, _created = Delivery.objects.select_for_update().get_or_create(
                key=message.key
            )
            if delivery.sent_at is not None:
                return "already sent"
            email = to_email(message)
            email.send()
            delivery.message_id = email.extra_headers["Message-ID"]
            delivery.sent_at = timezone.now()
            delivery.save()
    except TRANSIENT:
        if attempt > len(BACKOFF):
            raise
        pause = BACKOFF[attempt - 1]
        deliver.using(run_after=timezone.now() + pause).enqueue(mail, attempt + 1)
        logger.warning("Mail %s not sent (attempt %d), again in %s", message.key, attempt, pause)
        return f"attempt {attempt} failed; next in {pause}"
    return "sent"
