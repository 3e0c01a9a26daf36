"""Security headers on every page type, for visitors and members."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_comment, make_post, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(staff, partner):
    report = make_report(author=staff, body="#LocalKnowledge")
    post = make_post(author=partner)
    comment = make_comment(target=report, author=partner)
    return {
        "home": reverse("pages:home"),
        "report": report.get_absolute_url(),
        "post": post.get_absolute_url(),
        "hashtags": reverse("hashtags:list"),
        "hashtag": "/tags/localknowledge/",
        "search": "/search/?q=water",
        "feed": reverse("pages:feed"),
        "sign in": reverse("account_login"),
        "reply": reverse("discussion:reply", args=[comment.pk]),
        "moderation": reverse("discussion:moderation"),
        "missing": "/no-such-page/",
    }


def check(response):
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_every_page_type_sends_the_security_headers(client, staff_client, pages):
    for name, url in pages.items():
        visitor = client.get(url)
        member = staff_client.get(url)
        assert member.status_code in (200, 302, 404), name
        check(visitor)
        check(member)


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_https_pages_send_hsts(client):
    response = client.get(reverse("pages:home"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
