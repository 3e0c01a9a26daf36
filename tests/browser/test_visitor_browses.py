import pytest
from playwright.sync_api import expect

from tests.factories import make_post, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_follows_a_hashtag_narrows_a_search_and_finds_the_feed(live_server, page):
    make_report(title="Listening to water committees", body="Pumps and people #LocalKnowledge")
    make_post(title="Radios before apps", language="en", body="Radio works #LocalKnowledge")
    make_post(title="La radio d'abord", language="fr", body="La radio marche #LocalKnowledge")

    page.goto(live_server.url + "/")
    popular = page.get_by_role("region", name="Most used hashtags")
    popular.get_by_role("link", name="#LocalKnowledge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("#LocalKnowledge")
    expect(page.get_by_role("link", name="Listening to water committees")).to_be_visible()
    expect(page.get_by_role("link", name="Radios before apps")).to_be_visible()

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Search").click()
    page.get_by_label("Search for").fill("radio")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 results")).to_be_visible()
    page.get_by_role("combobox", name="Language").select_option("fr")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 result")).to_be_visible()
    expect(page.get_by_role("link", name="La radio d'abord")).to_be_visible()

    page.goto(live_server.url + "/tags/localknowledge/")
    feed = page.get_by_role("link", name="Follow #LocalKnowledge (Atom feed)")
    href = feed.get_attribute("href")
    assert href == "/tags/localknowledge/feed/"
    advertised = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    expect(advertised).to_have_count(2)
    response = page.request.get(live_server.url + href)
    assert response.ok
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "Radios before apps" in response.text()
