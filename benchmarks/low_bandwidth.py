"""Each page type's weight and load time on a slow connection, in Chromium.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_bench_slow \
        .venv/bin/python benchmarks/low_bandwidth.py

The database gets the demo content and a post with 50 comments: use a throwaway one.
The site runs under gunicorn with DEBUG off (static files compressed by WhiteNoise), and
Chromium (Debian's, JavaScript off, an empty cache) loads each page through network
throttling at 400 kbit/s and 400 ms round trip. Printed: bytes over the wire (HTML, CSS and
anything else the page asks for, compressed as sent) and the time to the load event.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.server import manage, running_site  # noqa: E402

KBITS = 400
ROUND_TRIP_MS = 400
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip

SEED = """
from accounts.models import User
from discussion.models import Comment
from discussion.services import comment_create
from posts.models import Post
post = Post.objects.published().order_by("pk").first()
if not Comment.objects.on(post).exists():
    people = list(User.objects.all())
    parents = [None]
    for number in range(50):
        comment = comment_create(
            target=post, author=people[number % len(people)], language="",
            parent=parents[number % len(parents)], published=True,
            text=f"Comment {number}: in our district we saw *the same*, and changed the plan.",
        )
        if comment.level < 2:
            parents.append(comment)
print(post.get_absolute_url())
print(Post.objects.published().first().tags.first().slug)
from seminars.models import SeminarReport
print(SeminarReport.objects.published().first().get_absolute_url())
"""


def main():
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        sys.exit("Set DATABASE_URL to a throwaway database.")
    manage(database_url, "migrate", "--noinput")
    manage(database_url, "load_demo", DJANGO_DEBUG="true")
    post_url, tag, report_url = manage(database_url, "shell", "-c", SEED).split()[-3:]
    pages = {
        "home": "/",
        "seminar reports": "/seminars/",
        "report with its discussion": report_url,
        "lessons": "/posts/",
        "post with 50 comments": post_url,
        "hashtags": "/tags/",
        "one hashtag": f"/tags/{tag}/",
        "search": "/search/?q=water",
        "sign in": "/accounts/login/",
        "Arabic home": "/ar/",
    }
    with running_site(database_url) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        print(f"{KBITS} kbit/s, {ROUND_TRIP_MS} ms round trip, empty cache, JavaScript off")
        print(f"{'page':<30}{'bytes':>9}{'load (s)':>10}")
        for name, path in pages.items():
            context = browser.new_context(java_script_enabled=False)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": ROUND_TRIP_MS,
                    "downloadThroughput": KBITS * 1000 / 8,
                    "uploadThroughput": KBITS * 1000 / 8,
                },
            )
            received = []
            cdp.on("Network.loadingFinished", received.append)
            started = time.perf_counter()
            response = page.goto(site.url + path, wait_until="load")
            seconds = time.perf_counter() - started
            assert response.status == 200, (path, response.status)
            total = sum(event["encodedDataLength"] for event in received)
            print(f"{name:<30}{total:>9,}{seconds:>10.2f}")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
