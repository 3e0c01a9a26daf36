"""Mail through a real SMTP server (aiosmtpd) on loopback: stopped and started again under
a busy discussion, with nothing lost and nothing sent twice; two worker processes on one
queue."""

import email
import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from discussion.models import Subscription
from discussion.services import comment_post
from mailing.messages import Mail
from mailing.models import Delivery
from mailing.tasks import deliver
from tests.factories import make_report, make_user
from tests.helpers import run_tasks
from tests.mailing.test_mail import make_due
from tests.servers import ROOT, free_port, on_postgres


class Inbox:
    """What the SMTP server received, as parsed messages."""

    def __init__(self, pause: float = 0):
        self.messages = []
        self.pause = pause

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.pause:
            time.sleep(self.pause)  # a server that takes its time, so workers overlap
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


class SMTPServer:
    def __init__(self, inbox: Inbox):
        self.port = free_port()
        self.inbox = inbox
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()
        self.controller = None


@pytest.fixture
def smtp(settings):
    server = SMTPServer(Inbox())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    yield server
    if server.controller is not None:
        server.stop()


@pytest.mark.django_db
def test_a_mail_server_stopped_and_started_again_loses_and_doubles_nothing(smtp, staff):
    report = make_report(author=staff)
    followers = [make_user() for _ in range(12)]
    for follower in followers:
        Subscription.objects.create(
            user=follower, content_type_id=report_type(report), object_pk=str(report.pk)
        )
    writers = [make_user(groups=("Partners",)) for _ in range(6)]

    smtp.start()
    for writer in writers[:2]:
        comment_post(target=report, author=writer, text=f"Before the outage, by {writer.name}.")
    run_tasks()
    smtp.stop()  # the mail server goes away
    for writer in writers[2:]:
        comment_post(target=report, author=writer, text=f"During the outage, by {writer.name}.")
    run_tasks()
    waiting = DBTaskResult.objects.filter(status="READY", task_path="mailing.tasks.deliver")
    assert waiting.count() > 0
    smtp.start()  # and comes back
    for _ in range(3):
        make_due()
        run_tasks()

    received = Counter((m["To"], m["Subject"], body_line(m)) for m in smtp.inbox.messages)
    # Each comment reaches the report's writer, every follower and the other writers who
    # follow nothing: 1 + 12 people a comment.
    assert len(received) == 6 * 13
    assert set(received.values()) == {1}
    message_ids = [m["Message-ID"] for m in smtp.inbox.messages]
    assert len(set(message_ids)) == len(message_ids)
    assert Delivery.objects.filter(sent_at__isnull=False).count() == 6 * 13
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    for message in smtp.inbox.messages:
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_content_type() == "text/plain"


def report_type(report) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(report).pk


def body_line(message) -> str:
    """The line of the body that quotes the comment."""
    body = message.get_payload(decode=True).decode()
    return next(line for line in body.splitlines() if "outage, by" in line)


@on_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_on_one_queue_send_each_mail_once():
    inbox = Inbox(pause=0.02)
    server = SMTPServer(inbox)
    server.start()
    try:
        for number in range(80):
            deliver.enqueue(
                Mail(
                    key=f"two-workers:{number}", to=f"person{number}@example.org",
                    subject=f"Mail {number}", body="Plain.", list_name="discussions",
                    unsubscribe_url="https://learning-exchange.example/",
                ).as_task_argument()
            )  # fmt: skip
        database = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}",
            "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_HTTPS": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port), "EMAIL_USE_TLS": "false",
        }  # fmt: skip
        command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
                   "--interval", "0", "--no-reload"]  # fmt: skip
        workers = [subprocess.Popen(command, cwd=ROOT, env=env) for _ in range(2)]
        for worker in workers:
            assert worker.wait(timeout=120) == 0
    finally:
        server.stop()
    assert sorted(m["Subject"] for m in inbox.messages) == sorted(f"Mail {n}" for n in range(80))
    results = list(DBTaskResult.objects.all())
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert {len(result.worker_ids) for result in results} == {1}
    assert len({result.worker_ids[0] for result in results}) == 2  # both took their share
