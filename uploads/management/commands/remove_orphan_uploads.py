"""Stored files no photo or file row names, and uploads never attached to a publication
(a preview left unsaved): listed, and removed with --delete."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from uploads.models import Attachment, Photo
from uploads.services import FILES_FOLDER, PHOTOS_FOLDER

UNATTACHED_FOR = timedelta(days=1)


def stored_names(folder: str):
    """Every name stored under folder/<upload>/…"""
    try:
        uploads, _files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for upload in uploads:
        for name in default_storage.listdir(f"{folder}/{upload}")[1]:
            yield f"{folder}/{upload}/{name}"


class Command(BaseCommand):
    help = (
        "List stored photos and files that nothing has referred to for a day, and uploads "
        "left unattached as long; --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove what is listed.")

    def handle(self, *args, delete=False, **options):
        cutoff = timezone.now() - UNATTACHED_FOR
        unattached = [
            *Photo.objects.filter(object_id=None, created_at__lt=cutoff),
            *Attachment.objects.filter(object_id=None, created_at__lt=cutoff),
        ]
        known = {name for photo in Photo.objects.only("variants") for name in photo.stored_names()}
        known.update(Attachment.objects.values_list("stored_name", flat=True))
        stray = [
            name
            for folder in (PHOTOS_FOLDER, FILES_FOLDER)
            for name in stored_names(folder)
            # A file younger than that may belong to an upload being saved right now.
            if name not in known and default_storage.get_modified_time(name) < cutoff
        ]
        for upload in unattached:
            self.stdout.write(f"unattached {upload._meta.model_name} {upload.pk}")
        for name in stray:
            self.stdout.write(f"stray file {name}")
        if delete:
            for upload in unattached:
                upload.delete()  # its stored files go with it
            for name in stray:
                default_storage.delete(name)
        verb = "Removed" if delete else "Found"
        self.stdout.write(
            f"{verb} {len(unattached)} unattached uploads and {len(stray)} stray files."
        )
