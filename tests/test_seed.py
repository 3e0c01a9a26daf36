import pytest
from django.core.management import call_command
from django.urls import reverse

from discussion.models import Comment
from posts.models import Post
from seminars.models import SeminarReport

pytestmark = pytest.mark.django_db


def test_seed_builds_a_community_the_pages_can_show(client):
    call_command("seed", scale=0.02, stdout=None)
    assert Post.objects.published().count() == 20
    assert SeminarReport.objects.published().count() == 4
    assert Comment.objects.count() == 200 + 200
    busy = Post.objects.published().order_by("pk").first()
    thread = Comment.objects.on(busy).order_by("thread_id", "order")
    assert thread.count() >= 200 and max(c.level for c in thread) == 2
    page = client.get(busy.get_absolute_url())
    assert page.status_code == 200
    assert page.content.decode().count('class="comment"') >= 200
    for url in [
        reverse("pages:home"),
        reverse("hashtags:list"),
        reverse("posts:list"),
        "/search/?q=water",
    ]:
        assert client.get(url).status_code == 200, url
