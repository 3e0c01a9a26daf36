"""docker-compose.yml brought up as the README says (`docker compose up --build`): the
database migrated once, three app replicas behind nginx on port 8000, with PostgreSQL and
Redis. A member signed in through the proxy stays signed in whichever replica answers.

Needs Docker with Compose 2.23 or later; runs with `make compose-test`. In CI, where Docker
Hub is out of reach, .ci/docker installs the engine and builds stand-ins for the public
images from Debian's packages.
"""

import json
import re
import shutil
import socket
import subprocess
import time

import pytest

from tests.helpers import missing_tool
from tests.servers import ROOT, Browser

pytestmark = pytest.mark.compose

PROJECT = "learning-exchange-compose-test"
SITE = "http://127.0.0.1:8000"
MEMBER = {"email": "amina@example.org", "password": "a long compose-test password"}
REPLICAS = 3


def compose(*arguments: str, timeout: float = 120) -> str:
    command = ["docker", "compose", "--project-name", PROJECT, *arguments]
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout


def docker_missing() -> str | None:
    if shutil.which("docker") is None:
        return "docker is not installed"
    version = subprocess.run(
        ["docker", "compose", "version", "--short"], capture_output=True, text=True, check=False
    )
    if version.returncode != 0:
        return "docker compose is not installed (bash .ci/docker installs it)"
    if subprocess.run(["docker", "info"], capture_output=True, check=False).returncode != 0:
        return "no Docker engine answers (bash .ci/docker starts one)"
    return None


@pytest.fixture(scope="module")
def stack():
    reason = docker_missing()
    if reason:
        missing_tool(reason, required_by="COMPOSE_TESTS")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8000)) == 0:
            pytest.fail("port 8000 is in use; the compose file publishes the site there")
    compose("down", "--volumes", "--remove-orphans")
    try:
        compose("up", "--detach", "--build", "--wait", "--wait-timeout", "300", timeout=900)
        yield
    finally:
        compose("down", "--volumes", "--remove-orphans")


def containers(service: str) -> list[dict]:
    lines = compose("ps", "--all", "--format", "json", service).splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def answered(container: str, address: str) -> int:
    """How many requests for address this container's gunicorn logged."""
    logs = subprocess.run(
        ["docker", "logs", container], capture_output=True, text=True, check=True
    )
    return (logs.stdout + logs.stderr).count(f'"GET {address} ')


def test_the_database_is_migrated_once_and_every_replica_is_healthy(stack):
    (migrate,) = containers("migrate")
    assert (migrate["State"], migrate["ExitCode"]) == ("exited", 0)
    web = containers("web")
    assert len(web) == REPLICAS
    assert all("(healthy)" in container["Status"] for container in web), web


def test_the_proxy_serves_pages_and_the_stylesheet_from_every_replica(stack):
    visitor = Browser()
    for _ in range(2 * REPLICAS):
        status, page = visitor.get(f"{SITE}/")
        assert status == 200 and "Learning Exchange" in page
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page)[1]
    assert visitor.get(f"{SITE}{stylesheet}")[0] == 200
    assert visitor.get(f"{SITE}/healthz")[0] == 200
    counts = [answered(container["Name"], "/") for container in containers("web")]
    assert min(counts) >= 1, counts


def test_a_member_signed_in_through_the_proxy_stays_signed_in_on_every_replica(stack):
    compose(
        "exec", "-T", "web", "python", "manage.py", "shell", "-c",
        "from allauth.account.models import EmailAddress; from accounts.models import User; "
        f"user = User.objects.create_user(email={MEMBER['email']!r}, "
        f"password={MEMBER['password']!r}, name='Amina Diallo'); "
        "EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)",
    )  # fmt: skip
    member = Browser()
    _status, page = member.get(f"{SITE}/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    status, _page = member.post(
        f"{SITE}/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": MEMBER["email"], "password": MEMBER["password"]},
    )
    assert status == 302
    for _ in range(3 * REPLICAS):
        status, page = member.get(f"{SITE}/accounts/profile/")
        assert status == 200 and "Amina Diallo" in page
    counts = [answered(container["Name"], "/accounts/profile/") for container in containers("web")]
    assert min(counts) >= 1, counts


def test_an_upload_stored_by_one_replica_is_served_by_every_replica(stack):
    name = "photos/0123456789abcdef0123456789abcdef/480.jpg"
    compose(
        "exec", "-T", "web", "python", "manage.py", "shell", "-c",
        "from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage; "
        f"default_storage.save({name!r}, ContentFile(b'stored once, read everywhere'))",
    )  # fmt: skip
    visitor = Browser()
    for _ in range(3 * REPLICAS):
        status, body = visitor.get(f"{SITE}/media/{name}")
        assert (status, body) == (200, "stored once, read everywhere")
    counts = [answered(container["Name"], f"/media/{name}") for container in containers("web")]
    assert min(counts) >= 1, counts


def shell_output(script: str) -> str:
    """The last line a script prints in the web service's `manage.py shell`."""
    output = compose("exec", "-T", "web", "python", "manage.py", "shell", "--no-imports",
                     "-c", script)  # fmt: skip
    return output.strip().splitlines()[-1]


def test_two_workers_share_the_queue_and_run_each_task_once(stack):
    workers = containers("worker")
    assert len(workers) == 2 and all(w["State"] == "running" for w in workers), workers
    compose(
        "exec", "-T", "web", "python", "manage.py", "shell", "-c",
        "from mailing.messages import Mail; from mailing.tasks import deliver\n"
        "for n in range(20):\n"
        "    deliver.enqueue(Mail(key=f'compose:{n}', to='amina@example.org', subject='Hi', "
        "body='Plain.', list_name='discussions', unsubscribe_url='http://127.0.0.1:8000/')"
        ".as_task_argument())",
    )  # fmt: skip
    check = (
        "from django_tasks_db.models import DBTaskResult; from mailing.models import Delivery; "
        "print(DBTaskResult.objects.exclude(status='SUCCESSFUL').count(), "
        "Delivery.objects.filter(key__startswith='compose:').count())"
    )
    for _ in range(60):
        waiting, sent = shell_output(check).split()
        if waiting == "0":
            break
        time.sleep(1)
    assert (waiting, sent) == ("0", "20")
    claims = shell_output(
        "from django_tasks_db.models import DBTaskResult; "
        "print(sorted({len(r.worker_ids) for r in DBTaskResult.objects.all()}))"
    )
    assert claims == "[1]"  # each task taken by one worker, once
