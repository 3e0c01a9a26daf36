"""A post with 200 comments three levels deep: this site's page against django-comments-xtd's
stock template tags, side by side in one run, for a visitor and for a signed-in member.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_bench_thread \
        .venv/bin/python benchmarks/comment_thread.py

The database named in DATABASE_URL gets the demo content and its comments are replaced:
use a throwaway one. Visitors get the page kept
in the shared cache (forgotten at each change); a third row forgets it before every request.
Each page is requested in this one process, one request at a time, so the figures compare the two
renderings on the same data, cache and machine (requests per second of one worker).
The stock peer is a small view kept here, never served by the site.
"""

import os
import time

import in_process  # noqa: F401  sets Django up, so it comes first
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_comments_xtd.models import XtdComment

from accounts.models import User
from discussion.services import comment_create
from page_cache.versions import pages_changed
from posts.models import Post

settings.ROOT_URLCONF = "benchmarks.peer"
COMMENTS = int(os.environ.get("COMMENTS", "200"))
LINK = "https://example.org/notes"
SECONDS = float(os.environ.get("SECONDS", "10"))


def fill() -> Post:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    post = Post.objects.published().order_by("pk").first()
    XtdComment.objects.all().delete()
    people = list(User.objects.all())
    open_to_replies = [None]
    for number in range(COMMENTS):
        parent = open_to_replies[number % len(open_to_replies)]
        comment = comment_create(
            target=post,
            author=people[number % len(people)],
            text=f"Comment {number}: what we saw was *different*, and [here]({LINK}) is why.",
            language="",
            parent=parent,
            published=True,
        )
        if comment.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            open_to_replies.append(comment)
    return post


def measure(client: Client, url: str, before=lambda: None) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    before()
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(url)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        before()
        client.get(url)
        count += 1
    elapsed = time.perf_counter() - started
    return {
        "rps": count / elapsed,
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main():
    post = fill()
    member = User.objects.get(email="joseph@learning-exchange.example")
    ours, stock = post.get_absolute_url(), f"/stock/{post.slug}/"
    visitor, signed_in = Client(), Client()
    signed_in.force_login(member)
    print(f"{COMMENTS} comments, three levels deep; {SECONDS:.0f} s per page, one process")
    print(f"{'page':<34}{'req/s':>9}{'queries':>9}{'bytes':>9}")
    results = {}
    for name, client, url, before in [
        ("stock tags, visitor", visitor, stock, None),
        ("this site, visitor", visitor, ours, None),
        ("this site, visitor, page changed", visitor, ours, pages_changed),
        ("stock tags, signed in", signed_in, stock, None),
        ("this site, signed in", signed_in, ours, None),
    ]:
        results[name] = measure(client, url, *([before] if before else []))
        figures = results[name]
        print(f"{name:<34}{figures['rps']:>9.1f}{figures['queries']:>9}{figures['bytes']:>9}")
    for who in ("visitor", "signed in"):
        ratio = results[f"this site, {who}"]["rps"] / results[f"stock tags, {who}"]["rps"]
        print(f"ratio for a {who}: {ratio:.0f} times the stock tags")
    ratio = (
        results["this site, visitor, page changed"]["rps"] / results["stock tags, visitor"]["rps"]
    )
    print(f"ratio for a visitor when every request follows a change: {ratio:.0f} times")


if __name__ == "__main__":
    main()
