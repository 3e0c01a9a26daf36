"""Uploads judged by their bytes, never by their name or the browser's word.

A photo is opened only as JPEG, PNG or WebP, turned upright, converted to sRGB and re-encoded
at a few widths with no metadata at all (EXIF, GPS, serial numbers, XMP, comments, colour
profile): nobody's location leaves with a picture, and the upload itself is never kept. A
file is accepted only as PDF, OpenDocument or Office Open XML, without scripts or macros.
"""

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

PHOTO_MAX_BYTES = 15 * 1024 * 1024
# 50 megapixels: more than any phone or camera in use; a file declaring more is refused
# before its pixels are decoded, so a tiny "decompression bomb" costs nothing.
PHOTO_MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = PHOTO_MAX_PIXELS
FILE_MAX_BYTES = 20 * 1024 * 1024
PHOTO_FORMATS = ["JPEG", "PNG", "WEBP"]
# Largest first; phones take the smallest, wide screens the largest.
WIDTHS = (1600, 960, 480)
# (extension, Pillow's format, options, widest variant). AVIF stops at 960: encoding 1600
# pixels costs a worker 50 MB more, for a file no smaller than WebP's.
ENCODINGS = [
    ("webp", "WEBP", {"quality": 75, "method": 4}, WIDTHS[0]),
    ("jpg", "JPEG", {"quality": 80, "optimize": True, "progressive": True}, WIDTHS[0]),
]
if features.check("avif"):
    ENCODINGS.insert(0, ("avif", "AVIF", {"quality": 55, "speed": 8}, 960))
CONTENT_TYPES = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
DOCUMENT_KINDS = {
    "pdf": gettext_lazy("PDF"),
    "odt": gettext_lazy("OpenDocument text"),
    "ods": gettext_lazy("OpenDocument spreadsheet"),
    "odp": gettext_lazy("OpenDocument slides"),
    "docx": gettext_lazy("Word document"),
    "xlsx": gettext_lazy("Excel spreadsheet"),
    "pptx": gettext_lazy("PowerPoint slides"),
}
# Markup a browser or interpreter would run, hidden where a picture keeps text (its
# comments and metadata) or before and after its pixels: the marks of a polyglot.
MARKUP_RE = re.compile(
    rb"<\s*(?:script|html|body|svg|iframe|object|embed|!doctype|\?php|\?=)|javascript:|onerror\s*=|onload\s*=",
    re.IGNORECASE,
)
EDGE_BYTES = 2048
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
# What makes a document run code when opened.
PDF_ACTIVE_RE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
MAX_ARCHIVE_ENTRIES = 5_000


class Rejected(ValueError):
    """An upload refused, with the sentence the writer reads beside the field."""


@dataclass(frozen=True)
class Variant:
    extension: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Document:
    kind: str
    file_name: str


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def read_upload(upload, limit: int, message: str) -> bytes:
    if upload.size > limit:
        raise Rejected(message % {"size": megabytes(upload.size), "max": megabytes(limit)})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Rejected(message % {"size": megabytes(len(data)), "max": megabytes(limit)})
    return data


def _metadata_text(image: Image.Image) -> bytes:
    parts = []
    for value in image.info.values():
        if isinstance(value, bytes):
            parts.append(value)
        elif isinstance(value, str):
            parts.append(value.encode("utf-8", "replace"))
    return b"\n".join(parts)


def _is_polyglot(data: bytes, image: Image.Image) -> bool:
    """Whether the picture is also something else: markup in its text or at its edges, or
    an archive appended to it (a ZIP is read from its end)."""
    edges = data[:EDGE_BYTES] + b"\n" + data[-EDGE_BYTES:]
    if MARKUP_RE.search(edges) or MARKUP_RE.search(_metadata_text(image)):
        return True
    return zipfile.is_zipfile(io.BytesIO(data))


def _to_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if icc and image.mode in {"RGB", "RGBA"}:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(
                image, profile, ImageCms.createProfile("sRGB"), outputMode=image.mode
            )
        except (ImageCms.PyCMSError, OSError):
            return image
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: transparent parts of a PNG become white, not black."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, fmt: str, options: dict) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo_variants(upload) -> list[Variant]:
    """The photo at each width no larger than itself (at least one), in every format.

    Raises Rejected, with the reason, for anything that is not a whole JPEG, PNG or WebP
    photo of a sensible size, or that carries markup for a browser to run.
    """
    not_a_photo = _("This file is not a photo. Choose a JPEG, PNG or WebP picture.")
    data = read_upload(
        upload,
        PHOTO_MAX_BYTES,
        _("This photo is %(size)s MB; a photo can be at most %(max)s MB. Choose a smaller one."),
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=PHOTO_FORMATS)
            width, height = image.size
            if width * height > PHOTO_MAX_PIXELS:
                raise Image.DecompressionBombError
            # JPEG decodes straight at the smallest scale still larger than needed.
            largest = WIDTHS[0]
            image.draft("RGB", (largest, largest * height // width or 1))
            image.load()
            if _is_polyglot(data, image):
                raise Rejected(
                    _(
                        "This picture hides something else inside it, such as a web page "
                        "or an archive. Save it again as a plain photo."
                    )
                )
            image = ImageOps.exif_transpose(image)
    except Rejected:
        raise
    except UnidentifiedImageError:
        raise Rejected(not_a_photo) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Rejected(
            _(
                "This picture declares more pixels than a photo can have (at most %(max)d "
                "megapixels). Choose a smaller one."
            )
            % {"max": PHOTO_MAX_PIXELS // 1_000_000}
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        # Truncated or corrupt: Pillow reads what it can and fails on the rest.
        raise Rejected(
            _("This photo is damaged or incomplete. Upload it again, or save it again first.")
        ) from None
    image = _flatten(_to_srgb(image))
    image.info = {}
    variants = []
    current = image
    for target in WIDTHS:
        if target < current.width:
            current = current.resize(
                (target, max(1, round(current.height * target / current.width))),
                Image.Resampling.LANCZOS,
                reducing_gap=3.0,
            )
            current.info = {}
        elif variants:
            continue
        for extension, fmt, options, widest in ENCODINGS:
            if current.width <= widest:
                data = _encode(current, fmt, options)
                variants.append(Variant(extension, current.width, current.height, data))
    return variants


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if len(names) > MAX_ARCHIVE_ENTRIES:
            return None
        lowered = [name.lower() for name in names]
        if any(
            name.endswith(("vbaproject.bin", ".bin")) or name.startswith("basic/")
            for name in lowered
        ):
            return None  # macros
        if names and names[0] == "mimetype":
            return ODF_MIMETYPES.get(archive.read("mimetype").strip())
        if "[Content_Types].xml" in names:
            content_types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in content_types:
                return None
            for part, kind in OOXML_PARTS.items():
                if part in names:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError):
        return None
    return None


def clean_file_name(name: str, kind: str) -> str:
    """A name safe in any header and on any disk: words of the original, its type's extension."""
    stem = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    return f"{slugify(stem, allow_unicode=True)[:80] or 'document'}.{kind}"


def check_document(upload) -> Document:
    """What a file is, read from its bytes: a PDF without scripts, or an OpenDocument or
    Office Open XML document without macros. Raises Rejected otherwise."""
    data = read_upload(
        upload,
        FILE_MAX_BYTES,
        _("This file is %(size)s MB; a file can be at most %(max)s MB. Choose a smaller one."),
    )
    kind = None
    if data.startswith(b"%PDF-"):
        if PDF_ACTIVE_RE.search(data):
            raise Rejected(
                _("This PDF contains scripts or embedded files. Save it again as a plain PDF.")
            )
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
    if kind is None or MARKUP_RE.search(data[:EDGE_BYTES]):
        raise Rejected(
            _(
                "Attach a PDF, an OpenDocument file or a Word, Excel or PowerPoint file "
                "(without macros). This file is none of these."
            )
        )
    return Document(kind=kind, file_name=clean_file_name(upload.name or "", kind))
