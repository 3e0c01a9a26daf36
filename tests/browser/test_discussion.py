import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.factories import make_report, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_partner_comments_staff_reply_new_member_waits_for_approval_visitor_reads_it_all(
    live_server, open_page, partner, staff
):
    report = make_report(author=staff, title="Listening before designing")
    address = live_server.url + report.get_absolute_url()

    writer = open_page()
    sign_in(writer, live_server.url, partner.email)
    writer.goto(address)
    writer.get_by_label("Your comment").fill("How did you include people who *do not read*?")
    writer.get_by_role("button", name="Send comment").click()
    expect(writer.get_by_text("Your comment is published.")).to_be_visible()
    question = writer.locator("article.comment").filter(has_text="How did you include")
    expect(question.locator("em")).to_have_text("do not read")
    expect(question.get_by_text("Local partner")).to_be_visible()
    writer.close()

    answerer = open_page()
    sign_in(answerer, live_server.url, staff.email)
    answerer.goto(address)
    answerer.locator("li", has_text="How did you include").get_by_role(
        "link", name="Reply"
    ).first.click()
    expect(answerer.get_by_role("heading", level=1)).to_have_text("Reply to Pablo Partner")
    answerer.get_by_label("Your comment").fill("We walked the site together, in Swahili.")
    answerer.get_by_role("button", name="Send reply").click()
    expect(answerer.get_by_text("Your comment is published.")).to_be_visible()

    newcomer = make_user(name="Nadia Newcomer")
    member = open_page()
    sign_in(member, live_server.url, newcomer.email)
    member.goto(address)
    member.get_by_label("Your comment").fill("شكرًا، هذا مفيد جدًا")
    member.get_by_label("Written in").select_option("ar")
    member.get_by_role("button", name="Send comment").click()
    expect(member.get_by_text("waits for a moderator")).to_be_visible()
    expect(member.get_by_text("Only you can see it until then.").last).to_be_visible()

    visitor = open_page()
    visitor.goto(address)
    expect(visitor.get_by_text("شكرًا، هذا مفيد جدًا")).to_have_count(0)

    answerer.goto(live_server.url + "/moderation/")
    held = answerer.locator("section.moderation-item").filter(has_text="شكرًا")
    expect(held.get_by_text("Waiting for approval")).to_be_visible()
    held.get_by_role("button", name="Approve and publish").click()
    expect(answerer.get_by_text("The comment is published.")).to_be_visible()
    expect(answerer.get_by_text("Nothing is waiting.")).to_be_visible()

    visitor.goto(address)
    thread = visitor.locator("ol.thread")
    reply = thread.locator("ol.replies article.comment")
    expect(reply).to_contain_text("We walked the site together, in Swahili.")
    expect(reply.locator(".badge--staff")).to_have_text("Staff")
    arabic = thread.locator("div.comment__body[lang='ar']")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(arabic).to_have_text("شكرًا، هذا مفيد جدًا")
    expect(visitor.get_by_role("link", name="Sign in to join the discussion")).to_be_visible()
    expect(visitor.get_by_role("heading", name="Discussion (3)")).to_be_visible()
