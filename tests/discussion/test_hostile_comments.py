import pytest
from django.core.cache import cache

from discussion.models import Comment
from tests.factories import comment_form_data, make_report
from tests.hostile import blns_strings, live_markup

pytestmark = pytest.mark.django_db


def discussion_of(page: str) -> str:
    start = page.index('<section class="discussion"')
    return page[start : page.index("</section>", start)]


def test_the_harness_sees_live_markup():
    assert live_markup('<p onclick="x()">a</p><a href=" JaVaScRiPt:alert(1)">b</a><script>')


def test_every_blns_string_as_a_comment_is_taken_or_refused_and_never_live(partner_client, staff):
    report = make_report(author=staff)
    strings = blns_strings()
    for text in strings:
        cache.clear()  # the rate limit is not under test here
        response = partner_client.post("/comments/post/", comment_form_data(report, text))
        assert response.status_code in (302, 422), (text, response.status_code)
        assert not live_markup(response.content.decode()), text
    assert Comment.objects.count() > len(strings) * 0.9
    page = partner_client.get(report.get_absolute_url())
    assert page.status_code == 200
    assert live_markup(discussion_of(page.content.decode())) == []
