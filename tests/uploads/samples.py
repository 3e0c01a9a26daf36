"""Photos and files for upload tests, good and hostile, made in memory."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFilter

GPS_IFD = 0x8825
ORIENTATION = 0x0112
SERIAL_NUMBER = 0xA431  # BodySerialNumber, in the Exif IFD
EXIF_IFD = 0x8769
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="1,17.0N"/></rdf:RDF></x:xmpmeta>'
)


def picture(width=1200, height=800, mode="RGB") -> Image.Image:
    """Something photo-like that compresses as photos do: shapes on a gradient."""
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB", [gradient, gradient.transpose(Image.Transpose.ROTATE_180), gradient]
    )
    draw = ImageDraw.Draw(image)
    for step in range(6):
        box = (width * step // 7, height // 4, width * step // 7 + width // 9, height // 2)
        draw.ellipse(box, fill=(40 * step, 120, 200 - 30 * step))
    return image.convert(mode)


def photo_like(width=960, height=640) -> Image.Image:
    """Shapes with grain: compressed, it weighs about what a photo of that size does."""
    grain = (
        Image.effect_noise((width, height), 60)
        .convert("RGB")
        .filter(ImageFilter.GaussianBlur(0.6))
    )
    return Image.blend(picture(width, height), grain, 0.3)


def jpeg_with_metadata(width=1200, height=800, orientation=6) -> bytes:
    """A JPEG as a phone writes it: rotated by a tag, with GPS, a serial number, XMP and a
    comment."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (1.0, 17.0, 30.0), 3: "E", 4: (36.0, 49.0, 0.0)})
    exif.get_ifd(EXIF_IFD)[SERIAL_NUMBER] = "SN-0042-SECRET"
    out = io.BytesIO()
    picture(width, height).save(
        out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"Taken at the camp", xmp=XMP
    )
    return out.getvalue()


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge picture: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def zip_of(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


WORD_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"


def docx() -> bytes:
    return zip_of({
        "[Content_Types].xml": b'<Types><Override ContentType="' + WORD_TYPE + b'"/></Types>',
        "word/document.xml": b"<w:document/>",
    })  # fmt: skip


def odt() -> bytes:
    return zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


def pdf(extra: bytes = b"") -> bytes:
    return b"%PDF-1.4\n1 0 obj<< /Type /Catalog " + extra + b">>endobj\ntrailer<<>>\n%%EOF\n"


def hostile_photos() -> dict[str, SimpleUploadedFile]:
    """Each a file a browser would send as a photo, none of which is one."""
    photo = encoded(picture(600, 400), "JPEG")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    return {
        "text named .jpg": upload("notes.jpg", b"Just some notes, not a picture.\n" * 20),
        "truncated JPEG": upload("cut.jpg", photo[: len(photo) // 2]),
        "truncated PNG": upload("cut.png", encoded(picture(600, 400), "PNG")[:3000], "image/png"),
        "decompression bomb": upload("bomb.png", png_declaring(100_000, 100_000), "image/png"),
        "just over the pixel limit": upload("big.png", png_declaring(8000, 7000), "image/png"),
        "SVG named .jpg": upload("drawing.jpg", svg),
        "SVG as itself": upload("drawing.svg", svg, "image/svg+xml"),
        "HTML named .png": upload(
            "page.png", b"<!doctype html><script>alert(1)</script>", "image/png"
        ),
        "JPEG with a script in its comment": upload(
            "comment.jpg",
            encoded(picture(600, 400), "JPEG", comment=b"<script>alert(1)</script>"),
        ),
        "JPEG with HTML after its end": upload(
            "trailer.jpg", photo + b"<html><body onload=alert(1)></body></html>"
        ),
        "JPEG with a ZIP after its end": upload("gifar.jpg", photo + zip_of({"a.html": b"x"})),
        "PNG with PHP in a text chunk": upload(
            "php.png", _png_with_text(b"<?php system($_GET['c']); ?>"), "image/png"
        ),
        "GIF": upload("anim.gif", encoded(picture(60, 40), "GIF"), "image/gif"),
        "executable named .jpg": upload("run.jpg", b"MZ\x90\x00" + b"\0" * 500),
        "empty": upload("empty.jpg", b""),
    }


def _png_with_text(text: bytes) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text.decode())
    return encoded(picture(300, 200), "PNG", pnginfo=info)


def hostile_files() -> dict[str, SimpleUploadedFile]:
    """Each a file a browser would send as an attachment, none of which may be one."""
    html = b"<html><script>alert(1)</script></html>"
    return {
        "HTML named .pdf": upload("report.pdf", html, "application/pdf"),
        "SVG named .docx": upload("report.docx", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        "executable named .pdf": upload("report.pdf", b"MZ\x90\x00" + b"\0" * 500),
        "ELF named .odt": upload("report.odt", b"\x7fELF" + b"\0" * 500),
        "shell script named .xlsx": upload("sheet.xlsx", b"#!/bin/sh\nrm -rf /\n"),
        "ZIP archive named .docx": upload("letter.docx", zip_of({"notes.txt": b"hello"})),
        "Word with macros": upload("macro.docx", zip_of({
            "[Content_Types].xml": b"<Types>" + MACRO_TYPE + b"</Types>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\0" * 64,
        })),  # fmt: skip
        "PDF with JavaScript": upload("script.pdf", pdf(b"/OpenAction << /S /JavaScript >>")),
        "PDF with an embedded file": upload("embed.pdf", pdf(b"/EmbeddedFile << >>")),
        "photo": upload("photo.pdf", encoded(picture(60, 40), "JPEG")),
        "empty": upload("empty.pdf", b""),
    }  # fmt: skip
