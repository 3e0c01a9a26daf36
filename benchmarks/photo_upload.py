"""A 12-megapixel phone photo saved through the lesson editor of the running site: the time
the save takes (the photo checked, turned, stripped and made into every variant) and the
memory of the worker that did it."""

import http.client
import io
import re
import time
import urllib.parse
import uuid

from PIL import Image, ImageDraw, ImageFilter


def twelve_megapixels() -> bytes:
    """A 4000 × 3000 JPEG with grain, as a phone takes it: several megabytes, with EXIF."""
    width, height = 4000, 3000
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge(
        "RGB",
        [
            gradient,
            gradient.transpose(Image.Transpose.ROTATE_90).resize((width, height)),
            gradient,
        ],
    )
    draw = ImageDraw.Draw(image)
    for step in range(12):
        draw.ellipse(
            (step * 320, 900, step * 320 + 300, 1500), fill=(20 * step, 140, 240 - 20 * step)
        )
    grain = (
        Image.effect_noise((width, height), 50)
        .convert("RGB")
        .filter(ImageFilter.GaussianBlur(0.5))
    )
    image = Image.blend(image, grain, 0.25)
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def _request(url: str, method: str, path: str, headers: dict, body: bytes | None = None):
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=120)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response, response.read().decode("utf-8", "replace")


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    for name, (file_name, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file_name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def save_a_lesson_with_a_photo(url: str, session: str) -> dict:
    """Seconds for the editor's save with one 12-megapixel photo, and the photo's size."""
    photo = twelve_megapixels()
    response, page = _request(url, "GET", "/posts/new/", {"Cookie": f"sessionid={session}"})
    assert response.status == 200, response.status
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    content_type, body = multipart(
        {
            "csrfmiddlewaretoken": token,
            "title": f"Benchmark lesson {uuid.uuid4().hex[:8]}",
            "summary": "A lesson with one large photo.",
            "context": "Measured by make bench.",
            "language": "en",
            "action": "save",
        },
        {"new_photos": ("phone.jpg", photo)},
    )
    headers = {
        "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
        "Content-Type": content_type,
        "Referer": f"{url}/posts/new/",
    }
    started = time.perf_counter()
    response, _page = _request(url, "POST", "/posts/new/", headers, body)
    seconds = time.perf_counter() - started
    assert response.status == 302, (response.status, _page[:2000])
    return {"seconds": seconds, "photo_bytes": len(photo)}
