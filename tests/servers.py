"""The site under gunicorn on loopback, on the test database, for tests across processes."""

import contextlib
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
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

ROOT = Path(settings.BASE_DIR)

on_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="app servers in other processes share a PostgreSQL database",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, *, status: int = 200, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(url, timeout=2).status == status:
                return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer {status} within {seconds} s")


@contextlib.contextmanager
def app_servers(*, count: int, workers: int, redis_url: str, access_logs: Path | None = None):
    """gunicorn instances sharing the test database and one Redis database (emptied); with
    access_logs, each writes the requests it answers to <access_logs>/<number>.log."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    flush = "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()"
    subprocess.run([python, "-c", flush, redis_url], check=True)
    collect = [python, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    processes, urls = [], []
    for number in range(count):
        port = free_port()
        command = [
            python, "-m", "gunicorn", "learning_exchange.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
        if access_logs is not None:
            command += ["--access-logfile", str(access_logs / f"{number}.log")]
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            wait_for(f"{url}/healthz")
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's cookies, used against any of the servers; redirects are not followed."""

    def __init__(self, member=None):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        if member is not None:
            self.sign_in(member)

    def sign_in(self, member) -> None:
        """Sign in as the site would, with a session in the shared database."""
        client = Client()
        client.force_login(member)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.cookies.set_cookie(
            http.cookiejar.Cookie(
                0, settings.SESSION_COOKIE_NAME, session, None, False, "127.0.0.1", False,
                False, "/", True, False, None, False, None, None, {},
            )
        )  # fmt: skip

    def _open(self, request) -> tuple[int, str]:
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        return response.status, response.read().decode()

    def get(self, url: str) -> tuple[int, str]:
        return self._open(urllib.request.Request(url))

    def post(self, url: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(url, data=body, headers={"Referer": url}))

    def post_files(self, url: str, data: dict, files: dict[str, list]) -> tuple[int, str]:
        """A multipart form: data's fields, and for each file field its (name, bytes)."""
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + str(value).encode()
            + b"\r\n"
            for name, value in data.items()
        ]
        for field, uploads in files.items():
            for file_name, content in uploads:
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                    f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                )
                parts.append(head.encode() + content + b"\r\n")
        body = b"".join([*parts, f"--{boundary}--\r\n".encode()])
        headers = {"Referer": url, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self._open(urllib.request.Request(url, data=body, headers=headers))

    def form(self, url: str, action: str) -> dict:
        """The prefilled fields of the form on the page at url that posts to action."""
        _status, page = self.get(url)
        form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', page, re.S)
        return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form[0]))
