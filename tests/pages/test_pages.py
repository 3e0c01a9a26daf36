import re

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from tests.factories import make_user
from tests.helpers import client_as, queries_for


@pytest.mark.django_db
def test_home_says_what_the_community_is_in_english(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Learn from each other, in public" in html
    assert 'href="#main"' in html and 'id="main"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "direction", "heading"),
    [
        ("/fr/", "fr", "ltr", "Apprendre les uns des autres, en public"),
        ("/es/", "es", "ltr", "Aprender unos de otros, en público"),
        ("/ar/", "ar", "rtl", "نتعلّم من بعضنا، علنًا"),
    ],
)
def test_each_language_has_its_own_address_direction_and_translation(
    client, prefix, lang, direction, heading
):
    response = client.get(prefix)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_language_switcher_works_without_javascript_and_is_remembered(client, member):
    html = client.get(f"/fr/members/{member.pk}/").content.decode()
    nav = re.search(r'<nav class="language-nav".*?</nav>', html, re.S).group(0)
    assert '<form method="post" action="/i18n/setlang/">' in nav
    assert f'name="next" value="/fr/members/{member.pk}/"' in nav
    assert 'value="fr" lang="fr" aria-current="true"' in nav
    assert (
        f'<link rel="alternate" hreflang="ar" href="http://testserver/ar/members/{member.pk}/">'
    ) in html

    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/fr/members/{member.pk}/"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/"
    assert response.cookies["django_language"].value == "en"
    # A French browser that chose English stays in English.
    response = client.get(f"/members/{member.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_first_visit_follows_the_browsers_language(client):
    response = client.get("/posts/?language=fr", HTTP_ACCEPT_LANGUAGE="ar,fr;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == "/ar/posts/?language=fr"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="sw,de").status_code == 200
    assert client.get("/fr/", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200


@pytest.mark.django_db
def test_a_members_preferred_language_is_used_until_they_choose_another(client, member):
    member.preferred_language = "es"
    member.save()
    client.force_login(member)
    assert client.get("/seminars/")["Location"] == "/es/seminars/"
    client.post("/i18n/setlang/", {"language": "en", "next": "/seminars/"})
    assert client.get("/seminars/").status_code == 200


@pytest.mark.django_db
def test_saving_a_preferred_language_switches_to_it(member_client, member):
    response = member_client.post(
        "/accounts/profile/",
        {"name": member.name, "preferred_language": "ar", "country": "", "bio": ""},
    )
    assert response["Location"] == f"/ar/members/{member.pk}/"
    assert response.cookies["django_language"].value == "ar"


@pytest.mark.django_db
def test_posting_the_switcher_sets_no_session_and_needs_no_csrf_cookie():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response["Location"] == "/es/"
    assert set(response.cookies) == {"django_language"}
    assert client.get("/i18n/setlang/").status_code == 405


@pytest.mark.django_db
def test_anonymous_pages_set_no_cookies_so_shared_caches_can_keep_them(client):
    response = client.get("/")
    assert response.cookies == {}


@pytest.mark.django_db
def test_pages_forbid_inline_script_and_style(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_unknown_address_gets_the_branded_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_forbidden_gets_the_branded_403(rf: RequestFactory, member):
    request = rf.get("/somewhere/")
    request.user = member
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have access to this page" in html
    assert 'class="site-header"' in html


def test_500_page_renders_without_a_database(rf):
    # No database access is allowed in this test: a query would fail it.
    with translation.override("en"):
        response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
def test_expired_form_gets_a_branded_page_that_says_what_to_do():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form had expired" in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "partner", "staff", "superuser"])
def test_a_profile_is_public_only_once_its_address_is_verified(client, request, role):
    unverified = make_user(name="Unverified Ursula", verified=False)
    client = client_as(client, request, role)
    assert client.get(f"/members/{unverified.pk}/").status_code == 404
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    assert client.get(f"/members/{unverified.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_member_sees_their_own_profile_before_verifying(client):
    unverified = make_user(name="Unverified Ursula", verified=False)
    client.force_login(unverified)
    response = client.get(f"/members/{unverified.pk}/")
    assert response.status_code == 200
    assert "Edit your profile" in response.content.decode()


@pytest.mark.django_db
def test_a_profile_costs_the_same_queries_verified_or_not(client):
    member = make_user(verified=False)
    client.force_login(member)
    own_unverified = queries_for(client, f"/members/{member.pk}/")
    EmailAddress.objects.filter(user=member).update(verified=True)
    assert queries_for(client, f"/members/{member.pk}/") == own_unverified
