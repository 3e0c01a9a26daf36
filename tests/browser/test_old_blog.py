"""An imported blog in Chromium: a reader following an old link shared years ago lands on
the lesson, with its photo and its discussion, and on a label's old page lands on the
hashtag."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.importing.test_import_blog import WORDPRESS
from tests.uploads import samples

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_old_link_leads_to_the_imported_lesson_and_its_discussion(live_server, page, tmp_path):
    media = tmp_path / "uploads" / "2019" / "05"
    media.mkdir(parents=True)
    (media / "well.jpg").write_bytes(samples.jpeg_with_metadata(1200, 800))
    call_command("import_blog", str(WORDPRESS), "--uploads", str(tmp_path / "uploads"),
                 stdout=io.StringIO())  # fmt: skip

    page.goto(live_server.url + "/2019/05/14/listening-before-building/")
    assert page.url == live_server.url + "/posts/listening-before-building/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Listening before building")
    photo = page.get_by_role("img", name="The new well, beside the school")
    expect(photo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth > 0", photo.element_handle())
    expect(page.get_by_text("The district council, from its small grants.")).to_be_visible()
    expect(page.get_by_text("old blog")).to_have_count(0)
    # Someone with no account here is named, not linked.
    expect(page.get_by_role("link", name="Kofi Mensah")).to_have_count(0)
    expect(page.get_by_text("Kofi Mensah").first).to_be_visible()

    page.goto(live_server.url + "/?p=101")
    assert page.url == live_server.url + "/posts/listening-before-building/"
    page.goto(live_server.url + "/tag/local-knowledge/")
    assert page.url == live_server.url + "/tags/localknowledge/"
    expect(page.get_by_role("link", name="Listening before building")).to_be_visible()
