"""The mail server away for a minute under load (`make soak`): members comment through
gunicorn with production settings while visitors browse, two `db_worker` processes send
the notifications to a real SMTP server (aiosmtpd), and the SMTP server stops for a minute
in the middle. Saving a comment never waits for it; once it is back, every notification
arrives, none twice."""

import os
import subprocess
import sys
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from discussion.models import Comment, Subscription
from mailing.models import Delivery
from tests.factories import make_report, make_user
from tests.mailing.test_smtp import Inbox, SMTPServer, report_type
from tests.servers import ROOT, app_servers, on_postgres
from tests.soak.test_load_and_faults import (
    MEMBERS,
    REDIS_URL,
    Members,
    server_errors,
    visitors,
    wrk_or_skip,
)

pytestmark = [
    pytest.mark.soak,
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BEFORE, OUTAGE, AFTER = 10, 60, 15  # seconds of load around and during the outage
FOLLOWERS = 10
DRAIN_SECONDS = 240  # the longest pause after a failure within a minute's outage is 60 s


def workers(smtp_port: int, count: int) -> list[subprocess.Popen]:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_HTTPS": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "REDIS_URL": REDIS_URL,
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
    }  # fmt: skip
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload",
               "--no-startup-delay"]  # fmt: skip
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        for _ in range(count)
    ]


def queue_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')"
        )
        return cursor.fetchone()[0] == 0


def test_a_mail_server_away_for_a_minute_under_load_loses_and_doubles_nothing(staff):
    wrk_or_skip()
    report = make_report(author=staff, title="Listening first", body="#LocalKnowledge")
    writers = [make_user(name=f"Partner {n}", groups=("Partners",)) for n in range(MEMBERS)]
    followers = [make_user(name=f"Follower {n}") for n in range(FOLLOWERS)]
    for follower in followers:
        Subscription.objects.create(
            user=follower, content_type_id=report_type(report), object_pk=str(report.pk)
        )
    smtp = SMTPServer(Inbox())
    smtp.start()
    sending = workers(smtp.port, count=2)
    try:
        with app_servers(count=1, workers=3, redis_url=REDIS_URL) as (server,):
            members = Members(server, report, writers)
            paths = ["/", report.get_absolute_url(), "/tags/localknowledge/"]
            browsing = visitors(server, paths, BEFORE + OUTAGE + AFTER)
            threads = members.start()
            time.sleep(BEFORE)
            smtp.stop()
            during = len(members.acknowledged)
            time.sleep(OUTAGE)
            during = len(members.acknowledged) - during
            smtp.start()
            outputs = [process.communicate()[0] for process in browsing]
            members.stop.set()
            for thread in threads:
                thread.join()
        deadline = time.monotonic() + DRAIN_SECONDS
        while not queue_empty() and time.monotonic() < deadline:
            time.sleep(1)
    finally:
        for worker in sending:
            worker.terminate()
            worker.wait(timeout=30)
        if smtp.controller is not None:
            smtp.stop()

    assert [server_errors(output) for output in outputs] == [0] * len(paths), outputs
    assert members.failures == []
    # Comments went on being saved, without waiting, while the mail server was away.
    assert during >= MEMBERS * (OUTAGE // 16)
    assert queue_empty(), "notifications still waiting after the mail server came back"

    connection.close()
    comments = set(Comment.objects.values_list("comment", flat=True))
    assert set(members.acknowledged) <= comments
    received = smtp.inbox.messages
    # Nothing sent twice: one message per key, as the deliveries recorded them.
    message_ids = Counter(message["Message-ID"] for message in received)
    assert set(message_ids.values()) == {1}
    sent = set(Delivery.objects.filter(sent_at__isnull=False).values_list("message_id", flat=True))
    assert set(message_ids) == sent
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()
    # Nothing lost: every follower heard of every comment, once.
    for follower in followers:
        bodies = [
            m.get_payload(decode=True).decode() for m in received if m["To"] == follower.email
        ]
        heard = [text for text in members.acknowledged if any(text in body for body in bodies)]
        assert len(bodies) == len(members.acknowledged) == len(heard), follower.email
