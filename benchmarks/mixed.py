"""A mixed run: visitors and members reading while the discussion goes on.

Against gunicorn with Redis on loopback (the site as production runs it), for
BENCH_MIXED_SECONDS (default 300): visitors on 14 connections and signed-in members on 2
read the home page, lists, hashtag pages and lessons, while a partner comments on one of
those lessons every 2 s and staff publish a lesson every minute. Prints each group's
requests, p50 and p99, the errors, and the share of visitors' requests served from kept
pages (the X-Kept-Page header).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/le_seed .venv/bin/python benchmarks/mixed.py

Run by `make bench` on its ten-times data. Adds comments and lessons to the database it is
given.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import in_process  # noqa: F401  sets Django up, so it comes first
from django.db.models import Count
from django.test import Client
from server import running_site
from taggit.models import Tag

from accounts.models import PARTNERS_GROUP, STAFF_GROUP, User
from discussion.services import comment_create
from posts.models import Post
from posts.services import post_write
from publishing.models import EditorAction

SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "300"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    "REDIS_URL": REDIS_URL,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}
VISITORS, MEMBERS = 14, 2
COMMENT_EVERY, PUBLISH_EVERY = 2, 60

# Each connection walks the addresses in its own order; visitors count kept pages.
SCRIPT = """
local paths = {%s}
local counter = 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  counter = math.random(#paths)
  kept = 0
  answered = 0
end
function request()
  counter = counter %% #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  answered = answered + 1
  if headers["X-Kept-Page"] == "hit" then kept = kept + 1 end
end
function done(summary, latency, requests)
  local all_kept, all_answered = 0, 0
  for _, thread in ipairs(threads) do
    all_kept = all_kept + thread:get("kept")
    all_answered = all_answered + thread:get("answered")
  end
  io.write(string.format("kept %%d of %%d\\n", all_kept, all_answered))
end
"""


def addresses() -> tuple[list[str], list[Post]]:
    """What the readers read, and the lessons among them that get comments."""
    lessons = list(Post.objects.published().order_by("-published_at")[:40])
    tags = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n")[:10]
    paths = [
        "/", "/posts/", "/posts/?page=2", "/seminars/", "/tags/",
        *(f"/tags/{tag.slug}/" for tag in tags),
        *(lesson.get_absolute_url() for lesson in lessons),
    ]  # fmt: skip
    return paths, lessons


def wrk(url: str, paths: list[str], connections: int, cookie: str | None, folder: str):
    script = Path(folder, f"paths-{connections}.lua")
    script.write_text(SCRIPT % ", ".join(json.dumps(path) for path in paths))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--latency",
               "--timeout", "10s", "-s", str(script), url]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def figures(output: str) -> dict:
    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    kept, answered = map(int, re.search(r"kept (\d+) of (\d+)", output).groups())
    return {
        "requests": answered,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": milliseconds("50"),
        "p99_ms": milliseconds("99"),
        "errors": int(errors.group(1)) if errors else 0,
        "kept": kept / answered if answered else 0,
    }


def main():
    staff = User.objects.filter(groups__name=STAFF_GROUP).first()
    partners = list(User.objects.filter(groups__name=PARTNERS_GROUP)[:20])
    member = User.objects.get(email="joseph@learning-exchange.example")  # reads in English
    signed_in = Client()
    signed_in.force_login(member)
    signed_in.get("/")  # a browser's first page gives it its CSRF cookie
    cookie = "; ".join(
        f"{name}={signed_in.cookies[name].value}" for name in ("sessionid", "csrftoken")
    )
    paths, lessons = addresses()
    random.seed(1)
    url = os.environ["DATABASE_URL"]
    with running_site(url, workers=2, **SETTINGS) as site, tempfile.TemporaryDirectory() as folder:
        for path in paths:  # every page once, so the run starts from kept pages
            subprocess.run(["curl", "-s", "-o", "/dev/null", site.url + path], check=True)
        visitors = wrk(site.url, paths, VISITORS, None, folder)
        members = wrk(site.url, paths, MEMBERS, cookie, folder)
        started = time.monotonic()
        comments = publications = 0
        while time.monotonic() - started < SECONDS - 1:
            time.sleep(COMMENT_EVERY)
            comment_create(
                target=random.choice(lessons), author=random.choice(partners),
                text="We tried this in our district too.", language="en", parent=None,
                published=True,
            )  # fmt: skip
            comments += 1
            if (time.monotonic() - started) // PUBLISH_EVERY > publications:
                publications += 1
                post_write(
                    post=Post(title=f"Mixed run lesson {time.time_ns()}", summary="New.",
                              context="Where it happened.", language="en"),
                    by=staff, extra_hashtags=["MixedRun"], action=EditorAction.PUBLISH,
                )  # fmt: skip
        seen = {"visitors": figures(visitors.communicate()[0]),
                "members": figures(members.communicate()[0])}  # fmt: skip
    total = seen["visitors"]["requests"] + seen["members"]["requests"]
    print(
        f"mixed run, {SECONDS} s, {Post.objects.count():,} lessons: {comments} comments "
        f"(one every {COMMENT_EVERY} s), {publications} publications (one a minute)"
    )
    for who, found in seen.items():
        print(
            f"  {who:<9} {found['requests'] / total:>4.0%} of requests, "
            f"{found['rps']:>6.0f} req/s, p50 {found['p50_ms']:.1f} ms, "
            f"p99 {found['p99_ms']:.1f} ms, {found['errors']} errors"
        )
    print(f"  visitors' requests served from kept pages: {seen['visitors']['kept']:.1%} "
          f"(target 95%; visitor p99 target 50 ms, member p99 target 200 ms)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
