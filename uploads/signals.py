"""Stored files follow their rows: whatever deletes a photo or file (the editor, the
admin, a publication deleted with its uploads) removes what it stored."""

from django.db.models.signals import post_delete

from uploads.models import Attachment, Photo
from uploads.services import stored_files_release


def _deleted(sender, instance, **kwargs) -> None:
    stored_files_release(instance)


def connect() -> None:
    for model in (Photo, Attachment):
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"uploads.{model.__name__}")
