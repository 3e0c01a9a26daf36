"""Load and faults on loopback, bounded in time (`make soak`).

Mixed traffic: visitors browsing (wrk) while members comment (threads posting through the
real form). Afterwards no response was a 5xx and every acknowledged comment is in the
database exactly once. The outage test stops PostgreSQL for 10 seconds in the middle.
"""

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from discussion.models import Comment
from tests.factories import make_report, make_user
from tests.helpers import missing_tool
from tests.servers import Browser, app_servers, on_postgres, wait_for

pytestmark = [
    pytest.mark.soak,
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
VISITOR_CONNECTIONS = 48
MEMBERS = 16  # with the visitors, 64 connections
OUTAGE_SECONDS = 10


def wrk_or_skip():
    if shutil.which("wrk") is None:
        missing_tool("wrk is not installed (apt-get install wrk)", required_by="SOAK_TESTS")


class Members:
    """Members commenting through the real form, each as often as the rate limit allows."""

    def __init__(self, server, report, sessions):
        self.server, self.report = server, report
        self.sessions = sessions
        self.acknowledged, self.failures, self.lock = [], [], threading.Lock()
        self.stop = threading.Event()

    def run(self, number: int) -> None:
        browser = Browser(self.sessions[number])
        connection.close()  # signing in used this thread's own connection; nothing else does
        address = f"{self.server}{self.report.get_absolute_url()}"
        sent = 0
        while not self.stop.is_set():
            text = f"Soak comment {number}-{sent}"
            try:
                fields = browser.form(address, "/comments/post/")
                status, _page = browser.post(
                    f"{self.server}/comments/post/", fields | {"comment": text}
                )
            except (TypeError, OSError) as error:  # no form: the page was a 503
                status = getattr(error, "code", 503)
            with self.lock:
                if status == 302:
                    self.acknowledged.append(text)
                elif status >= 500 and status != 503:
                    self.failures.append((text, status))
            sent += 1
            # One comment every 15 seconds is the limit; browse in between.
            deadline = time.monotonic() + 15.5
            while time.monotonic() < deadline and not self.stop.is_set():
                status, _page = browser.get(address)
                if status >= 500 and status != 503:
                    with self.lock:
                        self.failures.append(("GET", status))
                time.sleep(0.5)

    def start(self) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.run, args=(n,)) for n in range(MEMBERS)]
        for thread in threads:
            thread.start()
        return threads


class Visitors:
    """Visitors reading pages one after another, noting any 5xx other than 503."""

    def __init__(self, server: str, paths: list[str]):
        self.server, self.paths = server, paths
        self.failures, self.stop = [], threading.Event()

    def run(self) -> None:
        browser = Browser()
        while not self.stop.is_set():
            for path in self.paths:
                status, page = browser.get(self.server + path)
                if status >= 500 and (status != 503 or "Traceback" in page):
                    self.failures.append((path, status))

    def start(self, count: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self.run) for _ in range(count)]
        for thread in threads:
            thread.start()
        return threads


def visitors(server: str, paths: list[str], seconds: int) -> list[subprocess.Popen]:
    each = VISITOR_CONNECTIONS // len(paths)
    return [
        subprocess.Popen(
            ["wrk", "-t1", f"-c{each}", f"-d{seconds}s", "--timeout", "20s", server + path],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]


def server_errors(wrk_output: str) -> int:
    """wrk counts answers outside 2xx and 3xx; visitors' pages answer 200 or 503."""
    found = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk_output)
    return int(found[1]) if found else 0


@pytest.fixture
def community(staff):
    """A report to discuss, and partners to discuss it (sessions in the shared database)."""
    report = make_report(author=staff, title="Listening first", body="#LocalKnowledge")
    members = [make_user(name=f"Partner {n}", groups=("Partners",)) for n in range(MEMBERS)]
    return report, members


def check_comments(members: Members) -> None:
    connection.close()  # a fresh connection, after any outage
    texts = list(
        Comment.objects.filter(comment__startswith="Soak comment").values_list(
            "comment", flat=True
        )
    )
    missing = set(members.acknowledged) - set(texts)
    duplicated = {text for text in texts if texts.count(text) > 1}
    assert not missing, f"acknowledged but missing: {sorted(missing)[:5]}"
    assert not duplicated, f"saved twice: {sorted(duplicated)[:5]}"
    assert members.failures == []


def test_a_minute_of_mixed_traffic_loses_nothing(community):
    wrk_or_skip()
    report, sessions = community
    with app_servers(count=1, workers=3, redis_url=REDIS_URL) as (server,):
        members = Members(server, report, sessions)
        paths = ["/", report.get_absolute_url(), "/tags/localknowledge/", "/search/?q=listening"]
        browsing = visitors(server, paths, SECONDS)
        threads = members.start()
        outputs = [process.communicate()[0] for process in browsing]
        members.stop.set()
        for thread in threads:
            thread.join()
    assert [server_errors(output) for output in outputs] == [0] * len(paths), outputs
    assert len(members.acknowledged) >= MEMBERS * (SECONDS // 16)
    check_comments(members)


def postgresql(action: str) -> None:
    versions = sorted(path.name for path in Path("/etc/postgresql").glob("*"))
    if shutil.which("pg_ctlcluster") is None or not versions:
        missing_tool(
            "needs a local PostgreSQL cluster managed by pg_ctlcluster", required_by="SOAK_TESTS"
        )
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action]
    if action == "stop":
        command += ["-m", "fast"]
    subprocess.run(command, check=True)


def test_a_database_outage_answers_503_and_recovers_without_restarting(community):
    wrk_or_skip()
    report, sessions = community
    with app_servers(count=1, workers=3, redis_url=REDIS_URL) as (server,):
        members = Members(server, report, sessions)
        readers = Visitors(server, ["/", report.get_absolute_url(), "/tags/localknowledge/"])
        writer = Browser(sessions[0])
        fields = writer.form(f"{server}{report.get_absolute_url()}", "/comments/post/")
        threads = members.start() + readers.start(8)
        time.sleep(8)
        postgresql("stop")
        try:
            time.sleep(2)
            visitor = Browser()
            status, page = visitor.get(f"{server}/posts/")
            assert status == 503 and "We are back in a moment" in page
            assert "Traceback" not in page
            assert visitor.get(f"{server}/healthz")[0] == 503
            status, page = writer.post(
                f"{server}/comments/post/", fields | {"comment": "Sent while the database slept."}
            )
            assert status == 503 and "Sent while the database slept." in page
            time.sleep(OUTAGE_SECONDS - 2)
        finally:
            postgresql("start")
        restarted = time.monotonic()
        for path in ["/", report.get_absolute_url(), "/posts/", "/healthz"]:
            wait_for(f"{server}{path}", seconds=max(0.5, 5 - (time.monotonic() - restarted)))
        time.sleep(5)
        members.stop.set()
        readers.stop.set()
        for thread in threads:
            thread.join()
    # During the outage readers were answered a branded 503, never another 5xx.
    assert readers.failures == []
    check_comments(members)
