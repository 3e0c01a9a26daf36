"""A blog's HTML made into this site's Markdown: cleaned with the allow-list typed text is
cleaned with (no script, style, event handler, frame, form or script address survives),
converted by markdownify, and rendered later by the site's own Markdown and sanitiser
like anything typed. Images become the site's photos (or links, without a media folder)
through a callback. Enormous or deeply nested HTML is refused, item by item."""

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser

import nh3
from markdownify import MarkdownConverter

from publishing.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, drop_disguised_scripts

MAX_HTML_CHARACTERS = 1_000_000
MAX_DEPTH = 40
KEPT_TAGS = ALLOWED_TAGS | {"h1", "b", "i", "div", "span", "figure", "figcaption"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class Refused(ValueError):
    """This item's HTML is not imported; the message says why."""


class _Depth(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.depth = max(0, self.depth - 1)


def check_size(html: str, limit: int = MAX_HTML_CHARACTERS) -> None:
    if len(html) > limit:
        raise Refused(
            f"Its HTML is {len(html):,} characters long; at most {limit:,} are imported."
        )


def check_depth(html: str) -> None:
    """Of HTML as cleaned (balanced: every element closed where the browser would)."""
    depth = _Depth()
    depth.feed(html)
    depth.close()
    if depth.deepest > MAX_DEPTH:
        raise Refused(
            f"Its HTML is nested {depth.deepest} levels deep; at most {MAX_DEPTH} are imported."
        )


BLOCK_START_RE = re.compile(
    r"^<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|!--)\b", re.I
)


def paragraphs(html: str) -> str:
    """WordPress's classic editor keeps paragraphs as blank lines and line breaks as new
    lines, adding the markup only when it shows a post (wpautop): do the same for HTML
    without paragraph markup, leaving its blocks (headings, lists, quotes) as they are."""
    if re.search(r"<p[\s>]", html, re.I):
        return html
    blocks = [block.strip() for block in re.split(r"\n\s*\n", html) if block.strip()]
    return "".join(
        block if BLOCK_START_RE.match(block) else f"<p>{block.replace(chr(10), '<br>')}</p>"
        for block in blocks
    )


def clean_html(html: str) -> str:
    return nh3.clean(
        paragraphs(html),
        tags=KEPT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        attribute_filter=drop_disguised_scripts,
        strip_comments=True,
        link_rel=None,
    )


PLACED_PHOTO_RE = re.compile(r"^\s*(\[photo:\d+\])\s*$")


class _Converter(MarkdownConverter):
    def __init__(self, image: Callable[[str, str], str], **options):
        self.image = image
        super().__init__(**options)

    def escape(self, text, parent_tags):
        # Text that spoke of markup ("&lt;img&gt;") stays text, not markup.
        return super().escape(text, parent_tags).replace("&", "&amp;").replace("<", "&lt;")

    def convert_hN(self, n, el, text, parent_tags):  # noqa: N802 (markdownify's name)
        # The page's title is its only h1, and "#" here makes an h2: a blog's h2 is "#".
        return super().convert_hN(max(1, n - 1), el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        # An indented block: the site's Markdown has no fenced code.
        lines = text.strip("\n").split("\n")
        return "\n\n" + "\n".join(f"    {line}" for line in lines) + "\n\n" if text else ""

    def convert_img(self, el, text, parent_tags):
        return self.image(el.attrs.get("src", ""), el.attrs.get("alt", "") or "")

    def convert_a(self, el, text, parent_tags):
        # WordPress links each photo to its full size: the photo alone takes its place.
        if placed := PLACED_PHOTO_RE.match(text):
            return f"\n\n{placed[1]}\n\n"
        return super().convert_a(el, text, parent_tags)


def image_as_link(src: str, alt: str) -> str:
    """An image left where it was, as a link to it: pages here load nothing from afar."""
    if not src:
        return ""
    label = alt.strip() or src.rstrip("/").rsplit("/", 1)[-1] or "image"
    return f"[{_escape(label)}]({src.replace(' ', '%20').replace(')', '%29')})"


def _escape(text: str) -> str:
    return re.sub(r"([\\\[\]*_`])", r"\\\1", " ".join(text.split()))


def to_markdown(
    html: str,
    *,
    image: Callable[[str, str], str] = image_as_link,
    limit: int = MAX_HTML_CHARACTERS,
) -> str:
    """The HTML as Markdown; raises Refused for enormous or deeply nested HTML."""
    check_size(html, limit)
    cleaned = clean_html(html)
    check_depth(cleaned)
    converter = _Converter(image, heading_style="ATX", bullets="-", escape_misc=False)
    try:
        markdown = converter.convert(cleaned)
    except RecursionError:
        raise Refused("Its HTML is nested too deep to read.") from None
    return re.sub(r"\n{3,}", "\n\n", markdown).strip("\n").rstrip()


def to_text(html: str) -> str:
    """Plain text of a piece of HTML (an excerpt), on one line."""
    check_size(html)
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
