"""Create the object-storage bucket for uploads when it is missing (docker-compose.yml runs
this after migrating). Waits for the storage server to answer, as it may start later."""

import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the bucket named by DJANGO_STORAGE_BUCKET if it does not exist yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait", type=int, default=60, help="Seconds to wait for the storage server."
        )

    def handle(self, *args, wait=60, **options):
        from botocore.exceptions import BotoCoreError, ClientError

        if not hasattr(default_storage, "bucket_name"):
            self.stdout.write("Uploads are stored on the filesystem: there is no bucket.")
            return
        client = default_storage.connection.meta.client
        name = default_storage.bucket_name
        deadline = time.monotonic() + wait
        while True:
            try:
                client.head_bucket(Bucket=name)
                self.stdout.write(f"Bucket {name} is there.")
                return
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") not in {"404", "NoSuchBucket"}:
                    raise CommandError(f"Bucket {name}: {error}") from error
                region = client.meta.region_name
                location = (
                    {"CreateBucketConfiguration": {"LocationConstraint": region}}
                    if region and region != "us-east-1"
                    else {}
                )
                client.create_bucket(Bucket=name, **location)
                self.stdout.write(f"Bucket {name} created.")
                return
            except BotoCoreError as error:
                if time.monotonic() > deadline:
                    raise CommandError(f"No storage server answered: {error}") from error
                time.sleep(1)
