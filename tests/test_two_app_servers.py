"""The app servers keep no state: two gunicorn instances on one PostgreSQL and one Redis.

A member signs in through one and is signed in on the other; a comment rate limit hit
through one holds on the other; a post published through one shows at once on the other's
hashtag page, which it had kept for visitors.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import PASSWORD, make_report, make_user

ROOT = Path(settings.BASE_DIR)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="two app servers share a PostgreSQL database",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_servers():
    """Two gunicorn instances on the test database and one Redis database."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "REDIS_URL": REDIS_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(
        [python, "-c", "import redis,sys; redis.Redis.from_url(sys.argv[1]).flushdb()", REDIS_URL],
        check=True,
    )
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "gunicorn",
                    "learning_exchange.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )  # fmt: skip
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            for _ in range(100):
                try:
                    if urllib.request.urlopen(f"{url}/healthz", timeout=2).status == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail("gunicorn did not start")
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


class Browser:
    """A person's cookies, used against either server."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def get(self, url) -> tuple[int, str]:
        try:
            response = self.opener.open(url, timeout=30)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        return response.status, response.read().decode()

    def post(self, url, data: dict, *, referer: str) -> int:
        request = urllib.request.Request(
            url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": referer}
        )
        try:
            return self.opener.open(request, timeout=30).status
        except urllib.error.HTTPError as error:
            return error.code

    def form(self, url: str, marker: str) -> dict:
        """The hidden and prefilled fields of the form on a page whose action contains marker."""
        _status, page = self.get(url)
        form = re.search(
            rf'<form[^>]*action="[^"]*{re.escape(marker)}[^"]*".*?</form>', page, re.S
        )
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form[0]))
        return fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, request, response, code, message, headers):
        return response


def sign_in(browser: Browser, server: str, email: str) -> None:
    _status, page = browser.get(f"{server}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    status = browser.post(
        f"{server}/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
        referer=f"{server}/accounts/login/",
    )
    assert status == 302


def test_two_app_servers_share_sessions_rate_limits_and_the_page_cache(app_servers, staff):
    first, second = app_servers
    partner = make_user(name="Pablo Partner", groups=("Partners",))
    report = make_report(author=staff, body="#LocalKnowledge")

    member = Browser()
    sign_in(member, first, partner.email)
    status, page = member.get(f"{second}/accounts/profile/")
    assert status == 200 and "Pablo Partner" in page

    fields = member.form(f"{first}{report.get_absolute_url()}", "/comments/post/")
    status = member.post(
        f"{first}/comments/post/", fields | {"comment": "Through the first."},
        referer=f"{first}{report.get_absolute_url()}",
    )  # fmt: skip
    assert status == 302
    fields = member.form(f"{second}{report.get_absolute_url()}", "/comments/post/")
    status = member.post(
        f"{second}/comments/post/", fields | {"comment": "Too soon, through the second."},
        referer=f"{second}{report.get_absolute_url()}",
    )  # fmt: skip
    assert status == 429

    visitor = Browser()
    status, page = visitor.get(f"{second}/tags/localknowledge/")
    assert status == 200 and "Radio before apps" not in page
    editor = Browser()
    sign_in(editor, first, staff.email)
    _status, page = editor.get(f"{first}/posts/new/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    lesson = {
        "csrfmiddlewaretoken": token, "title": "Radio before apps", "language": "en",
        "summary": "Why we went back to radio.", "context": "Flood alerts.",
        "body": "Start from what people use. #LocalKnowledge", "action": "publish",
    }  # fmt: skip
    assert editor.post(f"{first}/posts/new/", lesson, referer=f"{first}/posts/new/") == 302
    status, page = visitor.get(f"{second}/tags/localknowledge/")
    assert "Radio before apps" in page
