import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import PASSWORD
from tests.helpers import run_tasks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_newcomer_signs_up_verifies_their_email_and_sees_their_profile(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join", exact=True).click()

    page.get_by_label("Name").fill("Kofi Newcomer")
    page.get_by_label("Email").fill("kofi@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()

    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    run_tasks()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/") :])
    page.get_by_role("button", name="Confirm").click()

    account_nav = page.get_by_role("navigation", name="Your account")
    account_nav.get_by_role("link", name="Kofi Newcomer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kofi Newcomer")
    expect(page.get_by_role("link", name="Edit your profile")).to_be_visible()

    account_nav.get_by_role("button", name="Sign out").click()
    expect(account_nav.get_by_role("link", name="Sign in")).to_be_visible()
