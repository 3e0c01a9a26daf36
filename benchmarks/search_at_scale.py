"""Search at 100,000 posts on PostgreSQL: prints the median time of a search for one user.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_bench \
        .venv/bin/python benchmarks/search_at_scale.py

The database named in DATABASE_URL is emptied and filled: use a throwaway one.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learning_exchange.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Measure the page, not collectstatic: serve static addresses without the manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

POSTS = int(os.environ.get("POSTS", "100000"))
WORDS = [
    "water",
    "pump",
    "committee",
    "radio",
    "women",
    "literacy",
    "seed",
    "rain",
    "harvest",
    "market",
    "school",
    "forum",
    "listening",
    "failure",
    "partner",
    "village",
    "training",
    "clinic",
    "road",
    "flood",
    "drought",
    "repair",
    "budget",
]
QUERIES = ["water", "radio women", "pump repair", "drought seed market", "literacy"]


def fill():
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    pick = f"({words})[1 + floor(random() * {len(WORDS)})::int]"
    sentence = " || ' ' || ".join([pick] * 12)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO posts_post (title, slug, summary, body, body_html, language,
                context, what_worked, what_did_not_work, what_we_would_change,
                shares_failure, country, status, review_note, published_at, created_at,
                updated_at)
            SELECT 'Lesson ' || n || ' ' || {pick}, 'lesson-' || n, {sentence}, {sentence}, '',
                'en', {sentence}, {sentence}, {sentence}, '', n %% 3 = 0, 'KE', 'published', '',
                now() - (n || ' minutes')::interval, now(), now()
            FROM generate_series(1, %s) AS n
            """,
            [POSTS],
        )
        cursor.execute(
            "UPDATE posts_post SET search_vector ="
            " setweight(to_tsvector('le_english', title), 'A') ||"
            " setweight(to_tsvector('le_english', summary || ' ' || context || ' '"
            " || what_worked || ' ' || what_did_not_work), 'B') ||"
            " setweight(to_tsvector('le_english', body), 'C')"
        )
        cursor.execute("ANALYZE posts_post")


def main():
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a throwaway PostgreSQL database.")
    started = time.perf_counter()
    fill()
    print(f"filled {POSTS} posts in {time.perf_counter() - started:.1f} s")
    client = Client()
    for query in QUERIES:
        client.get("/search/", {"q": query})  # warm (filter choices are kept until a change)
        timings = []
        for attempt in range(15):
            start = time.perf_counter()
            # A parameter search ignores makes each address new: no page kept for visitors.
            response = client.get("/search/", {"q": query, "attempt": attempt})
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        count = re.search(r"(More than )?([\d,]+) results?", response.content.decode())[0]
        print(
            f"/search/?q={query!r}: median {statistics.median(timings):.0f} ms, "
            f"p90 {sorted(timings)[13]:.0f} ms, {count}"
        )


if __name__ == "__main__":
    main()
