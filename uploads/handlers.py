"""Uploads written to disk no further than any photo or file may be long: a file sent
larger than that keeps only its first bytes, with its true size, which the form refuses by
name; a request cannot fill the disk."""

from django.core.files.uploadhandler import TemporaryFileUploadHandler

from uploads.processing import FILE_MAX_BYTES, PHOTO_MAX_BYTES

KEPT_BYTES = max(FILE_MAX_BYTES, PHOTO_MAX_BYTES) + 1


class BoundedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start < KEPT_BYTES:
            self.file.write(raw_data[: KEPT_BYTES - start])
