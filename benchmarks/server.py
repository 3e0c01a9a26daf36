"""The site as production runs it, on loopback, for benchmarks: gunicorn, DEBUG off,
static files collected and served compressed by WhiteNoise.

    with running_site(database_url) as site:
        site.url  # http://127.0.0.1:<port>
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(database_url: str, **extra) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "benchmark-only-not-secret",
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(database_url: str, *args: str, **extra) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url, **extra),
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Site:
    url: str
    process: subprocess.Popen


@contextlib.contextmanager
def running_site(database_url: str, *, workers: int = 2, **extra):
    """Collect static files, start gunicorn and wait for /healthz; stop it afterwards."""
    manage(database_url, "collectstatic", "--noinput", **extra)
    port = free_port()
    process = subprocess.Popen(
        [
            PYTHON, "-m", "gunicorn", "learning_exchange.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=environment(database_url, **extra),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(f"{url}/healthz", timeout=2).status == 200:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        yield Site(url=url, process=process)
    finally:
        process.terminate()
        process.wait(timeout=30)
