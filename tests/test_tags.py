import pytest

from tests.factories import make_report


@pytest.mark.django_db
def test_hashtag_page_lists_published_reports_with_that_hashtag(client):
    tagged = make_report(title="Tagged", body="#LocalKnowledge")
    make_report(title="Draft tagged", body="#LocalKnowledge", publish=False)
    make_report(title="Untagged", body="nothing")
    response = client.get("/tags/localknowledge/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 dir="auto">#LocalKnowledge</h1>' in html
    assert tagged.title in html
    assert "Draft tagged" not in html and "Untagged" not in html


@pytest.mark.django_db
def test_hashtag_addresses_ignore_case(client):
    make_report(body="#LocalKnowledge")
    response = client.get("/tags/LocalKnowledge/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/localknowledge/"


@pytest.mark.django_db
def test_unknown_hashtag_gets_the_friendly_404(client):
    response = client.get("/tags/nothing-here/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
