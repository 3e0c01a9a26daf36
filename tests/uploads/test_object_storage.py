"""Uploads in S3-compatible object storage, against a local S3 server: moto's server mode,
started by .ci/run (S3_TEST_ENDPOINT), or here in a thread when that is unset."""

import os
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command

from seminars.models import SeminarReport
from tests.seminars.test_views import editor_data as report_data
from tests.uploads import samples
from uploads.management.commands import remove_orphan_uploads
from uploads.models import Attachment, Photo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    endpoint = os.environ.get("S3_TEST_ENDPOINT")
    if endpoint:
        yield endpoint
        return
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    """A new bucket, as the site's storage: the options settings.py gives S3Storage."""
    import boto3

    name = f"uploads-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials)
    s3.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return s3, name


def keys(bucket) -> set[str]:
    s3, name = bucket
    return {item["Key"] for item in s3.list_objects_v2(Bucket=name).get("Contents", [])}


def test_uploads_are_stored_served_and_removed_in_object_storage(
    bucket, staff_client, client, django_capture_on_commit_callbacks
):
    data = report_data(action="save")
    data["new_photos"] = [samples.upload("p.jpg", samples.jpeg_with_metadata())]
    data["new_files"] = [samples.upload("Agenda.pdf", samples.pdf())]
    assert staff_client.post("/seminars/new/", data).status_code == 302
    photo, attachment = Photo.objects.get(), Attachment.objects.get()
    stored = {*photo.stored_names(), attachment.stored_name}
    assert keys(bucket) == stored

    s3, name = bucket
    for variant in photo.variants:
        data = s3.get_object(Bucket=name, Key=variant["name"])["Body"].read()
        assert b"SN-0042-SECRET" not in data and b"PhoneMaker" not in data
        response = client.get(f"/media/{variant['name']}")
        assert response.status_code == 200
        assert response["Content-Type"] == variant["format"]
        assert b"".join(response.streaming_content) == data
    response = client.get(attachment.url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="agenda.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samples.pdf()
    missing = f"photos/{'0' * 32}/480.jpg"
    assert client.get(f"/media/{missing}").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        SeminarReport.objects.get().delete()
    assert keys(bucket) == set()


def test_a_hostile_upload_leaves_nothing_in_the_bucket(bucket, staff_client):
    data = report_data(action="save")
    data["new_photos"] = [samples.upload("good.jpg", samples.jpeg_with_metadata())]
    data["new_files"] = [samples.hostile_files()["HTML named .pdf"]]
    assert staff_client.post("/seminars/new/", data).status_code == 422
    assert keys(bucket) == set()


def test_orphans_are_found_and_removed_in_object_storage(bucket, capsys, monkeypatch):

    s3, name = bucket
    stray = f"files/{'e' * 32}/left.pdf"
    s3.put_object(Bucket=name, Key=stray, Body=samples.pdf())
    call_command("remove_orphan_uploads")
    # Just written: too young to be called an orphan, in case its row is being saved.
    assert "Found 0 unattached uploads and 0 stray files." in capsys.readouterr().out

    monkeypatch.setattr(remove_orphan_uploads, "UNATTACHED_FOR", timedelta(seconds=-5))
    call_command("remove_orphan_uploads", "--delete")
    assert f"stray file {stray}" in capsys.readouterr().out
    assert keys(bucket) == set()


def test_the_bucket_is_created_once_when_missing(bucket, settings, capsys):
    s3, _name = bucket
    new = f"uploads-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "bucket_name": new},
        },
    }
    call_command("create_storage_bucket")
    call_command("create_storage_bucket")
    assert capsys.readouterr().out.splitlines() == [
        f"Bucket {new} created.",
        f"Bucket {new} is there.",
    ]
    assert new in {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}


def test_no_bucket_is_needed_on_the_filesystem(capsys):
    call_command("create_storage_bucket")
    assert "on the filesystem" in capsys.readouterr().out
