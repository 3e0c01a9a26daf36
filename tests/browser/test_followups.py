import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import PARTNERS_GROUP
from posts.models import Post
from tests.browser.conftest import sign_in
from tests.factories import make_post, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Water committees need mechanics"


def test_a_writer_follows_up_a_waiting_lesson_and_visitors_find_it_applied(
    live_server, open_page, organisation
):
    writer = make_user(name="Wanjiru Writer", organisation=organisation, groups=(PARTNERS_GROUP,))
    lesson = make_post(author=writer, title=TITLE)
    Post.objects.filter(pk=lesson.pk).update(published_at=timezone.now() - timedelta(days=200))

    page = open_page()
    sign_in(page, live_server.url, writer.email)
    page.goto(f"{live_server.url}/members/{writer.pk}/")
    waiting = page.get_by_role("region", name="Lessons waiting for a follow-up")
    waiting.get_by_role("link", name="Add a follow-up").click()
    expect(page.get_by_role("heading", name="What came of this lesson?")).to_be_visible()
    # Sent half-filled, the form says what is missing and keeps what was typed.
    page.get_by_label("Not applied").check()
    page.get_by_label("When").fill("2026-04-10")
    page.get_by_role("button", name="Save the follow-up").click()
    expect(page.get_by_text("Say why the lesson was not applied.")).to_be_visible()
    expect(page.get_by_text("Choose the country where it happened.")).to_be_visible()
    expect(page.get_by_label("When")).to_have_value("2026-04-10")
    page.get_by_label("Partly applied").check()
    page.get_by_label("Where").select_option("KE")
    page.get_by_label("Note").fill("دربنا **ميكانيكيين** اثنين في القرية.")
    page.get_by_role("combobox", name="Written in").select_option("ar")
    page.get_by_role("button", name="Save the follow-up").click()

    expect(page).to_have_url(re.compile(rf"/posts/{lesson.slug}/#follow-up-\d+$"))
    timeline = page.get_by_role("region", name="Did we apply it?")
    expect(timeline.get_by_text("Partly applied")).to_be_visible()
    note = timeline.locator(".timeline__note")
    expect(note).to_have_attribute("dir", "rtl")
    expect(note.locator("strong")).to_have_text("ميكانيكيين")
    page.goto(f"{live_server.url}/members/{writer.pk}/")
    expect(page.get_by_role("region", name="Lessons waiting for a follow-up")).to_have_count(0)

    visitor = open_page()
    visitor.goto(live_server.url + "/ar/posts/")
    visitor.get_by_role("combobox", name="المتابعة").select_option("partly")
    visitor.get_by_role("button", name="تصفية").click()
    card = visitor.get_by_role("article").filter(has_text=TITLE)
    expect(card.get_by_role("link", name="متابعة واحدة")).to_be_visible()
    card.get_by_role("link", name="متابعة واحدة").click()
    expect(visitor.get_by_role("region", name="هل طبّقناه؟")).to_contain_text("طُبِّق جزئيًا")
