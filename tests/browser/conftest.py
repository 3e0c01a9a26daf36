"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server."""

import os
from pathlib import Path

import pytest

from tests.factories import PASSWORD
from tests.helpers import missing_tool

# Playwright's sync API runs an event loop; the tests still use the ORM around it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def _serialized_database_in_every_context(django_db_setup):
    """Let serialized_rollback find the migrations' data (the roles) inside Playwright.

    Django keeps that data on the connection object, which is per context, and Playwright's
    event loop gives the tests a new context: so keep it on the connection class instead.
    """
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents
    yield
    if contents is not None:
        del type(connection)._test_serialized_contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _serialized_database_in_every_context):
    # Requested here so that it runs before Playwright starts its event loop.
    if not CHROMIUM.exists():
        reason = (
            "Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
        missing_tool(reason, required_by="BROWSER_TESTS")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Every journey must work without JavaScript: the site has none to need.
    return {**browser_context_args, "java_script_enabled": False}


@pytest.fixture
def open_page(browser, browser_context_args):
    """Open another person's browser window (its own cookies), watched like `page`."""
    contexts = []

    def open_one():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        new_page = context.new_page()
        _watch(new_page)
        return new_page

    yield open_one
    for context in contexts:
        context.close()


CSP_VIOLATIONS = []


def _watch(watched_page):
    watched_page.set_default_timeout(10_000)
    watched_page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and CSP_VIOLATIONS.append(message.text)
        ),
    )


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(page):
    _watch(page)
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "Chromium reported Content-Security-Policy violations"


def sign_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
