"""`make bench`: every page type under load, served as production serves it.

Seeds PostgreSQL (DATABASE_URL, or a throwaway database le_bench_site on 127.0.0.1) with the
demo content and `seed --scale BENCH_SCALE` (default 1), starts gunicorn with DEBUG off
and Redis as the shared cache on loopback, and drives each page with wrk (16 connections,
BENCH_SECONDS each, default 10). Prints requests per second, p50 and p99 latency, the ratio
to the static stylesheet served in the same run, queries per page (then again after seeding
nine times as much again: ten times the data), bytes and the workers' peak memory; writes
the figures as JSON to benchmarks/results/.
"""

import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.photo_upload import save_a_lesson_with_a_photo  # noqa: E402
from benchmarks.server import ROOT, environment, manage, running_site  # noqa: E402

SCALE = os.environ.get("BENCH_SCALE", "1")
SECONDS = os.environ.get("BENCH_SECONDS", "10")
CONNECTIONS = 16
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SETTINGS = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    "REDIS_URL": REDIS_URL,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}
# The stock peer answers in seconds: wait for it rather than count it as failed.
WRK_TIMEOUT = "60s"

# Run inside the site's environment: addresses to load, a member's session cookie, and
# each page's query count and size (Django's test client, the same database).
PREPARE = """
import json
from django.db import connection
from django.test import Client
from django.core.cache import cache
from accounts.models import User
from posts.models import Post
from taggit.models import Tag
from discussion.models import Comment
from django.db.models import Count
busiest = (Comment.objects.filter(content_type__model="post").values("object_pk")
    .annotate(n=Count("pk")).order_by("-n").first())
busy = Post.objects.get(pk=busiest["object_pk"])
tag = Tag.objects.annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
member = User.objects.get(email="joseph@learning-exchange.example")  # reads in English
pages = {
    "static CSS": None, "/healthz": "/healthz", "home": "/",
    "hashtag page": f"/tags/{tag.slug}/", "post list": "/posts/",
    "search": "/search/?q=water",
    "home, signed in": "/",
    "hashtag page, signed in": f"/tags/{tag.slug}/",
    "post list, signed in": "/posts/",
    "200-comment post, visitor": busy.get_absolute_url(),
    "200-comment post, signed in": busy.get_absolute_url(),
    "stock peer, visitor": f"/stock/{busy.slug}/",
    "stock peer, signed in": f"/stock/{busy.slug}/",
}
signed_in = Client()
signed_in.force_login(member)
figures = {}
for name, path in pages.items():
    if path is None or path == "/healthz":
        continue
    client = signed_in if "signed in" in name else Client()
    client.get(path)
    cache.clear()
    client.get(path)  # per-process caches warm, the page itself not kept
    cache.clear()
    queries = []
    with connection.execute_wrapper(lambda run, sql, *a: queries.append(sql) or run(sql, *a)):
        response = client.get(path)
    assert response.status_code == 200, (name, path, response.status_code)
    figures[name] = {"path": path, "queries": len(queries), "bytes": len(response.content)}
cache.clear()
# A browser's cookies: the session, and the CSRF cookie its first page with a form gave it.
cookies = "; ".join(f"{name}={signed_in.cookies[name].value}"
                    for name in ("sessionid", "csrftoken"))
print(json.dumps({"pages": figures, "cookie": signed_in.cookies["sessionid"].value,
                  "cookies": cookies}))
"""


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    for command in (
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "le_bench_site"],
        ["createdb", "-h", "127.0.0.1", "-U", "postgres", "le_bench_site"],
    ):
        subprocess.run(command, check=True)
    return "postgres://postgres@127.0.0.1:5432/le_bench_site"


def wrk(url: str, cookie: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url,
               "--timeout", WRK_TIMEOUT]  # fmt: skip
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def milliseconds(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": milliseconds("50"),
        "p99_ms": milliseconds("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def peak_memory_mb(master_pid: int) -> float:
    """The largest resident set any gunicorn worker reached (VmHWM)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    url = database_url()
    # Pages name the fingerprinted stylesheet from the manifest: build it first, as the
    # Dockerfile does (a fresh checkout has none).
    manage(url, "collectstatic", "--noinput", "--verbosity", "0", **SETTINGS)
    manage(url, "migrate", "--noinput", **SETTINGS)
    manage(url, "load_demo", DJANGO_DEBUG="true", **SETTINGS)
    manage(url, "seed", "--scale", SCALE, **SETTINGS)
    prepared = json.loads(manage(url, "shell", "-c", PREPARE, **SETTINGS).splitlines()[-1])
    pages = prepared["pages"]
    with running_site(url, workers=2, **SETTINGS) as site:
        static = re.search(r'href="(/static/css/site\.[^"]+\.css)"', _get(site.url + "/"))[1]
        results = {}
        for name in ["static CSS", "/healthz", *pages]:
            path = static if name == "static CSS" else pages.get(name, {}).get("path", name)
            cookie = prepared["cookies"] if "signed in" in name else None
            assert _status(site.url + path, cookie) == 200, (name, path)
            results[name] = {**pages.get(name, {}), **wrk(site.url + path, cookie)}
        memory = peak_memory_mb(site.process.pid)
        photo = save_a_lesson_with_a_photo(site.url, prepared["cookie"])
        photo["memory_mb"] = peak_memory_mb(site.process.pid)
    # The same pages' queries with ten times the data: the counts must not move.
    manage(url, "seed", "--scale", str(float(SCALE) * 9), **SETTINGS)
    larger = json.loads(manage(url, "shell", "-c", PREPARE, **SETTINGS).splitlines()[-1])
    for name, figures in larger["pages"].items():
        results[name]["queries_at_10x"] = figures["queries"]
    # The staff insight page, uncached, on the ten-times data.
    insights = subprocess.run(
        [sys.executable, "benchmarks/insights.py"], cwd=ROOT, env=environment(url, **SETTINGS),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # Visitors and members reading while comments and lessons come in, on the same data.
    mixed = subprocess.run(
        [sys.executable, "benchmarks/mixed.py"], cwd=ROOT, env=environment(url, **SETTINGS),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    base = results["static CSS"]["rps"]
    print(f"scale {SCALE}, {CONNECTIONS} connections, {SECONDS} s per page, 2 gunicorn workers")
    print(f"{'page':<30}{'req/s':>9}{'p50 ms':>8}{'p99 ms':>8}{'ratio':>7}{'queries':>8}"
          f"{'at 10x':>7}{'bytes':>9}{'errors':>7}")  # fmt: skip
    for name, figures in results.items():
        figures["ratio_to_static"] = figures["rps"] / base
        print(
            f"{name:<30}{figures['rps']:>9.0f}{figures['p50_ms']:>8.1f}{figures['p99_ms']:>8.1f}"
            f"{figures['ratio_to_static']:>7.2f}{figures.get('queries', ''):>8}"
            f"{figures.get('queries_at_10x', ''):>7}{figures.get('bytes', ''):>9}"
            f"{figures['errors']:>7}"
        )
    for who in ("visitor", "signed in"):
        stock = results[f"stock peer, {who}"]["rps"]
        if not stock:
            print(f"stock peer, {who}: no request finished in {SECONDS} s")
            continue
        ratio = results[f"200-comment post, {who}"]["rps"] / stock
        print(f"200-comment post, {who}: {ratio:.0f} times the stock peer")
    print(f"workers' peak memory: {memory:.0f} MB")
    print(insights, end="")
    print(mixed, end="")
    mail = subprocess.run(
        [sys.executable, "benchmarks/mail.py"], cwd=ROOT, env=environment(url, **SETTINGS),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print(mail, end="")
    blog = subprocess.run(
        [sys.executable, "benchmarks/blog_import.py"], cwd=ROOT, env=environment(url, **SETTINGS),
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    print(blog, end="")
    print(
        f"a {photo['photo_bytes'] / 1e6:.1f} MB, 12-megapixel photo saved with its variants in "
        f"{photo['seconds']:.2f} s (target: 2 s); workers' peak memory then "
        f"{photo['memory_mb']:.0f} MB"
    )
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "scale": SCALE, "seconds": SECONDS, "memory_mb": memory, "pages": results, "photo": photo,
        "mail": mail.splitlines(),
        "insights": insights.splitlines(),
        "mixed": mixed.splitlines(),
    }  # fmt: skip
    (out / f"{stamp}.json").write_text(json.dumps(report, indent=1))
    print(f"figures written to benchmarks/results/{stamp}.json")


def _get(url: str) -> str:
    return urllib.request.urlopen(url, timeout=10).read().decode()


def _status(url: str, cookie: str | None) -> int:
    """The page's own status, redirects not followed (wrk would count them as answers)."""
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    headers = {"Cookie": cookie} if cookie else {}
    connection.request("GET", address.path + (f"?{address.query}" if address.query else ""),
                       headers=headers)  # fmt: skip
    return connection.getresponse().status


if __name__ == "__main__":
    main()
