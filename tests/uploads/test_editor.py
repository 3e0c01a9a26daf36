"""Photos and files through the real editors: added, described, consented, placed, removed,
and refused with the writer's text kept and nothing stored."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from posts.models import Post
from seminars.models import SeminarReport
from tests.factories import add_photos, make_report
from tests.helpers import queries_for
from tests.posts.test_views import editor_data as post_data
from tests.seminars.test_views import editor_data as report_data
from tests.uploads import samples
from uploads.handlers import KEPT_BYTES
from uploads.models import Attachment, Photo

pytestmark = pytest.mark.django_db


def photo_file(name="photo.jpg"):
    return samples.upload(name, samples.jpeg_with_metadata(1200, 800))


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def rows(photos=(), files=(), **fields) -> dict:
    """The editor's rows as a browser sends them: one per photo and per file."""
    data = {
        "photos-TOTAL_FORMS": len(photos),
        "photos-INITIAL_FORMS": len(photos),
        "files-TOTAL_FORMS": len(files),
        "files-INITIAL_FORMS": len(files),
    }
    for number, photo in enumerate(photos):
        data[f"photos-{number}-id"] = photo.pk
        for name in ("description", "caption", "credit"):
            data[f"photos-{number}-{name}"] = getattr(photo, name)
        if photo.shows_people:
            data[f"photos-{number}-shows_people"] = "on"
        if photo.consent_at:
            data[f"photos-{number}-consent"] = "on"
    for number, attachment in enumerate(files):
        data[f"files-{number}-id"] = attachment.pk
    for key, value in fields.items():
        data[key] = value
    return data


def test_staff_save_a_draft_with_photos_and_a_pdf_then_describe_and_publish(
    staff_client, staff, django_capture_on_commit_callbacks
):
    data = report_data(action="save", body="Before.\n\n[photo:PLACE]\n\nAfter.")
    data["new_photos"] = [photo_file("one.jpg"), photo_file("two.jpg")]
    data["new_files"] = [samples.upload("Handout.pdf", samples.pdf(), "application/pdf")]
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 302
    report = SeminarReport.objects.get()
    photos = list(report.photos.all())
    assert len(photos) == 2 and all(photo.uploaded_by == staff for photo in photos)
    (handout,) = report.attachments.all()
    assert (handout.name, handout.kind) == ("handout.pdf", "pdf")
    assert all(default_storage.exists(name) for photo in photos for name in photo.stored_names())
    assert default_storage.exists(handout.stored_name)

    # Publishing asks for a description of each photo, beside it.
    edit = f"/seminars/{report.slug}/edit/"
    response = staff_client.post(
        edit, {**report_data(action="publish"), **rows(photos, [handout])}
    )
    assert response.status_code == 422
    errors = response.context["form"].photo_rows.errors
    assert all("Describe what the photo shows" in " ".join(e["description"]) for e in errors)
    report.refresh_from_db()
    assert not report.is_published

    photos[0].description, photos[1].description = "Fishers mending nets", "The harbour at dawn"
    photos[1].caption, photos[1].credit = "Suva harbour", "A. Tuilagi"
    body = f"Before.\n\n{photos[0].markdown_reference}\n\nAfter."
    response = staff_client.post(
        edit, {**report_data(action="publish", body=body), **rows(photos, [handout])}
    )
    assert response.status_code == 302
    page = staff_client.get(f"/seminars/{report.slug}/").content.decode()
    before, after = page.index("Before."), page.index("After.")
    assert before < page.index('alt="Fishers mending nets"') < after  # placed in the text
    assert page.index('alt="The harbour at dawn"') > after  # the gallery, after the text
    assert "Suva harbour" in page and "Photo: A. Tuilagi" in page
    assert "handout.pdf" in page and f"(PDF, {len(samples.pdf())}\xa0bytes)" in page
    assert page.count('loading="lazy"') >= 2 and 'decoding="async"' in page
    assert 'sizes="(min-width: 44rem) 42rem, calc(100vw - 2rem)"' in page
    assert 'type="image/webp"' in page and " 480w" in page
    assert f'property="og:image" content="http://testserver{photos[0].largest_jpeg_url}"' in page

    # Removing a photo after publishing removes its stored files too.
    names = photos[1].stored_names()
    data = {**report_data(action="save", body=body), **rows(photos, [handout])}
    data["photos-1-DELETE"] = "on"
    data["files-0-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff_client.post(edit, data).status_code == 302
    assert list(report.photos.all()) == [photos[0]]
    assert not report.attachments.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert not default_storage.exists(handout.stored_name)


def test_new_photos_sent_with_publish_wait_unseen_to_be_described(staff_client):
    data = report_data(action="publish")
    data["new_photos"] = [photo_file()]
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 200
    assert "Describe each one below, then send again." in response.content.decode()
    assert not SeminarReport.objects.exists()
    photo = Photo.objects.get()
    assert photo.object_id is None
    # The preview's rows carry the waiting photo; describing it publishes both.
    form = response.context["form"]
    assert [row.instance for row in form.photo_rows] == [photo]
    photo.description = "Partners at the workshop"
    response = staff_client.post(
        "/seminars/new/", {**report_data(action="publish"), **rows([photo])}
    )
    assert response.status_code == 302
    report = SeminarReport.objects.get()
    assert report.is_published and list(report.photos.all()) == [photo]


def test_a_photo_of_people_is_published_only_with_the_writers_word_on_consent(staff_client, staff):
    report = make_report(publish=False, author=staff, title=report_data()["title"])
    edit = f"/seminars/{report.slug}/edit/"
    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    staff_client.post(edit, data)
    photo = report.photos.get()
    photo.description, photo.shows_people = "Children at the new well", True

    # A draft may wait for consent; publishing may not.
    assert (
        staff_client.post(edit, {**report_data(action="save"), **rows([photo])}).status_code == 302
    )
    response = staff_client.post(edit, {**report_data(action="publish"), **rows([photo])})
    assert response.status_code == 422
    (row_errors,) = response.context["form"].photo_rows.errors
    assert "everyone identifiable" in " ".join(row_errors["consent"])
    assert 'value="Children at the new well"' in response.content.decode()
    report.refresh_from_db()
    assert not report.is_published

    data = {**report_data(action="publish"), **rows([photo])}
    data["photos-0-consent"] = "on"
    assert staff_client.post(edit, data).status_code == 302
    photo.refresh_from_db()
    assert photo.consent_by == staff and photo.consent_at is not None
    report.refresh_from_db()
    assert report.is_published


@pytest.mark.parametrize("name", list(samples.hostile_photos()))
def test_a_hostile_photo_is_refused_beside_the_field_with_nothing_saved(staff_client, name):
    data = report_data(action="save", title="My careful title")
    data["new_photos"] = [photo_file("good.jpg"), samples.hostile_photos()[name]]
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors["new_photos"]
    assert 'value="My careful title"' in response.content.decode()
    assert not SeminarReport.objects.exists()
    assert not Photo.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("name", list(samples.hostile_files()))
def test_a_hostile_file_is_refused_beside_the_field_with_nothing_saved(partner_client, name):
    data = post_data(action="save", title="Our lesson on wells")
    data["new_files"] = [samples.hostile_files()[name]]
    data["new_photos"] = [photo_file()]
    response = partner_client.post("/posts/new/", data)
    assert response.status_code == 422
    assert response.context["form"].errors["new_files"]
    assert "Our lesson on wells" in response.content.decode()
    assert not Post.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []


def test_too_many_uploads_at_once_are_refused(staff_client):
    data = report_data(action="save")
    data["new_files"] = [samples.upload(f"{n}.pdf", samples.pdf()) for n in range(11)]
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 422
    assert "at most 10" in " ".join(response.context["form"].errors["new_files"])


def test_nobody_attaches_someone_elses_photo(staff_client, partner_client, staff):
    theirs = make_report(publish=False, author=staff, title=report_data()["title"])
    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    staff_client.post(f"/seminars/{theirs.slug}/edit/", data)
    staff_photo = theirs.photos.get()
    preview = report_data(action="preview", title="Another report")
    preview["new_photos"] = [photo_file()]
    staff_client.post("/seminars/new/", preview)
    waiting = Photo.objects.get(object_id=None)

    for photo in (staff_photo, waiting):
        response = partner_client.post(
            "/posts/new/", {**post_data(action="save"), **rows([photo])}
        )
        assert response.status_code == 422
        assert not Post.objects.exists()
    staff_photo.refresh_from_db()
    assert staff_photo.publication == theirs


def test_a_partners_photo_waits_with_the_lesson_for_review(partner_client, client, staff_client):
    data = post_data(action="save")
    data["new_photos"] = [photo_file()]
    assert partner_client.post("/posts/new/", data).status_code == 302
    post = Post.objects.get()
    photo = post.photos.get()
    photo.description = "Our water committee"
    response = partner_client.post(
        f"/posts/{post.slug}/edit/", {**post_data(action="submit"), **rows([photo])}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Post.Status.SUBMITTED
    assert client.get(f"/posts/{post.slug}/").status_code == 404
    for name in photo.stored_names():
        assert f"/media/{name}" not in client.get("/posts/").content.decode()
    assert 'alt="Our water committee"' in staff_client.get(f"/posts/{post.slug}/").content.decode()


def test_a_reference_to_a_photo_the_publication_lacks_shows_nothing(staff_client, staff):
    other = make_report(author=staff, publish=False)
    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    staff_client.post(f"/seminars/{other.slug}/edit/", data)
    foreign = other.photos.get()
    report = make_report(author=staff, body=f"Look:\n\n{foreign.markdown_reference}\n\nEnd.")
    page = staff_client.get(f"/seminars/{report.slug}/").content.decode()
    assert "[photo:" not in page and "<figure" not in page


def test_a_pages_queries_do_not_grow_with_its_photos(staff_client, staff):
    report = make_report(author=staff, publish=False, title=report_data()["title"])
    edit = f"/seminars/{report.slug}/edit/"
    url = f"/seminars/{report.slug}/"
    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    staff_client.post(edit, data)
    one = (queries_for(staff_client, url), queries_for(staff_client, edit))
    data["new_photos"] = [photo_file() for _ in range(4)]
    staff_client.post(edit, {**data, **rows(report.photos.all())})
    assert report.photos.count() == 5
    assert (queries_for(staff_client, url), queries_for(staff_client, edit)) == one


def test_deleting_a_publication_removes_its_stored_files(
    staff, django_capture_on_commit_callbacks
):
    from django.test import Client

    client = Client()
    client.force_login(staff)
    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    data["new_files"] = [samples.upload("a.pdf", samples.pdf())]
    client.post("/seminars/new/", data)
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        SeminarReport.objects.get().delete()
    assert not Photo.objects.exists() and not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("field", "name", "limit"), [("new_photos", "huge.jpg", "15"), ("new_files", "huge.pdf", "20")]
)
def test_an_oversized_upload_is_refused_by_its_size_and_never_fully_written(
    staff_client, field, name, limit
):

    data = report_data(action="save", title="Kept title")
    data[field] = [
        samples.upload(name, samples.jpeg_with_metadata() + b"\0" * (KEPT_BYTES + 5_000_000))
    ]
    response = staff_client.post("/seminars/new/", data)
    assert response.status_code == 422
    error = " ".join(response.context["form"].errors[field])
    assert f"can be at most {limit} MB" in error and "MB;" in error
    assert 'value="Kept title"' in response.content.decode()
    assert stored_files() == []


def test_metadata_is_gone_from_every_stored_variant(staff_client):
    import io

    from PIL import Image

    data = report_data(action="save")
    data["new_photos"] = [photo_file()]
    staff_client.post("/seminars/new/", data)
    photo = Photo.objects.get()
    assert len(photo.variants) >= 4
    for name in photo.stored_names():
        with default_storage.open(name) as stored:
            content = stored.read()
        image = Image.open(io.BytesIO(content))
        assert len(image.getexif()) == 0 and "icc_profile" not in image.info
        assert not {"exif", "xmp", "comment"} & set(image.info)
        assert b"SN-0042-SECRET" not in content and b"PhoneMaker" not in content


def test_a_page_offers_the_lightest_format_first(staff_client, staff):
    report = make_report(author=staff)
    (photo,) = add_photos(report, by=staff, pictures=[samples.picture(2000, 1300)])
    page = staff_client.get(report.get_absolute_url()).content.decode()
    offered = re.findall(r'<source media="\(max-width: 40em\)" type="([^"]+)"', page)
    assert offered == [
        kind
        for kind in ("image/avif", "image/webp", "image/jpeg")
        if kind in {v["format"] for v in photo.variants}
    ]
    assert offered[-2:] == ["image/webp", "image/jpeg"]
