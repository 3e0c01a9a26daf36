"""Markdown written by people, turned into safe HTML, and the hashtags it contains.

Python-Markdown renders; nh3 sanitises what it rendered, so raw HTML typed into a body
cannot bring script, event handlers or javascript: links onto a page.
"""

import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import cache
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import markdown
import nh3
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from markdown.inlinepatterns import InlineProcessor
from taggit.models import Tag

from publishing.converters import UnicodeSlugConverter

# A hashtag: '#' then up to 60 letters, digits or underscores, at least one of them a letter,
# not inside a word, an HTML entity or a URL.
HASHTAG_PATTERN = r"(?<![\w&#/])#((?=\w*[^\W\d_])\w{1,60})(?!\w)"
HASHTAG_NAME_RE = re.compile(r"^(?=\w*[^\W\d_])\w{1,60}$")
# Python-Markdown reads '#Word' at the start of a line as a heading; people mean a hashtag,
# so, as in CommonMark, a heading needs a space after its '#'.
HEADING_RE = re.compile(
    r"(?:^|\n)(?P<level>#{1,6})(?:[ \t]+|(?=\n|$))(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)"
)
HASHTAG_LINK_PREFIX = '<a class="hashtag" href="/tags/'
SLUG = re.compile(UnicodeSlugConverter.regex)

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "em", "strong",
    "blockquote", "code", "pre", "img", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
}


URL_ATTRIBUTES = {"href", "src"}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def drop_disguised_scripts(element: str, attribute: str, value: str) -> str | None:
    """nh3 reads "jav ascript:…" as a relative address; drop addresses that spell a
    script scheme once spaces and control characters are taken out."""
    if attribute in URL_ATTRIBUTES:
        squeezed = "".join(value.split()).lower()
        if squeezed.startswith(SCRIPT_SCHEMES):
            return None
    return value


@dataclass(frozen=True)
class Rendered:
    html: str
    hashtags: list[str]
    undescribed_images: list[str]


def hashtag_slug(name: str) -> str:
    return slugify(name, allow_unicode=True)


def preview_hashtags(names: list[str]) -> list[Tag]:
    """Unsaved tags, for showing the hashtags of a preview exactly as saved ones are shown."""
    return [Tag(name=name, slug=hashtag_slug(name)) for name in unique_hashtags(names)]


def is_hashtag_name(name: str) -> bool:
    return bool(HASHTAG_NAME_RE.match(name))


def split_hashtags(text: str) -> list[str]:
    """The words of a hashtags field ('#LocalKnowledge, #Resilience'), without their '#'."""
    return [word.lstrip("#") for word in re.split(r"[\s,;]+", text) if word.lstrip("#")]


def unique_hashtags(names) -> list[str]:
    """The names once each, compared by their address, in the spelling first used."""
    seen, result = set(), []
    for name in names:
        if hashtag_slug(name) not in seen:
            seen.add(hashtag_slug(name))
            result.append(name)
    return result


class HashtagProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def __init__(self, pattern, md, found: list[str]):
        super().__init__(pattern, md)
        self.found = found

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        name = m.group(1)
        self.found.append(name)
        # Stored HTML serves every interface language: links carry no language prefix
        # (localise_hashtag_links adds the reader's when the page is shown).
        with translation.override(None):
            href = hashtag_address(hashtag_slug(name))
        link = etree.Element("a", {"href": href, "class": "hashtag"})
        link.text = f"#{name}"
        return link, m.start(0), m.end(0)


def render_markdown(text: str) -> Rendered:
    found: list[str] = []
    md = markdown.Markdown(extensions=["sane_lists", "toc"], extension_configs={
        "toc": {"baselevel": 2},  # the page has its own h1
    })  # fmt: skip
    md.parser.blockprocessors["hashheader"].RE = HEADING_RE
    md.inlinePatterns.register(HashtagProcessor(HASHTAG_PATTERN, md, found), "hashtag", 65)
    html = md.convert(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
        allowed_classes={"a": {"hashtag"}},
        # dir="auto": a link keeps its own direction inside text of the other direction.
        set_tag_attribute_values={"img": {"loading": "lazy"}, "a": {"dir": "auto"}},
        attribute_filter=drop_disguised_scripts,
        strip_comments=True,
    )
    return Rendered(
        html=clean, hashtags=unique_hashtags(found), undescribed_images=undescribed_images(clean)
    )


COMMENT_TAGS = {"p", "br", "a", "em", "strong", "ul", "ol", "li", "code"}
# An address written out in text, which readers copy even where it is no link: a scheme,
# "www.", or a protocol-relative "//host.tld" (browsers give it the page's scheme).
WRITTEN_ADDRESS_RE = re.compile(
    r"(?i)\b(?:https?://|www\.|mailto:)|(?<![\w:/])//[\w-]+(?:\.[\w-]+)+"
)


_comment_markdown = threading.local()


def render_comment(text: str) -> str:
    """Markdown-light for comments: paragraphs, links, emphasis and lists, sanitised."""
    # One converter a thread, reset for each comment: making one costs more than using it.
    md = getattr(_comment_markdown, "md", None)
    if md is None:
        md = _comment_markdown.md = markdown.Markdown(extensions=["sane_lists"])
    html = md.reset().convert(text)
    return nh3.clean(
        html,
        tags=COMMENT_TAGS,
        attributes={"a": {"href"}, "ol": {"start"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow ugc noopener",
        set_tag_attribute_values={"a": {"dir": "auto"}},
        attribute_filter=drop_disguised_scripts,
        strip_comments=True,
    )


class _LinkCounter(HTMLParser):
    """Reads rendered HTML: each <a href> is a link, whatever its address looks like
    (protocol-relative, mailto:, an upper-case scheme, full-width dots a browser maps to
    ASCII); the text keeps the addresses written out, each link's apart."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.outside: list[str] = []
        self.link_texts: list[list[str]] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href") is not None:
            self.current = []
            self.link_texts.append(self.current)

    def handle_endtag(self, tag):
        if tag == "a":
            self.current = None

    def handle_data(self, data):
        (self.outside if self.current is None else self.current).append(data)


def _written_addresses(parts: list[str]) -> int:
    # NFKC turns full-width letters, colons, slashes and dots into their ASCII forms.
    return len(WRITTEN_ADDRESS_RE.findall(unicodedata.normalize("NFKC", "".join(parts))))


def count_links(text: str) -> int:
    """The links a reader could follow in a comment once rendered, whatever the Markdown
    that wrote them, and the addresses written out in its text (escapes and entities
    undone). A link counts once, or as the addresses its own text shows if more."""
    counter = _LinkCounter()
    counter.feed(render_comment(text))
    counter.close()
    links = sum(max(1, _written_addresses(link_text)) for link_text in counter.link_texts)
    return links + _written_addresses(counter.outside)


# nh3 writes each attribute as name="value", with any " inside a value escaped.
IMG_TAG_RE = re.compile(r'<img((?:\s+[^\s"=<>/]+="[^"]*")*)\s*/?>')
ALT_RE = re.compile(r'\salt="([^"]*)"')
SRC_RE = re.compile(r'\ssrc="([^"]*)"')


def undescribed_images(html: str) -> list[str]:
    """The addresses of the images in sanitised HTML that have no description (alt)."""
    addresses = []
    for image in IMG_TAG_RE.finditer(html):
        alt = ALT_RE.search(image[1])
        if alt is None or not alt[1].strip():
            src = SRC_RE.search(image[1])
            addresses.append(unescape(src[1]) if src else "")
    return addresses


def with_image_descriptions(html: str) -> str:
    """Every image with an alt: empty, so screen readers pass over it, where the writer gave
    no description (the editor's preview asks them for one)."""
    return IMG_TAG_RE.sub(
        lambda image: image[0] if ALT_RE.search(image[1]) else f'<img alt=""{image[1]}>', html
    )


def localise_hashtag_links(html: str) -> SafeString:
    """Rendered HTML as a page shows it: hashtag links in the reader's interface language,
    and every image with an alt (bodies saved before that rule have images without)."""
    prefix = _hashtags_prefix(translation.get_language(), get_script_prefix())
    if prefix != "/tags/":
        html = html.replace(HASHTAG_LINK_PREFIX, f'<a class="hashtag" href="{prefix}')
    return mark_safe(with_image_descriptions(html))  # sanitised by render_markdown


def hashtag_address(slug: str) -> str:
    """A hashtag page's address in the reader's language, as reverse() writes it, without
    matching the address patterns again for each of the hundred hashtags a page may list.
    A slug the pattern refuses still goes to reverse()."""
    if not SLUG.fullmatch(slug):
        return reverse("hashtags:detail", args=[slug])
    return _hashtags_prefix(translation.get_language(), get_script_prefix()) + quote(slug) + "/"


@cache
def _hashtags_prefix(language: str, script_prefix: str) -> str:
    """Where hashtag pages are in this language: /tags/, /fr/tags/…"""
    return reverse("hashtags:detail", args=["x"]).removesuffix("x/")
