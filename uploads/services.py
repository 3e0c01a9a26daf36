"""Keeping uploads in storage, attaching them to a publication, and removing them with their
stored files. Files are written before the database row commits and removed after the
deletion commits, so a failure leaves at worst an orphan (remove_orphan_uploads), never a
row without its file."""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import User
from uploads.models import Attachment, Photo, Upload
from uploads.processing import CONTENT_TYPES, Document, Variant

PHOTOS_FOLDER = "photos"
FILES_FOLDER = "files"


def _save_files(files: dict[str, bytes]) -> list[str]:
    """Write each file under its name; if one fails, remove those written and re-raise."""
    written = []
    try:
        for name, data in files.items():
            written.append(default_storage.save(name, ContentFile(data)))
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    return written


def _delete_files_after_commit(names: list[str]) -> None:
    def delete():
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def photo_create(*, variants: list[Variant], model, by: User) -> Photo:
    """Store a processed photo's variants and keep it, unattached, for a publication of
    this kind."""
    folder = f"{PHOTOS_FOLDER}/{uuid.uuid4().hex}"
    files = {f"{folder}/{v.width}.{v.extension}": v.data for v in variants}
    names = _save_files(files)
    largest = max(variants, key=lambda variant: variant.width)
    try:
        return Photo.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            uploaded_by=by,
            width=largest.width,
            height=largest.height,
            variants=[
                {
                    "name": name,
                    "format": CONTENT_TYPES[variant.extension],
                    "width": variant.width,
                    "height": variant.height,
                }
                for name, variant in zip(names, variants, strict=True)
            ],
        )
    except Exception:
        for name in names:
            default_storage.delete(name)
        raise


def attachment_create(*, upload, document: Document, model, by: User) -> Attachment:
    """Store a checked file under a clean name and keep it, unattached."""
    upload.seek(0)
    name = f"{FILES_FOLDER}/{uuid.uuid4().hex}/{document.file_name}"
    (stored,) = _save_files({name: upload.read()})
    try:
        return Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            uploaded_by=by,
            name=document.file_name,
            kind=document.kind,
            size=upload.size,
            stored_name=stored,
        )
    except Exception:
        default_storage.delete(stored)
        raise


def uploads_attach(*, publication, kept: list[Upload], removed: list[Upload]) -> None:
    """Save the writer's changes to these uploads, attach them to the publication, and
    remove the others with their stored files."""
    content_type = ContentType.objects.get_for_model(publication)
    for upload in kept:
        upload.content_type = content_type
        upload.object_id = publication.pk
        upload.save()
    for upload in removed:
        upload.delete()  # its stored files go once the removal commits (signals)


def stored_files_release(upload: Upload) -> None:
    """After a photo or file row is deleted, by any path: its stored files follow on commit."""
    _delete_files_after_commit(upload.stored_names())
