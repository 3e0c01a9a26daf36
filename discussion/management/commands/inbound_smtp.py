"""An SMTP receiver for replies by e-mail: the site's mail server forwards mail for
reply+…@ addresses here, and each becomes a comment or a short answer saying why not."""

import asyncio
import logging
import threading

from aiosmtpd.controller import Controller
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from discussion.inbound import handle_reply

logger = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 2 * 1024 * 1024


class ReplyHandler:
    """aiosmtpd's handler: each message is handled in a worker thread, as the ORM wants."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        outcome = await asyncio.get_running_loop().run_in_executor(
            None, self._handle, envelope.mail_from, list(envelope.rcpt_tos), envelope.content
        )
        logger.info("Inbound mail from %s: %s", envelope.mail_from, outcome)
        return "250 Message accepted"

    @staticmethod
    def _handle(mail_from, recipients, data) -> str:
        close_old_connections()
        try:
            return handle_reply(mail_from=mail_from or "", recipients=recipients, data=data)
        except Exception:
            logger.exception("Inbound mail could not be handled")
            return "error"
        finally:
            close_old_connections()


def receiver(host: str, port: int) -> Controller:
    return Controller(ReplyHandler(), hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES)


class Command(BaseCommand):
    help = "Receive replies by e-mail over SMTP and post them as comments."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)

    def handle(self, *args, host, port, **options):
        controller = receiver(host, port)
        controller.start()
        self.stdout.write(f"Receiving replies by e-mail on {host}:{port}")
        stop = threading.Event()
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
