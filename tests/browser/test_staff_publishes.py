import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_staff_write_preview_and_publish_a_report_that_visitors_then_find(
    live_server, page, open_page, staff
):
    sign_in(page, live_server.url, staff.email)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Seminars").click()
    page.get_by_role("link", name="Write a seminar report").click()

    page.get_by_label("Title").fill("What the Suva forum taught us")
    page.get_by_label("Summary").fill("Early warning starts with the people who read the sea.")
    page.get_by_label("Seminar or event").fill("Pacific Resilience Forum")
    page.get_by_label("Organised by").fill("Pacific Resilience Network")
    page.get_by_label("Date of the event").fill("2026-10-02")
    page.get_by_label("Place").fill("Suva, Fiji")
    page.get_by_label("Key takeaways").fill("Radios reach further than apps\nElders first")
    page.get_by_label("Body").fill(
        "Fishers warned us **two days** before the forecast. #LocalKnowledge #EarlyWarning"
    )

    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview: not saved yet")
    expect(preview.locator("strong", has_text="two days")).to_be_visible()
    expect(preview.get_by_role("link", name="#EarlyWarning").first).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("What the Suva forum taught us")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: everyone can read it now.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("What the Suva forum taught us")

    visitor = open_page()
    visitor.goto(live_server.url + "/seminars/")
    visitor.get_by_role("link", name="What the Suva forum taught us").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("What the Suva forum taught us")
    expect(visitor.get_by_text("Radios reach further than apps")).to_be_visible()
    visitor.get_by_role("list", name="Hashtags").get_by_role(
        "link", name="#LocalKnowledge"
    ).click()
    expect(visitor).to_have_url(live_server.url + "/tags/localknowledge/")
    expect(visitor.get_by_role("link", name="What the Suva forum taught us")).to_be_visible()
    visitor.close()


def test_an_over_long_body_is_refused_with_every_word_kept(live_server, page, staff):
    sign_in(page, live_server.url, staff.email)
    page.goto(live_server.url + "/seminars/new/")
    body = "word " * 10_000
    page.get_by_label("Title").fill("Too long")
    page.get_by_label("Body").fill(body)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("Nothing was saved yet.")).to_be_visible()
    expect(page.get_by_text("Ensure this value has at most 30000 characters")).to_be_visible()
    assert page.get_by_label("Body").input_value() == body
    expect(page.get_by_label("Title")).to_have_value("Too long")
