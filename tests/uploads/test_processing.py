"""Photos and files judged by their bytes: metadata gone, variants made, hostile input refused."""

import io

import pytest
from PIL import Image

from tests.uploads import samples
from uploads.handlers import KEPT_BYTES, BoundedTemporaryFileUploadHandler
from uploads.processing import (
    ENCODINGS,
    FILE_MAX_BYTES,
    PHOTO_MAX_BYTES,
    Rejected,
    check_document,
    photo_variants,
)

SECRETS = [b"SN-0042-SECRET", b"PhoneMaker", b"Taken at the camp", b"GPSLatitude", b"xmpmeta"]


def test_every_variant_is_upright_and_has_no_metadata_at_all():
    variants = photo_variants(samples.upload("phone.jpg", samples.jpeg_with_metadata(1200, 800)))
    assert variants
    for variant in variants:
        for secret in SECRETS:
            assert secret not in variant.data
        image = Image.open(io.BytesIO(variant.data))
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(image.info)
        # Orientation 6 (turned 90°) applied: the 1200 × 800 landscape is a portrait now.
        assert image.size == (variant.width, variant.height)
        assert variant.height > variant.width


def test_widths_no_larger_than_the_photo_in_every_format():
    big = samples.upload("big.jpg", samples.encoded(samples.picture(4000, 3000), "JPEG"))
    variants = photo_variants(big)
    formats = {extension: widest for extension, _format, _options, widest in ENCODINGS}
    assert {"webp", "jpg"} <= set(formats)
    assert {(v.extension, v.width) for v in variants} == {
        (extension, width)
        for extension, widest in formats.items()
        for width in (1600, 960, 480)
        if width <= widest
    }
    for variant in variants:
        image = Image.open(io.BytesIO(variant.data))
        expected = {"jpg": "JPEG", "webp": "WEBP", "avif": "AVIF"}[variant.extension]
        assert image.format == expected
        assert variant.height == round(3000 * variant.width / 4000)

    small = photo_variants(
        samples.upload("s.png", samples.encoded(samples.picture(300, 200), "PNG"))
    )
    assert {v.width for v in small} == {300}


def test_transparent_parts_become_white_not_black():
    image = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    variants = photo_variants(samples.upload("t.png", samples.encoded(image, "PNG"), "image/png"))
    jpeg = next(v for v in variants if v.extension == "jpg")
    assert Image.open(io.BytesIO(jpeg.data)).convert("RGB").getpixel((50, 50)) > (245, 245, 245)


@pytest.mark.parametrize("name", list(samples.hostile_photos()))
def test_anything_but_a_whole_plain_photo_is_refused_with_a_reason(name):
    with pytest.raises(Rejected) as refused:
        photo_variants(samples.hostile_photos()[name])
    assert str(refused.value)


def test_the_reason_says_what_is_wrong():
    hostile = samples.hostile_photos()
    reasons = {name: str(_refusal(photo_variants, hostile[name])) for name in hostile}
    assert "not a photo" in reasons["text named .jpg"]
    assert "not a photo" in reasons["SVG named .jpg"]
    assert "damaged or incomplete" in reasons["truncated JPEG"]
    assert "more pixels than a photo can have" in reasons["decompression bomb"]
    assert "hides something else" in reasons["JPEG with a ZIP after its end"]
    assert "hides something else" in reasons["JPEG with a script in its comment"]


def _refusal(check, upload):
    try:
        check(upload)
    except Rejected as refused:
        return refused
    raise AssertionError("accepted")


def test_an_oversized_photo_or_file_is_refused_before_it_is_read():
    photo = samples.upload("huge.jpg", b"\xff\xd8\xff" + b"\0" * PHOTO_MAX_BYTES)
    assert "at most 15 MB" in str(_refusal(photo_variants, photo))
    document = samples.upload("huge.pdf", b"%PDF-1.4" + b"\0" * FILE_MAX_BYTES)
    assert "at most 20 MB" in str(_refusal(check_document, document))


@pytest.mark.parametrize("name", list(samples.hostile_files()))
def test_only_plain_documents_are_accepted_as_files(name):
    with pytest.raises(Rejected):
        check_document(samples.hostile_files()[name])


@pytest.mark.parametrize(
    ("name", "data", "kind", "clean_name"),
    [
        ("Handout.pdf", samples.pdf(), "pdf", "handout.pdf"),
        ("../../etc/passwd.pdf", samples.pdf(), "pdf", "passwd.pdf"),
        ('slides"; rm -rf.exe', samples.pdf(), "pdf", "slides-rm-rf.pdf"),
        ("Compte rendu été.docx", samples.docx(), "docx", "compte-rendu-été.docx"),
        ("notes.odt", samples.odt(), "odt", "notes.odt"),
        ("تقرير.pdf", samples.pdf(), "pdf", "تقرير.pdf"),
        ("....pdf", samples.pdf(), "pdf", "document.pdf"),
        ("named wrongly.pdf", samples.docx(), "docx", "named-wrongly.docx"),
    ],
)
def test_documents_keep_a_clean_name_with_the_extension_of_what_they_are(
    name, data, kind, clean_name
):
    document = check_document(samples.upload(name, data, "application/octet-stream"))
    assert (document.kind, document.file_name) == (kind, clean_name)


def test_the_upload_handler_writes_no_more_than_any_upload_may_be_long():
    import os

    handler = BoundedTemporaryFileUploadHandler()
    handler.new_file("new_files", "huge.pdf", "application/pdf", None)
    chunk, sent = b"x" * 65_536, 0
    while sent < KEPT_BYTES + 10 * len(chunk):
        handler.receive_data_chunk(chunk, sent)
        sent += len(chunk)
    received = handler.file_complete(sent)
    assert received.size == sent
    assert os.path.getsize(received.temporary_file_path()) == KEPT_BYTES
    received.close()
