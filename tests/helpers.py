"""Small helpers shared by the tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def client_as(client, request, role):
    """The test client, signed in as the fixture named by role (or not, for anonymous)."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


def queries_for(client, url) -> int:
    """How many queries a page takes once per-process caches (content types) are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def missing_tool(reason: str, *, required_by: str) -> None:
    """Skip a test whose tool this machine lacks, or fail it where the environment variable
    required_by is "required" (CI sets BROWSER_TESTS and SOAK_TESTS so nothing skips there)."""
    import os

    import pytest

    if os.environ.get(required_by) == "required":
        pytest.fail(reason)
    pytest.skip(reason)


def run_tasks() -> int:
    """Run every background task that is due, as `manage.py db_worker` would, in this
    process and this test's transaction; tasks they enqueue run too. Returns how many ran."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="tests", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran
