"""Pages at 100,000 posts on PostgreSQL: prints the median time of each page, and of
searches, for one signed-in member, through Django's test client; then the searches again
through gunicorn on loopback (one worker, DEBUG off), as a browser would fetch them.

Each request carries a parameter the page ignores, so each is a new address and is
rendered. Searches are timed a second way too: the same address again, as a member gets it
once a page is kept for members of their role (the second search of the same words, by
anyone with the same permissions).

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
    medians, kept_medians = [], []
    for query in QUERIES:
        median, p90, response = timed(client, "/search/", {"q": query})
        count = re.search(r"(More than )?([\d,]+) results?", response.content.decode())[0]
        kept, _p90, _response = timed(client, "/search/", {"q": query}, again=True)
        medians.append(median)
        kept_medians.append(kept)
        print(
            f"/search/?q={query}: median {median:.0f} ms, p90 {p90:.0f} ms, {count}; "
            f"the same address again: median {kept:.1f} ms"
        )
    print(
        f"search, median of the medians: {statistics.median(medians):.0f} ms rendered, "
        f"{statistics.median(kept_medians):.1f} ms kept"
    )
    # A browser's cookies: the session, and the CSRF cookie its first page gave it.
    cookies = "; ".join(f"{key}={client.cookies[key].value}" for key in ("sessionid", "csrftoken"))
    over_http(cookies, member.name)


def over_http(cookies: str, name: str):
    """Each search through gunicorn, one request at a time, with the member's cookies: at
    a new address each time, then at the same one again."""
    medians = {False: [], True: []}
    signing = {"DJANGO_SECRET_KEY": settings.SECRET_KEY}  # the session cookie's
    with running_site(os.environ["DATABASE_URL"], workers=1, **signing) as site:
        for query in QUERIES:
            for again in (False, True):
                timings = []
                for attempt in range(REQUESTS + 1):
                    asked = {"q": query} if again else {"q": query, "attempt": attempt}
                    request = urllib.request.Request(
                        f"{site.url}/search/?{urllib.parse.urlencode(asked)}",
                        headers={"Cookie": cookies},
                    )
                    start = time.perf_counter()
                    with urllib.request.urlopen(request, timeout=30) as response:
                        page = response.read().decode()
                    timings.append((time.perf_counter() - start) * 1000)
                    assert escape(name) in page, "not signed in"
                # The first warms the worker up (and, again, keeps the page).
                medians[again].append(statistics.median(timings[1:]))
            print(
                f"through gunicorn, /search/?q={query}: median {medians[False][-1]:.0f} ms, "
                f"the same address again {medians[True][-1]:.1f} ms"
            )
    print(
        "search through gunicorn, median of the medians: "
        f"{statistics.median(medians[False]):.0f} ms rendered, "
        f"{statistics.median(medians[True]):.1f} ms kept"
    )


def timed(client, address, query, *, again=False):
    """Median and 90th percentile in ms of REQUESTS requests, after one to warm up: each
    at a new address, or with again, all at the same one."""
    client.get(address, query)
    timings = []
    for attempt in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(address, query if again else query | {"attempt": attempt})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, address
    return statistics.median(timings), sorted(timings)[int(REQUESTS * 0.9)], response


if __name__ == "__main__":
    main()
