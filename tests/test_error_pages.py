"""Error pages speak the language the visitor chose, at prefixed and unprefixed addresses."""

from html import unescape

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import translation

from accounts.models import User
from tests.factories import make_comment, make_report

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "es", "ar"]
SOURCES = ["accept-language", "cookie", "preference"]


def raising(error):
    def fail(*args, **kwargs):
        raise error

    return fail


def not_found(client, headers):
    return client.get("/nothing-here/", follow=True, **headers)


def lesson_not_found(client, headers):
    return client.get("/posts/no-such-lesson/", follow=True, **headers)


def not_found_for_a_form(client, headers):
    return client.post("/nothing-here/", {"q": "x"}, **headers)


def forbidden(client, headers):
    author = User.objects.create(email="writer@example.org", name="Writer")
    held = make_comment(target=make_report(), author=author, published=False)
    return client.post(f"/comments/{held.pk}/approve/", **headers)


def forbidden_page(client, headers):
    return client.get("/posts/review/", follow=True, **headers)


def expired_form(client, headers):
    """A form sent without its CSRF token (the client checks them for this one)."""
    return client.post("/accounts/login/", {"login": "someone@example.org"}, **headers)


def server_error(monkeypatch, error):
    def trigger(client, headers):
        monkeypatch.setattr("pages.views.reverse", raising(error))
        return client.get("/robots.txt", **headers)

    return trigger


def server_error_on_a_page(monkeypatch, error):
    def trigger(client, headers):
        monkeypatch.setattr("pages.views.hashtag_uses", raising(error))
        return client.get("/", follow=True, **headers)

    return trigger


# page: (status, a string the page shows, how to make it happen, preference sources it
# follows). A server error at an unprefixed address does not ask the database for a
# member's preference: the database may be what failed.
def cases(monkeypatch):
    database_away = OperationalError("could not connect to server")
    return {
        "404": (404, "We could not find that page", not_found, SOURCES),
        "404 lesson": (404, "We could not find that page", lesson_not_found, SOURCES),
        "404 form": (404, "We could not find that page", not_found_for_a_form, SOURCES),
        "403": (403, "You do not have access to this page", forbidden, SOURCES),
        "403 page": (403, "You do not have access to this page", forbidden_page, SOURCES),
        "403_csrf": (403, "Your form had expired", expired_form, SOURCES),
        "500": (
            500,
            "Something went wrong on our side",
            server_error(monkeypatch, RuntimeError("boom")),
            SOURCES[:2],
        ),
        "500 page": (
            500,
            "Something went wrong on our side",
            server_error_on_a_page(monkeypatch, RuntimeError("boom")),
            SOURCES,
        ),
        "503": (
            503,
            "We are back in a moment",
            server_error(monkeypatch, database_away),
            SOURCES[:2],
        ),
        "503 page": (
            503,
            "We are back in a moment",
            server_error_on_a_page(monkeypatch, database_away),
            SOURCES,
        ),
    }


@pytest.mark.parametrize(
    ("error_page", "source"),
    [(name, source) for name, case in cases(None).items() for source in case[3]],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_error_pages_speak_the_visitors_language(
    monkeypatch, member, error_page, language, source
):
    status, text, trigger, _sources = cases(monkeypatch)[error_page]
    if source == "preference":
        User.objects.filter(pk=member.pk).update(preferred_language=language)
    client = Client(raise_request_exception=False, enforce_csrf_checks=trigger is expired_form)
    client.force_login(member)
    if source == "cookie":
        client.cookies["django_language"] = language
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if source == "accept-language" else {}
    response = trigger(client, headers)
    html = unescape(response.content.decode())
    assert response.status_code == status
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    with translation.override(language):
        assert translation.gettext(text) in html
    assert text not in html


@pytest.mark.parametrize("error_page", list(cases(None)))
def test_error_pages_stay_english_for_english_visitors(monkeypatch, member, error_page):
    status, text, trigger, _sources = cases(monkeypatch)[error_page]
    client = Client(raise_request_exception=False, enforce_csrf_checks=trigger is expired_form)
    client.force_login(member)
    response = trigger(client, {"HTTP_ACCEPT_LANGUAGE": "en"})
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="en" dir="ltr">' in html and text in html


def test_an_addresss_language_prefix_wins_over_the_preference(client):
    client.cookies["django_language"] = "ar"
    response = client.get("/fr/nothing-here/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def test_a_404_for_a_hostile_address_is_in_the_visitors_language(client):
    client.cookies["django_language"] = "ar"
    response = client.get("/", PATH_INFO="//evil.example/posts/")
    assert response.status_code == 404 and "Location" not in response
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_site_answers_csrf_failures_itself(settings):
    assert settings.CSRF_FAILURE_VIEW == "pages.views.csrf_failure"
