"""Stored photos and files served from the site's own storage (the filesystem by default;
object storage serves its own). Names are random and never reused, so they are kept by
browsers and proxies for a year; files are always downloaded, never shown in the page."""

import re

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from uploads.processing import CONTENT_TYPES
from uploads.services import FILES_FOLDER, PHOTOS_FOLDER

STORED_NAME_RE = re.compile(
    rf"^(?P<folder>{PHOTOS_FOLDER}|{FILES_FOLDER})/[0-9a-f]{{32}}/[^/\\]+\.(?P<extension>[a-z]+)$"
)
YEAR = 365 * 24 * 60 * 60


@require_safe
def stored_file(request, name: str):
    found = STORED_NAME_RE.match(name)
    if found is None or found["extension"] not in CONTENT_TYPES:
        raise Http404
    try:
        stored = default_storage.open(name)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        stored,
        content_type=CONTENT_TYPES[found["extension"]],
        as_attachment=found["folder"] == FILES_FOLDER,
        filename=name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response
