"""The hostile redirect targets of tests/test_redirects.py against gunicorn with production
settings (`make soak`): the addresses reach Django as a real server decodes them, and no
redirect, followed while it stays on the site, ever leaves it."""

import http.client
import io
import os
import re
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.management import call_command

from importing.models import OldAddress
from tests.factories import make_report
from tests.importing.test_import_blog import WORDPRESS
from tests.servers import app_servers, on_postgres
from tests.test_redirects import HOPS, HOSTILE, as_path, off_site

pytestmark = [
    pytest.mark.soak,
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
LANGUAGES = {
    "accept-language": {"Accept-Language": "ar"},
    "cookie": {"Cookie": "django_language=fr"},
}


def on_the_wire(path: str) -> str:
    """The path as a browser would send it: what a request line cannot carry, encoded."""
    return quote(path, safe="/%\\:@!$&'()*+,;=~?#")


def request(port: int, method: str, path: str, headers: dict, body: str = "") -> tuple:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        if body:
            headers = headers | {"Content-Type": "application/x-www-form-urlencoded"}
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie", "")
        return response.status, response.getheader("Location"), cookie
    finally:
        connection.close()


def escape_from(port: int, first: tuple, headers: dict) -> str | None:
    """Follow redirects from first while they stay on the site; the one that leaves it."""
    status, location, _cookie = first
    host = f"127.0.0.1:{port}"
    for _hop in range(HOPS):
        assert status < 500, (status, location)
        if location is None:
            return None
        if off_site(location, host):
            return location
        parts = urlsplit(location)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        status, location, _cookie = request(port, "GET", on_the_wire(path), headers)
    return None


@pytest.mark.parametrize("source", list(LANGUAGES))
def test_no_hostile_address_or_next_leads_off_the_site(staff, source):
    make_report(author=staff, body="#LocalKnowledge")
    headers = LANGUAGES[source]
    with app_servers(count=1, workers=2, redis_url=REDIS_URL) as (server,):
        port = int(server.rsplit(":", 1)[1])
        assert request(port, "GET", "/posts/", headers)[1] in ("/ar/posts/", "/fr/posts/")
        found = {}
        for target in HOSTILE:
            path = on_the_wire(as_path(target))
            for attempt in (path, path + "nothing-here"):
                found[("address", attempt)] = escape_from(
                    port, request(port, "GET", attempt, headers), headers
                )
            form = urlencode({"language": "ar", "next": target})
            switched = request(port, "POST", "/i18n/setlang/", headers, form)
            assert switched[0] == 302, (target, switched)
            chosen = re.match(r"django_language=\w+", switched[2])
            found[("switcher", target)] = escape_from(
                port, switched, {"Cookie": chosen[0]} if chosen else headers
            )
            query = urlencode({"next": target})
            for asked in (f"/tags/LocalKnowledge/?{query}", f"/accounts/login/?{query}"):
                found[(asked, target)] = escape_from(
                    port, request(port, "GET", asked, headers), headers
                )
    assert {key: value for key, value in found.items() if value} == {}


def test_an_imported_blogs_old_addresses_never_lead_off_the_site():
    call_command("import_blog", str(WORDPRESS), stdout=io.StringIO())
    for number, target in enumerate(HOSTILE):
        OldAddress.objects.create(path=as_path(target), target_path="/posts/")
        OldAddress.objects.create(path=f"/given-by-hand-{number}/", target_path=target)
    with app_servers(count=1, workers=2, redis_url=REDIS_URL) as (server,):
        port = int(server.rsplit(":", 1)[1])
        headers = LANGUAGES["cookie"]
        moved = request(port, "GET", "/2019/05/14/listening-before-building/", headers)
        assert moved[:2] == (301, "/posts/listening-before-building/")
        found = {}
        for number, target in enumerate(HOSTILE):
            query = urlencode({"p": 101, "next": target})
            for asked in (on_the_wire(as_path(target)), f"/?{query}",
                          f"/given-by-hand-{number}/"):  # fmt: skip
                found[(asked, target)] = escape_from(
                    port, request(port, "GET", asked, headers), headers
                )
    assert {key: value for key, value in found.items() if value} == {}
