import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_visitor_switches_the_home_page_to_arabic_and_reads_right_to_left(live_server, page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role("button", name="العربية").click()

    expect(page).to_have_url(re.compile(r"/ar/$"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def test_pages_load_their_stylesheet_without_console_errors(live_server, page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(live_server.url + "/")
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert errors == []
