"""Stored photos and files as the site serves them, and the clean-up of what nothing uses."""

import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from seminars.models import SeminarReport
from tests.seminars.test_views import editor_data as report_data
from tests.uploads import samples
from uploads.models import Attachment, Photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(staff_client, staff):
    data = report_data(action="save")
    data["new_photos"] = [samples.upload("p.jpg", samples.jpeg_with_metadata())]
    data["new_files"] = [samples.upload("Plan d'action: été.docx", samples.docx())]
    assert staff_client.post("/seminars/new/", data).status_code == 302
    return Photo.objects.get(), Attachment.objects.get()


def test_photos_are_served_as_pictures_kept_a_year(client, uploaded):
    photo, _file = uploaded
    for variant in photo.variants:
        response = client.get(f"/media/{variant['name']}")
        assert response.status_code == 200
        assert response["Content-Type"] == variant["format"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert "attachment" not in response.get("Content-Disposition", "")


def test_files_are_always_downloaded_under_their_clean_name(client, uploaded):
    _photo, attachment = uploaded
    response = client.get(attachment.url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename")
    assert "filename*=utf-8''plan-daction-%C3%A9t%C3%A9.docx" in disposition
    assert b"".join(response.streaming_content) == samples.docx()


@pytest.mark.parametrize(
    "address",
    [
        "/media/../learning_exchange/settings.py",
        "/media/photos/../../manage.py",
        "/media/photos/%2e%2e/%2e%2e/manage.py",
        "/media/files/0123456789abcdef0123456789abcdef/page.html",
        "/media/files/0123456789abcdef0123456789abcdef/missing.pdf",
        "/media/photos/not-hex/480.jpg",
        "/media/other/0123456789abcdef0123456789abcdef/a.pdf",
        "/media/",
    ],
)
def test_nothing_else_is_served_from_storage(client, address):
    (Path(settings.MEDIA_ROOT) / "files").mkdir(parents=True, exist_ok=True)
    assert client.get(address).status_code == 404


def test_only_reading_is_allowed(client, uploaded):
    photo, _file = uploaded
    assert client.post(f"/media/{photo.variants[0]['name']}").status_code == 405


def _stored(name: str, *, days_old: int = 0) -> str:
    stored = default_storage.save(name, ContentFile(samples.pdf()))
    then = time.time() - days_old * 24 * 60 * 60
    os.utime(default_storage.path(stored), (then, then))
    return stored


def _waiting_photo(letter: str, *, days_old: int) -> Photo:
    """A photo from a preview that was never saved."""
    name = _stored(f"photos/{letter * 32}/480.jpg", days_old=days_old)
    photo = Photo.objects.create(
        content_type=ContentType.objects.get_for_model(SeminarReport),
        width=480,
        height=320,
        variants=[{"name": name, "format": "image/jpeg", "width": 480, "height": 320}],
    )
    Photo.objects.filter(pk=photo.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return photo


def test_orphans_are_listed_then_removed(uploaded, capsys, django_capture_on_commit_callbacks):
    photo, attachment = uploaded
    old, recent = _waiting_photo("a", days_old=2), _waiting_photo("b", days_old=0)
    stray_old = _stored(f"files/{'c' * 32}/left.pdf", days_old=2)
    stray_new = _stored(f"files/{'d' * 32}/new.pdf")

    call_command("remove_orphan_uploads")
    listed = capsys.readouterr().out
    assert f"unattached photo {old.pk}" in listed and f"unattached photo {recent.pk}" not in listed
    assert stray_old in listed and stray_new not in listed
    assert "Found 1 unattached uploads and 1 stray files." in listed
    assert Photo.objects.filter(pk=old.pk).exists() and default_storage.exists(stray_old)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("remove_orphan_uploads", "--delete")
    assert not Photo.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.variants[0]["name"])
    assert not default_storage.exists(stray_old)
    assert default_storage.exists(stray_new) and Photo.objects.filter(pk=recent.pk).exists()
    assert all(default_storage.exists(name) for name in photo.stored_names())
    assert default_storage.exists(attachment.stored_name)


def test_a_visitor_reading_in_another_language_gets_the_same_address(client, uploaded):
    photo, attachment = uploaded
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    for address in (f"/media/{photo.variants[0]['name']}", attachment.url):
        assert client.get(address, headers={"accept-language": "fr"}).status_code == 200
