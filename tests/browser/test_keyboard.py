"""A partner signs in, finds a report and replies to a comment with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, make_comment, make_report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MOST_TABS = 80


def tab_to(page, locator) -> None:
    """Press Tab until the element has focus, as someone without a mouse would."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            # Focus must be visible: the site draws an outline on :focus-visible.
            outline = locator.evaluate("element => getComputedStyle(element).outlineStyle")
            assert outline != "none", "the focused element shows no outline"
            return
    raise AssertionError(f"{locator} never took the focus")


@pytest.fixture
def keyboard_page(browser, browser_context_args):
    # JavaScript on only so the test can ask which element has focus; the site has none.
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": True})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_partner_replies_to_a_comment_with_the_keyboard_alone(
    live_server, keyboard_page, partner, staff
):
    report = make_report(author=staff, title="Walking the water points")
    make_comment(target=report, author=staff, text="What would you add?")
    page = keyboard_page

    page.goto(live_server.url + "/")
    tab_to(page, page.get_by_role("link", name="Sign in").first)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(partner.email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=partner.name)).to_be_visible()

    tab_to(page, page.get_by_role("link", name="Seminars"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Walking the water points"))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("#discussion").get_by_role("link", name="Reply"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_label("Your comment"))
    page.keyboard.type("Ask the women who carry the water first.")
    tab_to(page, page.get_by_role("button", name="Send reply"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your comment is published.")).to_be_visible()
    expect(page.locator("ol.replies")).to_contain_text("Ask the women who carry the water first.")
