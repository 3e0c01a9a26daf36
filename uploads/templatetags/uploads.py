import re
from dataclasses import dataclass

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# "[photo:17]" alone in a paragraph of rendered (sanitised) Markdown.
PLACEMENT_RE = re.compile(r"<p>\[photo:(\d{1,18})\]</p>")


@dataclass(frozen=True)
class Placed:
    html: SafeString
    gallery: list


@register.simple_tag
def place_photos(body_html: SafeString, photos) -> Placed:
    """The body with each photo where its writer referenced it, and the others, in order,
    for the gallery after the body. A reference to a photo the publication does not have
    shows nothing."""
    by_pk = {photo.pk: photo for photo in photos}
    placed = set()

    def figure(match) -> str:
        photo = by_pk.get(int(match[1]))
        if photo is None:
            return ""
        placed.add(photo.pk)
        return render_to_string("uploads/figure.html", {"photo": photo})

    # The body was sanitised when saved; the figures are escaped by their template.
    html = mark_safe(PLACEMENT_RE.sub(figure, body_html))  # noqa: S308
    return Placed(html=html, gallery=[photo for photo in photos if photo.pk not in placed])
