"""Every redirect the site issues stays on the site, whatever address or `next` it is given.

A family of hostile targets (addresses a browser would read as another host) is tried as the
requested address and as every redirecting view's `next`, for each way a visitor states a
language and for each role; each redirect is followed while it stays on the site, so a
chain (a safe-looking `next`, then the language redirect) is caught too.
"""

import io
import re
import unicodedata
from urllib.parse import unquote_to_bytes, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from discussion.models import Flag
from discussion.services import comment_flag
from hashtags.models import HashtagRedirect
from importing.models import OldAddress
from posts.models import Post
from tests.factories import PASSWORD, make_comment, make_report, make_user
from tests.importing.test_import_blog import WORDPRESS as WORDPRESS_SAMPLE

pytestmark = pytest.mark.django_db

HOSTILE = [
    "//evil.example/",
    "//evil.example/posts/",  # a page of the site once the host is read off
    "///evil.example/",
    "////evil.example/posts/",
    "/%2Fevil.example/",  # read by the server as //evil.example/
    "/%2Fevil.example/posts/",
    "/%2F%2Fevil.example/",
    "/%2f%2fevil.example/posts/",
    "/%252F%252Fevil.example/",
    "/\\evil.example/",
    "/\\\\evil.example/posts/",
    "\\\\evil.example/",
    "/\\/evil.example/",
    "/%5Cevil.example/",
    "/%5C/evil.example/posts/",
    "/%5C%5Cevil.example/posts/",
    "/%255C%255Cevil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/posts/",
    "/%09/evil.example/",
    "/%0D%0A/evil.example/",
    " //evil.example/",
    "https:evil.example/",
    "https://evil.example/",
    "http:/\\evil.example/",
    "javascript:alert(1)",
    "/／evil.example/",
    "／／evil.example/posts/",
    "/%EF%BC%8F%EF%BC%8Fevil.example/",
    "//testserver@evil.example/",
    "/.//evil.example/",
]
LANGUAGE = "fr"
# How a visitor states a language, and who states it each way.
SOURCES = [
    ("accept-language", "anonymous"),
    ("cookie", "anonymous"),
    ("accept-language", "member"),
    ("cookie", "partner"),
    ("preference", "member"),
    ("preference", "partner"),
    ("preference", "staff"),
]
HOPS = 6


def as_path(target: str) -> str:
    return target if target.startswith("/") else f"/{target}"


def path_info(path: str) -> str:
    """The path as a WSGI server hands it to Django: percent-decoded once, UTF-8 as Latin-1."""
    return unquote_to_bytes(path).decode("iso-8859-1")


def browser_reading(location: str) -> str:
    """Location as a browser reads it: tabs and line breaks dropped, leading controls and
    spaces stripped, full-width forms as ASCII, backslashes as slashes."""
    text = re.sub(r"[\t\n\r]", "", location).lstrip("".join(map(chr, range(0x21))))
    return unicodedata.normalize("NFKC", text).replace("\\", "/")


def off_site(location: str, host: str = "testserver") -> bool:
    read = browser_reading(location)
    parts = urlsplit(read)
    if read.startswith("//") or parts.netloc not in ("", host):
        return True
    return parts.scheme not in ("", "http", "https") or bool(parts.scheme and not parts.netloc)


def person(request, role: str, source: str):
    """A client for role stating LANGUAGE by source, and the headers its requests carry."""
    client = Client()
    if role != "anonymous":
        user = request.getfixturevalue(role)
        if source == "preference":
            User.objects.filter(pk=user.pk).update(preferred_language=LANGUAGE)
            user.refresh_from_db()
        client.force_login(user)
    if source == "cookie":
        client.cookies["django_language"] = LANGUAGE
    headers = {"HTTP_ACCEPT_LANGUAGE": LANGUAGE} if source == "accept-language" else {}
    return client, headers


def escapes(client, response, headers) -> list[str]:
    """Follow the redirects from response while they stay on the site; the first Location
    that leaves it, if any."""
    for _hop in range(HOPS):
        location = response.get("Location")
        if location is None:
            return []
        if off_site(location):
            return [location]
        parts = urlsplit(location)
        response = client.get(
            "/", PATH_INFO=path_info(parts.path), QUERY_STRING=parts.query, **headers
        )
    return []


@pytest.mark.parametrize(("source", "role"), SOURCES)
def test_the_language_redirect_never_leaves_the_site(request, source, role):
    client, headers = person(request, role, source)
    assert client.get("/posts/", **headers)["Location"] == f"/{LANGUAGE}/posts/"
    found = {}
    for target in HOSTILE:
        for path in (as_path(target), as_path(target) + "nothing-here"):
            response = client.get("/", PATH_INFO=path_info(path), **headers)
            if escape := escapes(client, response, headers):
                found[path] = escape
    assert found == {}


@pytest.mark.parametrize(("source", "role"), SOURCES)
def test_the_language_switcher_never_sends_anyone_off_the_site(request, source, role):
    client, headers = person(request, role, source)
    found = {}
    for target in HOSTILE:
        for language in ("fr", "ar", "en"):
            for fields, extra in [
                ({"language": language, "next": target}, {}),
                ({"language": language}, {"HTTP_REFERER": target}),
            ]:
                response = client.post("/i18n/setlang/", fields, **headers, **extra)
                assert response.status_code == 302
                if escape := escapes(client, response, headers):
                    found[(target, language, tuple(extra))] = escape
    assert found == {}


@pytest.mark.parametrize(("source", "role"), [s for s in SOURCES if s[1] != "anonymous"])
def test_signing_in_and_out_never_sends_anyone_off_the_site(request, settings, source, role):
    settings.ACCOUNT_RATE_LIMITS = False  # one sign-in per hostile target
    found = {}
    for target in HOSTILE:
        client, headers = person(request, "anonymous", source)
        user = request.getfixturevalue(role)
        response = client.post(
            "/accounts/login/",
            {"login": user.email, "password": PASSWORD, "next": target},
            **headers,
        )
        assert response.status_code == 302, target
        found[("sign in", target)] = escapes(client, response, headers)
        # Signed in, the sign-in page sends them on to next at once.
        response = client.get("/accounts/login/", {"next": target}, **headers)
        found[("signed in", target)] = escapes(client, response, headers)
        response = client.post("/accounts/logout/", {"next": target}, **headers)
        assert response.status_code == 302, target
        found[("sign out", target)] = escapes(client, response, headers)
    assert {key: value for key, value in found.items() if value} == {}


@pytest.mark.parametrize(("source", "role"), SOURCES)
def test_moved_hashtags_never_send_anyone_off_the_site(request, source, role, staff):
    make_report(author=staff, body="#LocalKnowledge")
    HashtagRedirect.objects.create(old_slug="local-wisdom", tag_id=_tag_id("localknowledge"))
    client, headers = person(request, role, source)
    found = {}
    for target in HOSTILE:
        for old in ("/tags/local-wisdom/", "/tags/LocalKnowledge/", "/tags/LocalKnowledge/feed/"):
            response = client.get(old, {"next": target, "page": target}, **headers)
            assert response.status_code in (301, 302), old
            if escape := escapes(client, response, headers):
                found[(old, target)] = escape
    assert found == {}


def _tag_id(slug: str) -> int:
    from taggit.models import Tag

    return Tag.objects.get(slug=slug).pk


@pytest.mark.parametrize("source", ["accept-language", "cookie", "preference"])
def test_moderation_and_saving_never_send_anyone_off_the_site(request, source, staff, member):
    report = make_report(author=staff)
    client, headers = person(request, "staff", source)
    found = {}
    for target in HOSTILE:
        held = make_comment(target=report, author=member, published=False)
        flagged = make_comment(target=report, author=member)
        reported = comment_flag(comment=flagged, by=make_user(), reason=Flag.Reason.SPAM)
        responses = {
            "approve": client.post(f"/comments/{held.pk}/approve/", {"next": target}, **headers),
            "dismiss": client.post(
                f"/comments/flags/{reported.pk}/dismiss/", {"next": target}, **headers
            ),
            "remove": client.post(
                f"/comments/{flagged.pk}/remove/", {"reason": "Spam", "next": target}, **headers
            ),
            "save": client.post(
                "/posts/new/",
                {
                    "title": "Saved",
                    "summary": "s",
                    "context": "c",
                    "language": "en",
                    "action": "save",
                    "next": target,
                },
                **headers,
            ),
        }
        for view, response in responses.items():
            assert response.status_code == 302, (view, target)
            if escape := escapes(client, response, headers):
                found[(view, target)] = escape
    assert found == {}


@pytest.mark.parametrize(
    "location",
    ["//evil.example/", "/\\evil.example", " \t//evil.example", "https:evil.example", "／／evil"],
)
def test_the_check_itself_catches_what_a_browser_reads_as_another_host(location):
    assert off_site(location)
    assert not off_site("/fr/posts/") and not off_site("/%2F%2Fevil.example/")
    assert not off_site("http://testserver/fr/")


@pytest.mark.parametrize(("source", "role"), SOURCES)
def test_an_imported_blogs_old_addresses_never_send_anyone_off_the_site(request, source, role):
    call_command("import_blog", str(WORDPRESS_SAMPLE), stdout=io.StringIO())
    lesson = Post.objects.get(title="Listening before building").get_absolute_url()
    for number, target in enumerate(HOSTILE):
        # Old addresses that look hostile themselves, and ones given a hostile target.
        OldAddress.objects.create(path=as_path(target), target_path="/posts/")
        OldAddress.objects.create(path=f"/given-by-hand-{number}/", target_path=target)
    client, headers = person(request, role, source)
    assert client.get("/?p=101", **headers)["Location"] == lesson
    found = {}
    for target in HOSTILE:
        for old in (as_path(target), "/2019/05/14/listening-before-building/", "/"):
            response = client.get(
                "/",
                PATH_INFO=path_info(old),
                QUERY_STRING=urlencode({"p": 101, "next": target}),
                **headers,
            )
            if escape := escapes(client, response, headers):
                found[(old, target)] = escape
    for number in range(len(HOSTILE)):
        response = client.get(f"/given-by-hand-{number}/", **headers)
        if escape := escapes(client, response, headers):
            found[number] = escape
    assert found == {}
