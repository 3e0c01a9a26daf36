"""A hashtag's feed is public only when its page is, and one draft cannot flood the hashtags."""

import pytest
from taggit.models import Tag

from hashtags.services import hashtag_rename
from posts.models import Post
from publishing.forms import MAX_HASHTAGS
from seminars.models import SeminarReport
from tests.factories import make_post, make_report
from tests.posts.test_views import editor_data as post_data
from tests.seminars.test_views import editor_data as report_data

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_hashtag_of_drafts_only_has_no_feed_as_it_has_no_page(client, request, role):
    make_post(body="#SecretPlan", action="save")
    make_report(body="#SecretPlan", publish=False)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert client.get("/tags/secretplan/").status_code == 404
    response = client.get("/tags/secretplan/feed/")
    assert response.status_code == 404
    assert "SecretPlan" not in response.content.decode()


@pytest.mark.django_db
def test_a_published_hashtags_feed_lists_only_its_published_items(client):
    published = make_post(body="#Water", title="Wells we dug")
    make_post(body="#Water", title="Draft about water", action="save")
    response = client.get("/tags/water/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert published.title in feed and "Draft about water" not in feed


@pytest.mark.django_db
def test_a_hashtag_unpublished_everywhere_loses_its_feed(client):
    from posts.services import post_unpublish

    post = make_post(body="#Fleeting")
    assert client.get("/tags/fleeting/feed/").status_code == 200
    post_unpublish(post=post)
    assert client.get("/tags/fleeting/feed/").status_code == 404


@pytest.mark.django_db
def test_a_renamed_hashtags_feed_redirects_and_follows_the_new_pages_visibility(client):
    make_post(body="#Agua")
    hashtag_rename(tag=Tag.objects.get(name="Agua"), name="Water", slug="water")
    response = client.get("/tags/agua/feed/")
    assert (response.status_code, response["Location"]) == (301, "/tags/water/feed/")
    assert client.get("/tags/water/feed/").status_code == 200

    make_post(body="#Brouillon", action="save")
    hashtag_rename(tag=Tag.objects.get(name="Brouillon"), name="Draft", slug="draft")
    assert client.get("/tags/brouillon/feed/")["Location"] == "/tags/draft/feed/"
    assert client.get("/tags/draft/feed/").status_code == 404


def _many(count: int, start: int = 0) -> str:
    return " ".join(f"#Tag{number}" for number in range(start, start + count))


EDITORS = [
    pytest.param("/posts/new/", post_data, Post, "partner_client", id="lesson"),
    pytest.param("/seminars/new/", report_data, SeminarReport, "staff_client", id="report"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "data", "model", "writer"), EDITORS)
@pytest.mark.parametrize(
    ("body_tags", "field_tags"),
    [(0, MAX_HASHTAGS + 1), (20, 11), (MAX_HASHTAGS + 1, 0), (0, 5000)],
)
def test_too_many_hashtags_are_refused_beside_the_field_and_the_text_kept(
    request, url, data, model, writer, body_tags, field_tags
):
    client = request.getfixturevalue(writer)
    tags_before = Tag.objects.count()
    body = f"A story worth keeping. {_many(body_tags)}"
    for action in ("save", "preview"):
        response = client.post(
            url, data(body=body, hashtags=_many(field_tags, start=body_tags), action=action)
        )
        assert response.status_code == 422
        errors = " ".join(response.context["form"].errors["hashtags"])
        assert f"at most {MAX_HASHTAGS} hashtags" in errors
        assert "A story worth keeping." in response.content.decode()
    assert not model.objects.exists()
    assert Tag.objects.count() == tags_before


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "data", "model", "writer"), EDITORS)
def test_up_to_the_limit_of_hashtags_is_saved_counting_repeats_once(
    request, url, data, model, writer
):
    client = request.getfixturevalue(writer)
    body = f"A story. {_many(MAX_HASHTAGS - 1)} #Extra"
    # The same hashtags again, in any case, count once.
    again = _many(MAX_HASHTAGS - 1).lower() + " #EXTRA"
    response = client.post(url, data(body=body, hashtags=again))
    assert response.status_code == 302
    assert model.objects.get().tags.count() == MAX_HASHTAGS


@pytest.mark.django_db
def test_the_limit_is_explained_in_the_writers_language(partner_client):
    response = partner_client.post("/fr/posts/new/", post_data(hashtags=_many(40)))
    assert response.status_code == 422
    assert "au plus 30 hashtags" in " ".join(response.context["form"].errors["hashtags"])
