"""Pages at 100,000 posts on PostgreSQL: prints the median time of each page, and of
searches, for one signed-in member (members get no page kept for visitors), through
Django's test client; then the searches again through gunicorn on loopback (one worker,
DEBUG off), as a browser would fetch them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_seed \
        .venv/bin/python benchmarks/at_scale.py

Fills the database with `manage.py seed --scale 100` unless it already holds that many
posts: use a throwaway one.
"""

import os
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request

import in_process  # noqa: F401  sets Django up, so it comes first
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils.html import escape

from accounts.models import User
from benchmarks.server import running_site
from discussion.models import Comment
from posts.models import Post

POSTS = 100_000
REQUESTS = 15
# Topic words of each language the seed writes in, alone and together.
QUERIES = [
    "water", "radio women", "pump repair", "drought seed market", "literacy",
    "pompe réparation", "sécheresse", "agua comité", "مضخة", "فيضان طريق",
]  # fmt: skip


def main():
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    if Post.objects.published().count() < POSTS:
        started = time.perf_counter()
        call_command("seed", scale=POSTS / 1000)
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    client = Client()
    member = User.objects.filter(is_staff=False, preferred_language="en").order_by("pk").first()
    client.force_login(member)
    busy = Post.objects.get(pk=Comment.objects.order_by("-pk").first().object_pk)
    tag = busy.hashtags[0]
    pages = {
        "home": "/", "lessons": "/posts/", "seminar reports": "/seminars/",
        "hashtags": "/tags/", f"#{tag.name}": f"/tags/{tag.slug}/",
        "post with 200 comments": busy.get_absolute_url(),
    }  # fmt: skip
    for name, address in pages.items():
        median, _p90, _response = timed(client, address, {})
        print(f"{name} ({address}): median {median:.0f} ms")
    moderator = Client()
    moderator.force_login(
        User.objects.get_or_create(
            email="benchmark-moderator@example.org",
            defaults={"name": "Moderator", "is_staff": True, "is_superuser": True},
        )[0]
    )
    median, _p90, _response = timed(moderator, "/moderation/", {})
    print(f"moderation queue, for staff (/moderation/): median {median:.0f} ms")
    medians = []
    for query in QUERIES:
        median, p90, response = timed(client, "/search/", {"q": query})
        count = re.search(r"(More than )?([\d,]+) results?", response.content.decode())[0]
        medians.append(median)
        print(f"/search/?q={query}: median {median:.0f} ms, p90 {p90:.0f} ms, {count}")
    print(f"search, median of the medians: {statistics.median(medians):.0f} ms")
    over_http(client.cookies["sessionid"].value, member.name)


def over_http(session: str, name: str):
    """Each search through gunicorn, one request at a time, with the member's session."""
    medians = []
    signing = {"DJANGO_SECRET_KEY": settings.SECRET_KEY}  # the session cookie's
    with running_site(os.environ["DATABASE_URL"], workers=1, **signing) as site:
        for query in QUERIES:
            timings = []
            for attempt in range(REQUESTS + 1):
                address = "/search/?" + urllib.parse.urlencode({"q": query, "attempt": attempt})
                request = urllib.request.Request(
                    site.url + address, headers={"Cookie": f"sessionid={session}"}
                )
                start = time.perf_counter()
                with urllib.request.urlopen(request, timeout=30) as response:
                    page = response.read().decode()
                timings.append((time.perf_counter() - start) * 1000)
                assert escape(name) in page, "not signed in"
            medians.append(statistics.median(timings[1:]))  # the first warms the worker up
            print(f"through gunicorn, /search/?q={query}: median {medians[-1]:.0f} ms")
    print(f"search through gunicorn, median of the medians: {statistics.median(medians):.0f} ms")


def timed(client, address, query):
    """Median and 90th percentile in ms of REQUESTS requests, after one to warm up."""
    client.get(address, query)
    timings = []
    for attempt in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(address, query | {"attempt": attempt})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, address
    return statistics.median(timings), sorted(timings)[int(REQUESTS * 0.9)], response


if __name__ == "__main__":
    main()
