"""Mail figures for `make bench`: the time to save a comment as its discussion's followers
grow (it must not grow with them: their mail is a background task), and a worker's
throughput in mails per second against a local SMTP server (aiosmtpd).

Run by bench.py with the benchmark's database and settings in the environment;
MAIL_DIGESTS makes the digest run smaller.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.models import MailFrequency, User  # noqa: E402
from discussion.models import Subscription  # noqa: E402
from discussion.services import comment_post  # noqa: E402
from following.models import HashtagFollow  # noqa: E402
from mailing.digests import digest_planned, send_digest  # noqa: E402
from mailing.messages import Mail  # noqa: E402
from mailing.models import Digest  # noqa: E402
from mailing.tasks import deliver  # noqa: E402
from posts.models import Post  # noqa: E402

FOLLOWERS = (0, 50, 500)
DIGEST_MEMBERS = int(os.environ.get("MAIL_DIGESTS", "10000"))
SAVES = 20
WARM_UP = 5
MAILS = 500


class Counting:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.received += 1
        return "250 OK"


def comment_save(followers: int) -> tuple[float, int]:
    """Median milliseconds and queries to publish a comment on a post with this many
    followers."""
    post = Post.objects.published().order_by("pk").first()
    content_type = ContentType.objects.get_for_model(post)
    Subscription.objects.filter(content_type=content_type, object_pk=str(post.pk)).delete()
    members = list(User.objects.order_by("pk")[:followers])
    Subscription.objects.bulk_create(
        Subscription(user=member, content_type=content_type, object_pk=str(post.pk))
        for member in members
    )
    author = User.objects.filter(groups__name="Partners").order_by("pk").first()
    timings, queries = [], []
    for number in range(WARM_UP + SAVES):
        cache.clear()  # the rate limit is not what is measured
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            comment_post(target=post, author=author, text=f"Benchmark comment {number}.")
            elapsed = (time.perf_counter() - started) * 1000
        if number >= WARM_UP:
            timings.append(elapsed)
            queries.append(len(captured.captured_queries))
    return statistics.median(timings), round(statistics.median(queries))


def mails_per_second() -> float:
    """One worker process sending MAILS queued mails to a local SMTP server."""
    DBTaskResult.objects.all().delete()
    for number in range(MAILS):
        deliver.enqueue(
            Mail(
                key=f"bench:{time.time_ns()}:{number}", to=f"reader{number}@example.org",
                subject="A new comment", body="Plain text, as every notification.\n" * 8,
                list_name="discussions", unsubscribe_url="https://learning-exchange.example/",
            ).as_task_argument()
        )  # fmt: skip
    inbox = Counting()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
               "--interval", "0", "--no-reload", "--verbosity", "0"]  # fmt: skip
    try:
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    assert inbox.received == MAILS, inbox.received
    return MAILS / seconds


def digest_run_seconds() -> float:
    """DIGEST_MEMBERS members on a daily digest, each following a hashtag that a new post
    carries and that post's discussion, which has a new comment: the seconds to run all
    their digests one after the other, as one worker would (each collected, written in
    the member's language and handed to the mail queue)."""
    from django.contrib.auth.hashers import make_password
    from taggit.models import Tag

    password = make_password(None)
    languages = ("en", "fr", "es", "ar")
    members = User.objects.bulk_create(
        User(email=f"digest{n}@bench.example", name=f"Reader {n}", password=password,
             mail_frequency=MailFrequency.DAILY, preferred_language=languages[n % 4])
        for n in range(DIGEST_MEMBERS)
    )  # fmt: skip
    post = Post.objects.published().order_by("-published_at").first()
    tag = post.tags.first() or Tag.objects.first()
    HashtagFollow.objects.bulk_create(HashtagFollow(member=m, tag=tag) for m in members)
    content_type = ContentType.objects.get_for_model(post)
    Subscription.objects.bulk_create(
        Subscription(user=m, content_type=content_type, object_pk=str(post.pk)) for m in members
    )
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())
    author = User.objects.filter(groups__name="Partners").order_by("pk").first()
    cache.clear()
    comment_post(target=post, author=author, text="A comment for the digests.")
    DBTaskResult.objects.all().delete()
    for member in members:
        digest_planned(member)
    planned = list(Digest.objects.filter(member__in=members, done_at=None))
    started = time.perf_counter()
    for digest in planned:
        send_digest.call(digest.member_id, digest.frequency, digest.period_start.isoformat())
    seconds = time.perf_counter() - started
    assert Digest.objects.filter(done_at__isnull=False).count() >= DIGEST_MEMBERS
    return seconds


def main():
    saves = {followers: comment_save(followers) for followers in FOLLOWERS}
    DBTaskResult.objects.all().delete()
    rate = mails_per_second()
    digests = digest_run_seconds()
    for followers, (ms, queries) in saves.items():
        print(
            f"saving a comment with {followers} followers: {ms:.1f} ms, {queries} queries "
            f"(median of {SAVES})"
        )
    print(f"one worker against a local SMTP server: {rate:.0f} mails/s ({MAILS} mails)")
    print(f"daily digests of {DIGEST_MEMBERS:,} members, one worker: {digests:.0f} s")


if __name__ == "__main__":
    main()
