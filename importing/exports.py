"""Reading a blog's export as a stream: a WordPress export (WXR 1.0 to 1.2) or a Blogger
export (its Atom feed of posts and comments), told apart by the file itself.

The XML is read line by line through defusedxml's parser (no entity declarations, no
external entities, so no entity expansion and no file or network read), and each post is
handed on, then forgotten, as it ends: memory stays bounded however long the blog.
Everything here is plain data; nothing is saved."""

import os
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLPullParser

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

WORDPRESS, BLOGGER = "wordpress", "blogger"
CHUNK = 64 * 1024


class ExportError(Exception):
    """The file cannot be imported; the message names the line."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"Line {line}: {message}" if line else message)


@dataclass
class ExportedAuthor:
    key: str  # the blog's login name (WordPress) or e-mail
    name: str
    email: str


@dataclass
class ExportedComment:
    key: str  # the blog's id for the comment
    parent_key: str  # "" for a comment on the post itself
    author_name: str
    author_email: str
    date: datetime | None
    html: str
    state: str  # approved, pending, spam, trash, pingback or trackback
    line: int


@dataclass
class ExportedPost:
    guid: str
    link: str  # its address on the old blog
    title: str
    html: str
    excerpt: str
    date: datetime | None
    published: bool  # false for drafts, pending, private, scheduled and trashed posts
    author_key: str
    author_name: str
    author_email: str
    labels: list[str]  # categories and tags: the hashtags
    categories: list[str]  # what --kind rules read
    old_paths: list[str]  # every address the old blog answered for it
    language: str
    line: int
    comments: list[ExportedComment] = field(default_factory=list)
    from_blogger: bool = False  # whose comments come apart, after every post


@dataclass
class OldListing:
    """An address of one of the old blog's lists or feeds: of everything, or of one
    category, tag or label (a hashtag here)."""

    path: str
    label: str = ""
    feed: bool = False


def read_export(path, *, language: str = "", progress=None) -> Iterator:
    """The authors, posts, comments (Blogger lists them apart from their posts) and old
    lists and feeds of the export, in file order; progress, if given, is called with the
    bytes read and the file's size after each post."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            raise ExportError("The file is empty.")
        reader = _Reader(file, progress)
        root = reader.root()
        if root.tag == "rss":
            yield from _wordpress(reader, language)
        elif root.tag == _atom("feed"):
            yield from _blogger(reader, language)
        else:
            raise ExportError(
                "This is neither a WordPress export nor a Blogger export.", reader.line
            )


class _Reader:
    """Elements as they end, with the line where each began; finished ones are cleared."""

    def __init__(self, file, progress=None):
        self.file = file
        self.progress = progress
        self.size = os.fstat(file.fileno()).st_size
        self.line = 0
        self.next_line = 1
        self.parser = XMLPullParser(
            events=("start", "end"), _parser=DefusedXMLParser(target=TreeBuilder())
        )
        self.pending = deque()
        self.starts = {}
        self.open = []  # the elements begun and not yet ended, outermost first

    def _fill(self) -> bool:
        # A line at a time, so events know their line; a long line (an export written on
        # one line) in pieces, so memory stays bounded.
        piece = self.file.readline(CHUNK)
        if not piece:
            try:
                self.parser.close()
            except ParseError as error:
                raise ExportError("The file ends too early.", self.line) from error
            return False
        self.line = self.next_line
        if piece.endswith(b"\n"):
            self.next_line += 1
        try:
            self.parser.feed(piece)
            self.pending.extend(self.parser.read_events())
        except DefusedXmlException as error:
            raise ExportError(
                "The file declares entities or outside resources, which are refused.",
                self.line,
            ) from error
        except ParseError as error:
            raise ExportError(f"This is not well-formed XML ({error}).", self.line) from error
        return True

    def events(self) -> Iterator[tuple[str, Element]]:
        while self.pending or self._fill():
            if self.pending:
                event, element = self.pending.popleft()
                if event == "start":
                    self.starts[id(element)] = self.line
                    self.open.append(element)
                else:
                    self.open.pop()
                yield event, element

    def forget(self, element: Element) -> None:
        """Done with an element that just ended: let it go, from its parent too."""
        element.clear()
        if self.open:
            self.open[-1].remove(element)

    def root(self) -> Element:
        for event, element in self.events():
            if event == "start":
                return element
        raise ExportError("The file is empty.", self.line)

    def began(self, element: Element) -> int:
        if self.progress is not None:
            self.progress(self.file.tell(), self.size)
        return self.starts.pop(id(element), self.line)


# WordPress (WXR) -------------------------------------------------------------------------

WXR_NAMESPACES = {
    "wp": re.compile(r"^http://wordpress\.org/export/1\.[0-2]/$"),
    "excerpt": re.compile(r"^http://wordpress\.org/export/1\.[0-2]/excerpt/$"),
}
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _brace, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def _wp(element: Element, name: str) -> str:
    """The text of the element's child wp:name, whichever WXR version."""
    for child in element:
        namespace, local = _local(child.tag)
        if local == name and WXR_NAMESPACES["wp"].match(namespace):
            return (child.text or "").strip()
    return ""


def _wordpress(reader: _Reader, language: str) -> Iterator:
    site_language = language
    base = ""
    wxr = False
    depth = 1  # inside the root element, which read_export has read
    for event, element in reader.events():
        if event == "start":
            depth += 1
            continue
        depth -= 1
        namespace, local = _local(element.tag)
        if WXR_NAMESPACES["wp"].match(namespace):
            wxr = True
        if depth == 2 and element.tag == "link":
            base = (element.text or "").strip()
        elif depth == 2 and element.tag == "language":
            site_language = (element.text or "").strip() or language
        elif depth == 2 and local in ("category", "tag") and WXR_NAMESPACES["wp"].match(namespace):
            slug = _wp(element, "category_nicename" if local == "category" else "tag_slug")
            name = unescape(_wp(element, "cat_name" if local == "category" else "tag_name"))
            if slug and name:
                address = f"{_prefix(base)}/{local}/{unquote(slug)}/"
                yield OldListing(address, label=name)
                yield OldListing(f"{address}feed/", label=name, feed=True)
            reader.forget(element)
        elif depth == 2 and local == "author" and WXR_NAMESPACES["wp"].match(namespace):
            yield ExportedAuthor(
                key=_wp(element, "author_login"),
                name=_wp(element, "author_display_name") or _wp(element, "author_login"),
                email=_wp(element, "author_email"),
            )
            reader.forget(element)
        elif depth == 2 and element.tag == "item":
            line = reader.began(element)
            if not wxr:
                raise ExportError(
                    "This RSS feed is not a WordPress export (no WXR elements).", line
                )
            post = _wordpress_item(element, base, site_language, line)
            if post is not None:
                yield post
            reader.forget(element)
        elif depth == 0:
            if not wxr:
                raise ExportError("This RSS feed is not a WordPress export.", reader.line)
            yield OldListing(f"{_prefix(base)}/feed/", feed=True)
            yield OldListing(f"{_prefix(base)}/comments/feed/", feed=True)


def _wordpress_item(item: Element, base: str, language: str, line: int):
    if _wp(item, "post_type") not in ("post", ""):
        return None  # pages, attachments, menus: not posts
    post_id = _wp(item, "post_id")
    link = (item.findtext("link") or "").strip()
    guid = (item.findtext("guid") or "").strip() or (f"{base}/?p={post_id}" if post_id else "")
    labels, categories = [], []
    for category in item.findall("category"):
        name = unescape((category.text or "").strip())  # WordPress keeps "&amp;" in names
        if not name:
            continue
        labels.append(name)
        if category.get("domain") == "category":
            categories.append(name)
    excerpt = ""
    for child in item:
        namespace, local = _local(child.tag)
        if local == "encoded" and WXR_NAMESPACES["excerpt"].match(namespace):
            excerpt = child.text or ""
    prefix = _prefix(base)
    old_paths = [_path(link)] if link else []
    if post_id:
        old_paths.append(f"{prefix}/?p={post_id}")
    slug = unquote(_wp(item, "post_name"))
    date = _date(_wp(item, "post_date_gmt"), _wp(item, "post_date"))
    # Permalinks carry the blog's own date, not the GMT one.
    local = _date(_wp(item, "post_date"), "") or date
    if slug and local:
        old_paths.append(f"{prefix}/{local:%Y/%m/%d}/{slug}/")
        old_paths.append(f"{prefix}/{local:%Y/%m}/{slug}/")
    if slug:
        old_paths.append(f"{prefix}/{slug}/")
    comments = [
        _wordpress_comment(comment)
        for comment in item
        if _local(comment.tag)[1] == "comment"
        and WXR_NAMESPACES["wp"].match(_local(comment.tag)[0])
    ]
    return ExportedPost(
        guid=guid,
        link=link,
        title=unescape((item.findtext("title") or "").strip()),
        html=item.findtext(CONTENT) or "",
        excerpt=excerpt,
        date=date,
        published=_wp(item, "status") == "publish",
        author_key=(item.findtext(CREATOR) or "").strip(),
        author_name="",
        author_email="",
        labels=labels,
        categories=categories,
        old_paths=list(dict.fromkeys(path for path in old_paths if path and path != "/")),
        language=language,
        line=line,
        comments=comments,
    )


def _wordpress_comment(comment: Element) -> ExportedComment:
    approved = _wp(comment, "comment_approved")
    kind = _wp(comment, "comment_type")
    if kind in ("pingback", "trackback"):
        state = kind
    else:
        state = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}.get(
            approved, "pending"
        )
    return ExportedComment(
        key=_wp(comment, "comment_id"),
        parent_key=""
        if _wp(comment, "comment_parent") in ("", "0")
        else _wp(comment, "comment_parent"),
        author_name=_wp(comment, "comment_author"),
        author_email=_wp(comment, "comment_author_email"),
        date=_date(_wp(comment, "comment_date_gmt"), _wp(comment, "comment_date")),
        html=_wp(comment, "comment_content"),
        state=state,
        line=0,
    )


def _date(gmt: str, local: str) -> datetime | None:
    """WordPress's GMT date, or its local one when the GMT one is empty (drafts)."""
    for text in (gmt, local):
        if text and not text.startswith("0000"):
            try:
                return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


# Blogger (Atom) --------------------------------------------------------------------------
# Two shapes: the classic export (each entry's kind as a category, drafts under app:control,
# replies by thr:in-reply-to and a "related" link) and Google Takeout's (blogger:type,
# blogger:status, blogger:filename, blogger:parent and blogger:inReplyTo).

ATOM = "http://www.w3.org/2005/Atom"
KIND = "http://schemas.google.com/g/2005#kind"
BLOGGER_KIND = "http://schemas.google.com/blogger/2008/kind#"
TAKEOUT = "{http://schemas.google.com/blogger/2018}"
LABEL = "http://www.blogger.com/atom/ns#"
REPLY_TO = "{http://purl.org/syndication/thread/1.0}in-reply-to"
DRAFT = "{http://purl.org/atom/app#}control/{http://purl.org/atom/app#}draft"
COMMENT_STATES = {"LIVE": "approved", "SPAM_COMMENT": "spam", "SPAM": "spam",
                  "DELETED": "trash", "SOFT_TRASHED": "trash", "PENDING": "pending"}  # fmt: skip


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(element: Element | None, path: str) -> str:
    return (element.findtext(path) or "").strip() if element is not None else ""


def _kind(entry: Element) -> str:
    """post, comment, or something else (settings, template, page)."""
    takeout = _text(entry, f"{TAKEOUT}type")
    if takeout:
        return takeout.lower()
    for category in entry.findall(_atom("category")):
        term = category.get("term", "")
        if category.get("scheme") == KIND and term.startswith(BLOGGER_KIND):
            return term.removeprefix(BLOGGER_KIND)
    return ""


def _blogger(reader: _Reader, language: str) -> Iterator:
    depth = 1  # inside the root element, which read_export has read
    blogger = False
    labels = set()
    for event, element in reader.events():
        if event == "start":
            depth += 1
            continue
        depth -= 1
        if depth == 1 and element.tag == _atom("entry"):
            line = reader.began(element)
            kind = _kind(element)
            blogger = blogger or bool(kind)
            if kind == "post":
                post = _blogger_post(element, language, line)
                labels.update(post.labels)
                yield post
            elif kind == "comment":
                yield _blogger_comment(element, line)
            reader.forget(element)
        elif depth == 0:
            if not blogger:
                raise ExportError("This Atom feed is not a Blogger export.", reader.line)
            yield OldListing("/feeds/posts/default", feed=True)
            yield OldListing("/feeds/comments/default", feed=True)
            for label in sorted(labels):
                yield OldListing(f"/search/label/{label}", label=label)
                yield OldListing(f"/feeds/posts/default/-/{label}", label=label, feed=True)


def _blogger_post(entry: Element, language: str, line: int) -> ExportedPost:
    link = next(
        (
            item.get("href", "")
            for item in entry.findall(_atom("link"))
            if item.get("rel") == "alternate"
        ),
        "",
    )
    filename = _text(entry, f"{TAKEOUT}filename")
    status = _text(entry, f"{TAKEOUT}status")
    labels = [
        unescape(category.get("term", "").strip())
        for category in entry.findall(_atom("category"))
        if category.get("scheme") == LABEL and category.get("term", "").strip()
    ]
    author = entry.find(_atom("author"))
    # Takeout says LIVE; the classic export marks drafts, which have no address yet.
    published = status == "LIVE" if status else _text(entry, DRAFT) != "yes" and bool(link)
    paths = [_path(link)] if link else []
    if filename:
        paths.append(filename)
    return ExportedPost(
        guid=_text(entry, _atom("id")),
        link=link,
        title=unescape(_text(entry, _atom("title"))),
        html=entry.findtext(_atom("content")) or "",
        excerpt=_text(entry, f"{TAKEOUT}metaDescription"),
        date=_atom_date(entry.findtext(_atom("published"))),
        published=published,
        author_key=_text(author, _atom("email")) or _text(author, _atom("name")),
        author_name=_text(author, _atom("name")),
        author_email=_text(author, _atom("email")),
        labels=labels,
        categories=labels,
        old_paths=list(dict.fromkeys(paths)),
        language=language,
        line=line,
        from_blogger=True,
    )


def _blogger_comment(entry: Element, line: int) -> "BloggerComment":
    reply_to = entry.find(REPLY_TO)
    post_guid = _text(entry, f"{TAKEOUT}parent") or (
        reply_to.get("ref", "") if reply_to is not None else ""
    )
    parent = _text(entry, f"{TAKEOUT}inReplyTo") or next(
        (
            link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
            for link in entry.findall(_atom("link"))
            if link.get("rel") == "related"
        ),
        "",
    )
    author = entry.find(_atom("author"))
    status = _text(entry, f"{TAKEOUT}status")
    return BloggerComment(
        post_guid=post_guid,
        comment=ExportedComment(
            key=_blogger_id(_text(entry, _atom("id"))),
            parent_key=_blogger_id(parent),
            author_name=_text(author, _atom("name")),
            author_email=_text(author, _atom("email")),
            date=_atom_date(entry.findtext(_atom("published"))),
            html=entry.findtext(_atom("content")) or "",
            state=COMMENT_STATES.get(status, "pending") if status else "approved",
            line=line,
        ),
    )


def _blogger_id(text: str) -> str:
    """The number at the end of a Blogger id ("tag:blogger.com,1999:blog-1.post-5")."""
    return re.split(r"[.-]", text)[-1] if text else ""


@dataclass
class BloggerComment:
    """A comment of a Blogger export, which lists comments apart from their posts."""

    post_guid: str
    comment: ExportedComment


def _atom_date(text: str | None) -> datetime | None:
    """An Atom date (or an e-mail style one); one without a zone is taken as UTC, one the
    calendar cannot hold as none."""
    if not text:
        return None
    try:
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _prefix(base: str) -> str:
    """The path the old blog lived under ("" at the root of its domain)."""
    return _path(base).rstrip("/")


def _path(link: str) -> str:
    """The address's path (and a ?p= or ?page_id= query), decoded, as requests show it;
    "" for an address that is none."""
    try:
        parts = urlsplit(link)
    except ValueError:  # e.g. "http://[bad/": an IPv6 host never closed
        return ""
    path = unquote(parts.path) or "/"
    query = parse_qs(parts.query)
    for key in ("p", "page_id"):
        if key in query:
            return f"{path}?{key}={query[key][0]}"
    return path
