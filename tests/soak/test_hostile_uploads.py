"""Every hostile photo and file of tests/uploads against gunicorn with production settings
and Redis (`make soak`): each answered 422 with its reason, nothing stored; a good photo
stored and served."""

import os
import re
import urllib.request

import pytest

from tests.seminars.test_views import editor_data as report_data
from tests.servers import ROOT, Browser, app_servers, on_postgres
from tests.uploads import samples
from uploads.handlers import KEPT_BYTES
from uploads.models import Attachment, Photo

pytestmark = [
    pytest.mark.soak,
    pytest.mark.postgres,
    on_postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_URL = os.environ.get("SOAK_REDIS_URL", "redis://127.0.0.1:6379/12")
MEDIA = ROOT / "media"


def stored() -> set:
    return {path for path in MEDIA.rglob("*") if path.is_file()} if MEDIA.exists() else set()


def csrf_token(editor: Browser, url: str) -> str:
    _status, page = editor.get(f"{url}/seminars/new/")
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def test_hostile_uploads_through_gunicorn_store_nothing(staff):
    photos, files = samples.hostile_photos(), samples.hostile_files()
    hostile = {
        **{f"photo: {name}": ("new_photos", upload) for name, upload in photos.items()},
        **{f"file: {name}": ("new_files", upload) for name, upload in files.items()},
    }
    before = stored()
    with app_servers(count=1, workers=2, redis_url=REDIS_URL) as (url,):
        editor = Browser(staff)
        for name, (field, upload) in hostile.items():
            token = csrf_token(editor, url)
            data = {**report_data(action="save", title="Kept title"), "csrfmiddlewaretoken": token}
            files = {field: [(upload.name, upload.read())]}
            status, page = editor.post_files(f"{url}/seminars/new/", data, files)
            assert status == 422, (name, status)
            assert 'value="Kept title"' in page and "field--error" in page, name
        oversized = samples.jpeg_with_metadata() + b"\0" * KEPT_BYTES
        token = csrf_token(editor, url)
        data = {**report_data(action="save"), "csrfmiddlewaretoken": token}
        status, page = editor.post_files(
            f"{url}/seminars/new/", data, {"new_photos": [("big.jpg", oversized)]}
        )
        assert status == 422 and "a photo can be at most 15 MB" in page
        assert not Photo.objects.exists() and not Attachment.objects.exists()
        assert stored() == before

        # A good photo is kept and served with its headers.
        data["csrfmiddlewaretoken"] = csrf_token(editor, url)
        status, _page = editor.post_files(
            f"{url}/seminars/new/", data, {"new_photos": [("p.jpg", samples.jpeg_with_metadata())]}
        )
        assert status == 302
        photo = Photo.objects.get()
        try:
            for name in photo.stored_names():
                with urllib.request.urlopen(f"{url}/media/{name}", timeout=30) as response:
                    assert response.status == 200
                    assert response.headers["X-Content-Type-Options"] == "nosniff"
        finally:
            for name in photo.stored_names():
                (MEDIA / name).unlink(missing_ok=True)
