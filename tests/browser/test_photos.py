"""Photos and files in Chromium with JavaScript off: staff publish a report with photos and a
PDF, a partner's photo goes through review, and a report with photos stays light on a phone."""

import re

import pytest
from playwright.sync_api import expect

from posts.models import Post
from tests.browser.conftest import sign_in
from tests.factories import add_photos, make_report
from tests.uploads import samples

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The first screen of a report with three photos on a 390 px wide phone, over the wire.
PHONE_BUDGET = 120 * 1024


@pytest.fixture
def photo_files(tmp_path):
    paths = []
    for number in range(2):
        path = tmp_path / f"workshop-{number}.jpg"
        path.write_bytes(samples.jpeg_with_metadata(1200, 800))
        paths.append(path)
    agenda = tmp_path / "Agenda du forum.pdf"
    agenda.write_bytes(samples.pdf())
    return paths, agenda


def media_responses(page) -> list:
    found = []
    page.on("response", lambda response: "/media/" in response.url and found.append(response))
    return found


def test_staff_publish_a_report_with_photos_and_a_pdf(
    live_server, page, open_page, staff, photo_files
):
    photos, agenda = photo_files
    sign_in(page, live_server.url, staff.email)
    page.goto(live_server.url + "/seminars/new/")
    page.get_by_label("Title").fill("The Suva forum in pictures")
    page.get_by_label("Summary").fill("What the fishers showed us.")
    page.get_by_label("Seminar or event").fill("Pacific Resilience Forum")
    page.get_by_label("Organised by").fill("Pacific Resilience Network")
    page.get_by_label("Date of the event").fill("2026-10-02")
    page.get_by_label("Place").fill("Suva, Fiji")
    page.get_by_label("Body").fill("The morning on the shore.\n\nThe afternoon in the hall.")
    page.get_by_label("Add photos").set_input_files(photos)
    page.get_by_label("Add files").set_input_files(agenda)
    page.get_by_role("button", name="Publish").click()

    # New photos wait, unseen, to be described.
    expect(page.get_by_text("Describe each one below, then send again.")).to_be_visible()
    preview = page.get_by_role("region", name="Preview: not saved yet")
    expect(preview.locator("figure img")).to_have_count(2)
    expect(preview.get_by_role("link", name="agenda-du-forum.pdf")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("The Suva forum in pictures")
    reference = page.locator(".upload-row code").first.inner_text()
    page.get_by_label("Body").fill(f"The morning on the shore.\n\n{reference}\n\nThe afternoon.")
    page.get_by_label("Description").nth(0).fill("Fishers pulling a boat onto the sand")
    page.get_by_label("Description").nth(1).fill("Partners around a map of the coast")
    page.get_by_label("Caption").nth(1).fill("Mapping the flood line")
    page.get_by_label("Credit").nth(1).fill("Mere Tuilagi")
    page.get_by_label("This photo shows people.").nth(1).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Tick this to confirm they did, or remove the photo.")).to_be_visible()
    page.get_by_label("Everyone identifiable in this photo agreed to its publication.").nth(
        1
    ).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published: everyone can read it now.")).to_be_visible()
    url = page.url

    visitor = open_page()
    loaded = media_responses(visitor)
    visitor.goto(url)
    article = visitor.get_by_role("article")
    placed = article.get_by_role("img", name="Fishers pulling a boat onto the sand")
    expect(placed).to_be_visible()
    expect(article.get_by_role("img", name="Partners around a map of the coast")).to_be_visible()
    expect(article.get_by_text("Mapping the flood line")).to_be_visible()
    expect(article.get_by_text("Photo: Mere Tuilagi")).to_be_visible()
    expect(article.get_by_text(re.compile(r"\(PDF, \d+\sbytes\)"))).to_be_visible()
    visitor.wait_for_load_state("networkidle")
    assert loaded and all(response.status == 200 for response in loaded)
    assert {response.headers["content-type"] for response in loaded} <= {
        "image/avif", "image/webp", "image/jpeg"
    }  # fmt: skip
    with visitor.expect_download() as download:
        article.get_by_role("link", name="agenda-du-forum.pdf").click()
    assert download.value.suggested_filename == "agenda-du-forum.pdf"

    # Removing a photo after publishing.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Remove").nth(1).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are published.")).to_be_visible()
    visitor.reload()
    expect(visitor.get_by_role("img", name="Partners around a map of the coast")).to_have_count(0)
    expect(visitor.get_by_role("img", name="Fishers pulling a boat onto the sand")).to_be_visible()


def test_a_partners_photo_goes_through_review_with_the_lesson(
    live_server, open_page, partner, staff, photo_files
):
    photos, _agenda = photo_files
    writer = open_page()
    sign_in(writer, live_server.url, partner.email)
    writer.goto(live_server.url + "/posts/new/")
    writer.get_by_label("Title").fill("Water committees that women lead")
    writer.get_by_label("Summary").fill("Why the wells last longer now.")
    writer.get_by_label("Context").fill("Three villages, two dry seasons.")
    writer.get_by_label("Add photos").set_input_files(photos[0])
    writer.get_by_role("button", name="Send for review").click()
    expect(writer.get_by_text("Describe each one below, then send again.")).to_be_visible()
    writer.get_by_label("Description").fill("A committee meeting under a tree")
    writer.get_by_label("This photo shows people.").check()
    writer.get_by_label("Everyone identifiable in this photo agreed to its publication.").check()
    writer.get_by_role("button", name="Send for review").click()
    expect(writer.get_by_text("Sent for review.")).to_be_visible()

    post = Post.objects.get()
    assert post.photos.get().consent_by == partner
    visitor = open_page()
    assert visitor.goto(f"{live_server.url}/posts/{post.slug}/").status == 404

    reviewer = open_page()
    sign_in(reviewer, live_server.url, staff.email)
    reviewer.goto(f"{live_server.url}/posts/{post.slug}/")
    expect(reviewer.get_by_role("img", name="A committee meeting under a tree")).to_be_visible()
    reviewer.goto(live_server.url + "/posts/review/")
    reviewer.get_by_role("article").filter(has_text=post.title).get_by_role(
        "button", name="Publish"
    ).click()
    expect(reviewer.get_by_text("Published: everyone can read it now.")).to_be_visible()

    visitor.goto(f"{live_server.url}/posts/{post.slug}/")
    expect(visitor.get_by_role("img", name="A committee meeting under a tree")).to_be_visible()


def test_a_report_with_three_photos_is_light_on_a_phone(live_server, browser, staff):
    report = make_report(
        author=staff,
        title="Three photos",
        body="What we saw at the forum, in three pictures.\n\n" * 3,
    )
    add_photos(
        report,
        by=staff,
        descriptions=["The shore", "The hall", "The map"],
        pictures=[samples.photo_like(1600, 1067) for _ in range(3)],
    )
    # A phone of 390 × 844 CSS pixels at three device pixels each, as many are.
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        java_script_enabled=False,
    )
    phone = context.new_page()
    sizes = []
    phone.on("requestfinished", lambda request: sizes.append((request.url, request.sizes())))
    phone.goto(live_server.url + report.get_absolute_url())
    phone.wait_for_load_state("networkidle")
    context.close()
    total = sum(size["responseBodySize"] + size["responseHeadersSize"] for _url, size in sizes)
    images = [url for url, _size in sizes if "/media/" in url]
    assert images, "no photo was loaded"
    assert all(re.search(r"/480\.\w+$", url) for url in images), images
    assert total <= PHONE_BUDGET, f"{total} bytes: {sizes}"
    print(f"phone first screen: {total} bytes in {len(sizes)} responses")
