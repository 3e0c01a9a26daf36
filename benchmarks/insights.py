"""The staff insight page, uncached, on the seeded database: prints the median time of
several requests through Django's test client (each with the page's figures gone from the
cache), its queries, its size and each chart's size; then the same with the figures kept.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_seed .venv/bin/python benchmarks/insights.py

Run by `make bench` after its second seeding (ten times the data). Adds a staff member
to the database it is given.
"""

import re
import statistics
import sys
import time

import in_process  # noqa: F401  sets Django up, so it comes first
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import STAFF_GROUP, User
from discussion.models import Comment
from insights.periods import Period
from posts.models import Post

RUNS = 7
CHART = re.compile(r'<svg class="chart".*?</svg>', re.S)


def main():
    if connection.vendor != "postgresql":
        sys.exit("Point DATABASE_URL at a seeded PostgreSQL database.")
    staff, _created = User.objects.get_or_create(
        email="benchmark-insights@example.org", defaults={"name": "Insights"}
    )
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    client = Client()
    client.force_login(staff)
    period = Period.default()
    counted = Comment.objects.published().filter(
        submit_date__gte=period.start, submit_date__lt=period.end
    )
    print(
        f"{Post.objects.published().count():,} lessons and {Comment.objects.count():,} "
        f"comments; {counted.count():,} published comments in the period "
        f"{period.first:%Y-%m} to {period.last:%Y-%m}"
    )
    for prefix in ("", "/ar"):
        timings, response = [], None
        for _ in range(RUNS):
            cache.clear()
            client.force_login(staff)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(f"{prefix}/insights/")
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        page = response.content.decode()
        charts = [len(chart.encode()) for chart in CHART.findall(page)]
        print(
            f"{prefix or '/en'}/insights/ uncached: median {statistics.median(timings):.0f} ms "
            f"(of {RUNS}: {min(timings):.0f}–{max(timings):.0f} ms), "
            f"{len(queries.captured_queries)} queries, {len(response.content):,} bytes"
        )
        print(f"  charts, bytes each: {', '.join(f'{size:,}' for size in charts)}")
        kept = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(f"{prefix}/insights/")
            kept.append((time.perf_counter() - start) * 1000)
        print(f"  figures kept in the cache: median {statistics.median(kept):.0f} ms")


if __name__ == "__main__":
    main()
