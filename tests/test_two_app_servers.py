"""The app servers keep no state: two gunicorn instances on one PostgreSQL and one Redis.

A member signs in through one and is signed in on the other; a comment rate limit hit
through one holds on the other; a post published through one shows at once on the other's
hashtag page, which it had kept for visitors; failed sign-ins counted through one lock the
account's sign-in, the admin's included, on the other. The proxy docker-compose.yml puts in
front of its replicas spreads requests over them and passes over one that is down.
"""

import os
import re
import shutil
import subprocess

import pytest
import yaml

from tests.factories import PASSWORD, make_report, make_user
from tests.helpers import missing_tool
from tests.servers import ROOT, Browser, app_servers, free_port, on_postgres, wait_for

pytestmark = [
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def test_two_app_servers_share_sessions_rate_limits_and_the_page_cache(staff):
    partner = make_user(name="Pablo Partner", groups=("Partners",))
    report = make_report(author=staff, body="#LocalKnowledge")
    with app_servers(count=2, workers=1, redis_url=REDIS_URL) as (first, second):
        member = Browser(partner)
        status, page = member.get(f"{second}/accounts/profile/")
        assert status == 200 and "Pablo Partner" in page

        address = report.get_absolute_url()
        fields = member.form(f"{first}{address}", "/comments/post/")
        status, _page = member.post(
            f"{first}/comments/post/", fields | {"comment": "Through the first."}
        )
        assert status == 302
        fields = member.form(f"{second}{address}", "/comments/post/")
        status, page = member.post(
            f"{second}/comments/post/", fields | {"comment": "Too soon, through the second."}
        )
        assert status == 429 and "Too soon, through the second." in page

        visitor = Browser()
        status, page = visitor.get(f"{second}/tags/localknowledge/")
        assert status == 200 and "Radio before apps" not in page
        editor = Browser(staff)
        _status, page = editor.get(f"{first}/posts/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        lesson = {
            "csrfmiddlewaretoken": token, "title": "Radio before apps", "language": "en",
            "summary": "Why we went back to radio.", "context": "Flood alerts.",
            "body": "Start from what people use. #LocalKnowledge", "action": "publish",
        }  # fmt: skip
        status, _page = editor.post(f"{first}/posts/new/", lesson)
        assert status == 302
        status, page = visitor.get(f"{second}/tags/localknowledge/")
        assert "Radio before apps" in page


def test_failed_sign_ins_through_one_app_server_hold_on_the_other_and_for_the_admin(staff):
    with app_servers(count=2, workers=1, redis_url=REDIS_URL) as (first, second):
        status, _page = Browser().get(f"{first}/admin/login/")
        assert status == 302  # to allauth's sign-in, which counts failures
        guesser = Browser()
        for _ in range(5):
            fields = guesser.form(f"{first}/accounts/login/", "/accounts/login/")
            status, page = guesser.post(
                f"{first}/accounts/login/", fields | {"login": staff.email, "password": "guess"}
            )
            assert status == 422
        owner = Browser()
        fields = owner.form(f"{second}/accounts/login/", "/accounts/login/")
        status, page = owner.post(
            f"{second}/accounts/login/", fields | {"login": staff.email, "password": PASSWORD}
        )
        assert status == 422 and "Too many failed login attempts" in page
        status, _page = owner.get(f"{second}/admin/")
        assert status == 302


def compose_proxy_config(*, listen: int, upstreams: list[str]) -> str:
    """The nginx configuration docker-compose.yml gives its proxy, pointed at these servers."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    config = compose["configs"]["nginx"]["content"].replace("$$", "$")  # Compose's escape
    servers = " ".join(f"server {upstream};" for upstream in upstreams)
    assert "server web:8000;" in config and "listen 80;" in config
    return config.replace("server web:8000;", servers).replace(
        "listen 80;", f"listen 127.0.0.1:{listen};"
    )


def test_the_compose_proxy_spreads_requests_over_replicas_and_passes_over_one_down(
    tmp_path, partner
):
    nginx = shutil.which("nginx")
    if nginx is None:
        reason = "nginx is not installed (apt-get install nginx-light)"
        missing_tool(reason, required_by="PROXY_TESTS")
    with app_servers(count=2, workers=1, redis_url=REDIS_URL, access_logs=tmp_path) as urls:
        down = f"127.0.0.1:{free_port()}"  # a replica that is not running
        upstreams = [url.removeprefix("http://") for url in urls] + [down]
        port = free_port()
        (tmp_path / "nginx.conf").write_text(
            compose_proxy_config(listen=port, upstreams=upstreams)
        )
        command = [
            nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
            "-e", str(tmp_path / "error.log"),
            "-g", f"daemon off; pid {tmp_path / 'nginx.pid'};",
        ]  # fmt: skip
        proxy = subprocess.Popen(command)
        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            visitor, member = Browser(), Browser(partner)
            for _ in range(12):
                status, _page = visitor.get(f"http://127.0.0.1:{port}/")
                assert status == 200
                status, page = member.get(f"http://127.0.0.1:{port}/accounts/profile/")
                assert status == 200 and "Pablo Partner" in page
        finally:
            proxy.terminate()
            proxy.wait(timeout=30)
    answered = [len((tmp_path / f"{number}.log").read_text().splitlines()) for number in (0, 1)]
    assert min(answered) >= 8, answered
