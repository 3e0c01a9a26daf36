"""Importing a whole blog from its export, in one transaction: posts become reports or
lessons with their dates, labels become hashtags, authors become members, approved
comments keep their threads, images go through the photo pipeline, and every old address
redirects. Items are found again by the export's GUIDs, so a second run updates what
changed and duplicates nothing. Nobody is notified of anything imported."""

import hashlib
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment
from taggit.models import Tag

from accounts.models import Organisation, User, country_of, voice_of
from discussion.models import Comment
from hashtags.services import hashtags_set
from importing.converting import Refused, image_as_link, to_markdown, to_text
from importing.exports import (
    BloggerComment,
    ExportedAuthor,
    ExportedComment,
    ExportedPost,
    ExportError,
    OldListing,
    read_export,
)
from importing.models import ImportedItem, OldAddress
from publishing.kinds import publication_kinds
from publishing.languages import ISO_639_1
from publishing.models import BODY_MAX_LENGTH
from publishing.rendering import (
    hashtag_slug,
    is_hashtag_name,
    render_comment,
    render_markdown,
)
from publishing.services import index_for_search, record_revision, render_body, unique_slug
from publishing.signals import loading
from uploads.models import Photo
from uploads.processing import PHOTO_MAX_BYTES, Rejected, photo_variants
from uploads.services import photo_create, uploads_attach

# What --kind names, and the kind of publication it is.
KINDS = {"lesson": "post", "seminar": "report"}
SUMMARY_LENGTH = 300
# A comment's HTML; its Markdown may be at most COMMENT_MAX_LENGTH (3,000 characters).
COMMENT_HTML_LIMIT = 100_000
# Categories every WordPress blog has whether or not anyone chose them.
DEFAULT_LABELS = {"uncategorized", "uncategorised", "nonclassé", "sincategoría", "sincategoria"}
# Blogger gives every author this address: it names nobody.
NO_ADDRESS = {"noreply@blogger.com"}
RESIZED_RE = re.compile(r"-\d+x\d+(?=\.\w+$)")


@dataclass
class Options:
    kind: str = "lesson"
    rules: dict[str, str] = field(default_factory=dict)  # a label's address -> a kind
    organisation: Organisation | None = None
    uploads: Path | None = None
    language: str = ""
    author_email: str = ""  # for posts whose author the export names by no address
    dry_run: bool = False


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)  # (what, reason) -> how many
    old_addresses: int = 0
    notes: list[str] = field(default_factory=list)

    def note(self, item, message: str) -> None:
        self.notes.append(f"“{item.title or 'untitled'}” (line {item.line}): {message}")


def blog_import(*, path, options: Options, progress=None) -> Summary:
    """Import the export at path. Everything or nothing: an error anywhere (ExportError,
    naming the line) changes nothing, and a dry run changes nothing either."""
    summary = Summary()
    importer = _Importer(options, summary)
    try:
        with transaction.atomic():
            # What counts writing (the insight page) counts the whole import once, at its end.
            with loading():
                for thing in read_export(path, language=options.language, progress=progress):
                    try:
                        importer.take(thing)
                    except (ExportError, DatabaseError):
                        raise
                    except Exception as error:
                        # Whatever an export holds that nobody foresaw: named, not a traceback.
                        title = getattr(thing, "title", "") or getattr(thing, "path", "")
                        raise ExportError(
                            f"“{title}”: {error!r}", getattr(thing, "line", 0)
                        ) from error
                importer.finish()
            if options.dry_run:
                transaction.set_rollback(True)
    except BaseException:
        importer.forget_stored_files()
        raise
    return summary


def hashtag_name(label: str) -> str | None:
    """A category or tag as a hashtag: its words joined, each capitalised ("Lessons
    learned" is #LessonsLearned); None for what makes no hashtag."""
    words = re.findall(r"\w+", label)
    if len(words) > 1:
        words = [word[:1].upper() + word[1:] for word in words]
    name = "".join(words)[:60]
    if not is_hashtag_name(name) or hashtag_slug(name) in DEFAULT_LABELS:
        return None
    return name


def _language(code: str, fallback: str) -> str:
    """The export's language "en-US" as a content language ("en")."""
    for candidate in (code, fallback):
        base = (candidate or "").replace("_", "-").split("-")[0].lower()
        if base in ISO_639_1:
            return base
    return settings.LANGUAGE_CODE


class _Importer:
    def __init__(self, options: Options, summary: Summary):
        self.options = options
        self.summary = summary
        self.authors: dict[str, ExportedAuthor] = {}
        self.members: dict[str, User] = {}
        self.blogger_comments: dict[str, list[ExportedComment]] = defaultdict(list)
        self.listings: list[OldListing] = []
        self.publications: dict[str, object] = {}  # Blogger's post GUIDs, for comments
        self.blogger = False
        self.seen: dict[str, int] = {}  # the GUIDs of this run's posts, and their lines
        self.stored: list[str] = []  # files written, removed again if the import fails
        self._files_by_name = None

    # What the export holds, as it comes ----------------------------------------------

    def take(self, thing) -> None:
        if isinstance(thing, ExportedAuthor):
            self.authors[thing.key] = thing
        elif isinstance(thing, ExportedPost):
            self.blogger = self.blogger or thing.from_blogger
            self.post(thing)
        elif isinstance(thing, BloggerComment):
            self.blogger_comments[_key(thing.post_guid)].append(thing.comment)
        elif isinstance(thing, OldListing):
            self.listings.append(thing)

    def finish(self) -> None:
        for guid, comments in self.blogger_comments.items():
            publication = self.publications.get(guid)
            if publication is None:
                self.summary.skipped[("comments", "on a post not imported")] += len(comments)
                continue
            self.comments(publication, guid, comments)
        for listing in self.listings:
            self.listing(listing)

    def forget_stored_files(self) -> None:
        for name in self.stored:
            default_storage.delete(name)
        self.stored.clear()

    # Posts -------------------------------------------------------------------------

    def kind_for(self, item: ExportedPost) -> str:
        for label in item.categories + item.labels:
            kind = self.options.rules.get(hashtag_slug(label))
            if kind:
                return kind
        return self.options.kind

    def post(self, item: ExportedPost) -> None:
        if not item.guid:
            self.summary.skipped[("posts", "no identifier in the export")] += 1
            self.summary.note(item, "it has no identifier (guid or id), so it is not imported.")
            return
        item.guid = _key(item.guid)
        if item.guid in self.seen:
            self.summary.skipped[("posts", "an identifier already used")] += 1
            self.summary.note(
                item, f"it has the identifier of the post on line {self.seen[item.guid]}."
            )
            return
        self.seen[item.guid] = item.line
        author = self.member_for(item)
        known = ImportedItem.objects.filter(guid=item.guid).first()
        publication = known.target if known is not None else None
        if known is not None and publication is None:
            known.delete()  # what it made was deleted here since: made anew
        kind = KINDS[self.kind_for(item)]
        if publication is not None:
            model = type(publication)
            if model.kind != kind:
                self.summary.note(
                    item, f"it stays a {model.kind}, as first imported (--kind and --rule "
                    "choose only for new posts)."
                )  # fmt: skip
        else:
            model = publication_kinds()[kind]
        what = str(model._meta.verbose_name_plural)
        images = _Images(self, item, model, author)
        try:
            body = to_markdown(item.html, image=images.convert)
            if len(body) > BODY_MAX_LENGTH:
                raise Refused(
                    f"It is {len(body):,} characters long as Markdown; at most "
                    f"{BODY_MAX_LENGTH:,} fit."
                )
            summary_text = to_text(item.excerpt) or to_text(item.html)
        except Refused as error:
            images.forget()
            self.summary.skipped[(what, "refused content")] += 1
            self.summary.note(item, str(error))
            return
        new = publication is None
        if new:
            publication = model()
        labels = [name for name in map(hashtag_name, item.labels) if name]
        before = None if new else (*_fields(publication), sorted(publication.tags.slugs()))
        self.fill(publication, item, author, body, summary_text)
        if not new and not images.made and before == (*_fields(publication), _slugs(body, labels)):
            self.unchanged_post(item, publication, what)
            return
        body_hashtags = render_body(publication)
        publication.save()
        hashtags = hashtags_set(publication=publication, names=body_hashtags + labels)
        index_for_search(publication=publication, hashtags=hashtags)
        record_revision(publication=publication, by=author)
        images.attach(publication)
        (self.summary.created if new else self.summary.updated)[what] += 1
        if new:
            ImportedItem.objects.create(guid=item.guid, target=publication)
        self.after_post(item, publication)

    def unchanged_post(self, item: ExportedPost, publication, what: str) -> None:
        self.summary.unchanged[what] += 1
        self.after_post(item, publication)

    def after_post(self, item: ExportedPost, publication) -> None:
        self.old_addresses(publication, item.old_paths)
        if item.comments:
            self.comments(publication, item.guid, item.comments)
        if self.blogger:
            # What a Blogger comment, listed apart, needs of its post: not the whole post.
            self.publications[item.guid] = type(publication)(
                pk=publication.pk, title=publication.title, language=publication.language,
                published_at=publication.published_at,
            )  # fmt: skip

    def fill(self, publication, item, author, body: str, summary_text: str) -> None:
        # A post with no title (Blogger's photo posts often have none) is named by its
        # first words, so that lists and addresses tell such posts apart.
        publication.title = (item.title or _shorten(summary_text, 60) or "Untitled")[:200]
        publication.body = body
        publication.summary = _shorten(summary_text, SUMMARY_LENGTH) or publication.title
        publication.language = _language(item.language, self.options.language)
        if publication.pk is None:
            publication.author = author
            publication.slug = unique_slug(publication)
        publication.status = (
            publication.Status.PUBLISHED if item.published else publication.Status.DRAFT
        )
        if not item.published:
            publication.published_at = None
        elif item.date or publication.published_at is None:
            publication.published_at = item.date or timezone.now()
        # What each kind has besides: a lesson's organisation and country; a report's
        # event, which a blog post names only by its title, author and date.
        organisation = self.options.organisation or author.organisation
        fields = {field.name for field in publication._meta.get_fields()}
        if "organisation" in fields:
            publication.organisation = organisation
        if "country" in fields:
            publication.country = (organisation.country if organisation else "") or author.country
        if "voice" in fields:
            publication.voice = voice_of(author)
        if "event_name" in fields:
            publication.event_name = publication.event_name or publication.title
            publication.organiser = publication.organiser or (
                organisation.name if organisation else author.name
            )
            publication.event_date = (item.date or timezone.now()).date()

    def member_for(self, item: ExportedPost) -> User:
        exported = self.authors.get(item.author_key)
        email = item.author_email or (exported.email if exported else "")
        name = item.author_name or (exported.name if exported else "")
        if email.lower() in NO_ADDRESS:
            email = ""
        email = email or self.options.author_email
        try:
            validate_email(email)
        except ValidationError:
            raise ExportError(
                f"“{item.title}”: the export names its author "
                f"({item.author_key or name or '?'}) by no e-mail address. Give one with "
                "--author-email.",
                item.line,
            ) from None
        key = email.lower()
        if key not in self.members:
            member = User.objects.filter(email__iexact=email).first()
            if member is None:
                # No usable password: the person claims the account by resetting it.
                member = User.objects.create_user(
                    email=email, password=None, name=(name or email.split("@")[0])[:150]
                )
                EmailAddress.objects.create(user=member, email=member.email, primary=True)
                self.summary.created["members"] += 1
            self.members[key] = member
        return self.members[key]

    def old_addresses(self, publication, paths: list[str]) -> None:
        content_type = ContentType.objects.get_for_model(publication)
        addresses = [
            OldAddress(path=path, content_type=content_type, object_id=publication.pk)
            for path in paths
            if _storable_path(path)
        ]
        OldAddress.objects.bulk_create(
            addresses,
            update_conflicts=True,
            unique_fields=["path"],
            update_fields=["content_type", "object_id", "target_path"],
        )
        self.summary.old_addresses += len(addresses)

    def listing(self, listing: OldListing) -> None:
        if not _storable_path(listing.path):
            return
        if listing.label:
            name = hashtag_name(listing.label)
            tag = Tag.objects.filter(slug=hashtag_slug(name)).first() if name else None
            if tag is None:
                return
            with translation.override(None):
                target = reverse(
                    "hashtags:feed" if listing.feed else "hashtags:detail", args=[tag.slug]
                )
        else:
            with translation.override(None):
                target = reverse("pages:feed") if listing.feed else "/"
        OldAddress.objects.update_or_create(
            path=listing.path,
            defaults={"content_type": None, "object_id": None, "target_path": target},
        )
        self.summary.old_addresses += 1

    # Comments ------------------------------------------------------------------------

    def comments(self, publication, guid: str, comments: list[ExportedComment]) -> None:
        prefix = f"{guid}#comment-"
        known = dict(
            ImportedItem.objects.filter(guid__startswith=prefix).values_list("guid", "object_id")
        )
        existing = Comment.objects.in_bulk(known.values())
        content_type = ContentType.objects.get_for_model(publication)
        # What was imported and has been deleted here since is imported anew.
        stale = [guid for guid, pk in known.items() if pk not in existing]
        ImportedItem.objects.filter(guid__in=stale).delete()
        made: dict[str, Comment] = {}
        by_pk: dict[int, Comment] = {}
        new: list[tuple[str, Comment, Comment | None]] = []
        seen = set()
        for exported in _parents_first(comments):
            if exported.key in seen:
                self.summary.skipped[("comments", "an identifier already used")] += 1
                continue
            seen.add(exported.key)
            comment = existing.get(known.get(prefix + exported.key))
            text = self.comment_text(publication, exported)
            if text is None:
                if comment is not None and not comment.is_removed:
                    # Imported before, and since marked spam or binned on the old blog.
                    Comment.objects.filter(pk=comment.pk).update(
                        is_removed=True, removed_at=timezone.now(),
                        removal_reason="Taken down on the blog it was imported from.",
                    )  # fmt: skip
                    self.summary.updated["comments"] += 1
                continue
            if comment is not None:
                if comment.comment != text:
                    Comment.objects.filter(pk=comment.pk).update(
                        comment=text, body_html=render_comment(text)
                    )
                    self.summary.updated["comments"] += 1
                else:
                    self.summary.unchanged["comments"] += 1
                made[exported.key] = comment
                by_pk[comment.pk] = comment
                continue
            member = self.commenter(exported.author_email)
            comment = Comment(
                content_type=content_type,
                object_pk=str(publication.pk),
                site_id=settings.SITE_ID,
                user=member,
                user_name=(member.name if member else exported.author_name or "A reader")[:50],
                user_email=member.email if member else "",
                comment=text,
                body_html=render_comment(text),
                language=publication.language,
                voice=voice_of(member),
                country=country_of(member),
                submit_date=exported.date or publication.published_at or timezone.now(),
                is_public=True,
            )
            new.append((exported.key, comment, exported.parent_key))
        if not new:
            return
        if existing or Comment.objects.on(publication).exists():
            # A discussion already here: each new comment takes its place in the threads
            # as one written on the site would.
            for key, comment, parent_key in new:
                parent = _shallow_enough(made.get(parent_key), by_pk)
                comment.parent_id = parent.pk if parent else 0
                comment.save()
                made[key] = by_pk[comment.pk] = comment
        else:
            threads_insert([(key, comment, parent_key) for key, comment, parent_key in new])
            made.update((key, comment) for key, comment, _parent in new)
        ImportedItem.objects.bulk_create(
            ImportedItem(guid=prefix + key, target=comment) for key, comment, _parent in new
        )
        self.summary.created["comments"] += len(new)

    def comment_text(self, publication, exported: ExportedComment) -> str | None:
        """The comment as Markdown, or None (counted) for one that is not imported."""
        if not exported.key or len(exported.key) > 100:
            self.summary.skipped[("comments", "no usable identifier in the export")] += 1
            return None
        if exported.state != "approved":
            reason = {
                "pingback": "pingbacks", "trackback": "trackbacks",
                "spam": "marked spam", "trash": "in the bin",
            }.get(exported.state, "not approved")  # fmt: skip
            self.summary.skipped[("comments", reason)] += 1
            return None
        try:
            text = to_markdown(exported.html, image=image_as_link, limit=COMMENT_HTML_LIMIT)
        except Refused as error:
            self.summary.skipped[("comments", "refused content")] += 1
            self.summary.notes.append(f"{publication.title}: {error}")
            return None
        if not text:
            self.summary.skipped[("comments", "empty")] += 1
            return None
        if len(text) > settings.COMMENT_MAX_LENGTH:
            self.summary.skipped[("comments", "too long")] += 1
            return None
        return text

    def commenter(self, email: str) -> User | None:
        """The member with the commenter's address, if there is one; nobody is made."""
        if not email or email.lower() in NO_ADDRESS:
            return None
        key = email.lower()
        if key not in self.members:
            member = User.objects.filter(email__iexact=email).first()
            if member is None:
                return None
            self.members[key] = member
        return self.members[key]

    # Images --------------------------------------------------------------------------

    def local_file(self, src: str) -> Path | None:
        """The file of the media folder that an image's address names, if any: by its path
        under an uploads folder (the original before a resized copy), else by its name when
        exactly one file has it."""
        root = self.options.uploads
        if root is None or not src or "\x00" in src:
            return None
        try:
            path = unquote(urlsplit(src).path)
        except ValueError:
            return None
        if "\x00" in path:
            return None
        relative = path.split("/uploads/", 1)[1] if "/uploads/" in path else ""
        name = path.rsplit("/", 1)[-1]
        candidates = []
        if relative:
            candidates += [root / RESIZED_RE.sub("", relative), root / relative]
        for wanted in (RESIZED_RE.sub("", name), name):
            found = self.files_by_name().get(wanted, [])
            if len(found) == 1:
                candidates += found
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved.is_relative_to(root.resolve()) and resolved.is_file():
                return resolved
        return None

    def files_by_name(self) -> dict[str, list[Path]]:
        if self._files_by_name is None:
            self._files_by_name = defaultdict(list)
            for folder, _folders, names in os.walk(self.options.uploads):
                for name in names:
                    self._files_by_name[name].append(Path(folder) / name)
        return self._files_by_name


class _Images:
    """The images of one post: each found in the media folder becomes a photo (once per
    post and file, however often it is imported), the others stay links."""

    def __init__(self, importer: _Importer, item: ExportedPost, model, author: User):
        self.importer, self.item, self.model, self.author = importer, item, model, author
        self.summary = importer.summary
        self.made: list[Photo] = []
        self.kept: list[Photo] = []

    def convert(self, src: str, alt: str) -> str:
        try:
            absolute = urljoin(self.item.link, src) if self.item.link else src
        except ValueError:  # an address that is none, e.g. "//[x/y.jpg"
            absolute = ""
        if self.importer.options.uploads is None:
            self.summary.skipped[("images", "left as links: no media folder given")] += 1
            return image_as_link(absolute, alt)
        found = self.importer.local_file(src)
        if found is None:
            self.summary.skipped[("images", "not in the media folder: left as links")] += 1
            self.summary.note(self.item, f"{src} is not in the media folder.")
            return image_as_link(absolute, alt)
        photo = self.photo(found, alt)
        if photo is None:
            return image_as_link(absolute, alt)
        self.kept.append(photo)
        return f"\n\n{photo.markdown_reference}\n\n"

    def photo(self, found: Path, alt: str) -> Photo | None:
        relative = found.relative_to(self.importer.options.uploads.resolve()).as_posix()
        guid = _key(f"{self.item.guid}#photo-{relative}")
        known = ImportedItem.objects.filter(guid=guid).first()
        if known is not None:
            if known.target is not None:
                return known.target
            known.delete()  # the photo was removed here since: made anew
        if self.importer.options.dry_run:
            self.summary.created["photos"] += 1
            return Photo(pk=0)
        try:
            if found.stat().st_size > PHOTO_MAX_BYTES:
                raise Rejected(f"it is larger than {PHOTO_MAX_BYTES // (1024 * 1024)} MB.")
            variants = photo_variants(ContentFile(found.read_bytes(), name=found.name))
        except Rejected as error:
            self.summary.skipped[("images", "refused by the photo checks")] += 1
            self.summary.note(self.item, f"{found.name}: {error}")
            return None
        photo = photo_create(variants=variants, model=self.model, by=self.author)
        self.importer.stored += photo.stored_names()
        description = " ".join(alt.split())[: Photo._meta.get_field("description").max_length]
        if description:
            photo.description = description
            photo.save(update_fields=["description"])
        else:
            self.summary.note(
                self.item,
                f"the photo {found.name} has no description; it shows once one is written.",
            )
        ImportedItem.objects.create(guid=guid, target=photo)
        self.made.append(photo)
        self.summary.created["photos"] += 1
        return photo

    def attach(self, publication) -> None:
        fresh = [photo for photo in self.kept if photo.pk and photo.object_id != publication.pk]
        if fresh:
            uploads_attach(publication=publication, kept=fresh, removed=[])

    def forget(self) -> None:
        """The post was refused: its new photos go, and what recorded them."""
        for photo in self.made:
            ImportedItem.objects.filter(
                content_type=ContentType.objects.get_for_model(photo), object_id=photo.pk
            ).delete()
            photo.delete()


def _shallow_enough(parent: Comment | None, by_pk: dict[int, Comment]) -> Comment | None:
    """Deeper than the site's threads, a reply joins the deepest, as on the site."""
    while parent is not None and parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
        parent = by_pk.get(parent.parent_id)
    return parent


def threads_insert(comments: list[tuple[str, Comment, str]]) -> None:
    """Save a new discussion's comments ((key, unsaved comment, parent's key), oldest
    first) in a few queries, numbered as django-comments-xtd numbers them one by one:
    each thread in order of writing, replies under their parent, nested_count counting
    each comment's replies."""
    base = [BaseComment(**{
        field.attname: getattr(comment, field.attname)
        for field in BaseComment._meta.concrete_fields if not field.primary_key
    }) for _key, comment, _parent in comments]  # fmt: skip
    BaseComment.objects.bulk_create(base)
    by_key: dict[str, Comment] = {}
    by_pk: dict[int, Comment] = {}
    children: dict[int, list[Comment]] = defaultdict(list)
    roots = []
    for (key, comment, parent_key), saved in zip(comments, base, strict=True):
        comment.pk = comment.id = comment.comment_ptr_id = comment.xtdcomment_ptr_id = saved.pk
        parent = _shallow_enough(by_key.get(parent_key), by_pk)
        if parent is None:
            comment.thread_id = comment.parent_id = comment.pk
            comment.level = 0
            roots.append(comment)
        else:
            comment.thread_id, comment.parent_id = parent.thread_id, parent.pk
            comment.level = parent.level + 1
            children[parent.pk].append(comment)
        by_key[key] = by_pk[comment.pk] = comment

    def number(comment: Comment, order: int) -> int:
        comment.order = order
        following = order + 1
        for reply in children[comment.pk]:
            following = number(reply, following)
        comment.nested_count = following - order - 1
        return following

    for root in roots:
        number(root, 1)
    saved = [comment for _key, comment, _parent in comments]
    _insert_local_rows(XtdComment, saved)
    _insert_local_rows(Comment, saved)


def _insert_local_rows(model, objects) -> None:
    """Insert the rows of model's own table (not its parents') for these objects."""
    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [field.get_db_prep_save(getattr(item, field.attname), connection) for field in fields]
        for item in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 (names from the models)
            rows,
        )


def _slugs(body: str, labels: list[str]) -> list[str]:
    """The addresses of the hashtags a post will have: those typed in its body, and its
    labels'."""
    return sorted({hashtag_slug(name) for name in render_markdown(body).hashtags + labels})


def _key(guid: str) -> str:
    """An export's identifier as kept: a very long one by its digest, so it fits."""
    if len(guid) <= 300:
        return guid
    return "sha256:" + hashlib.sha256(guid.encode()).hexdigest()


def _storable_path(path: str) -> bool:
    return 0 < len(path) <= OldAddress._meta.get_field("path").max_length and "\x00" not in path


def _fields(publication) -> tuple:
    names = ["title", "body", "summary", "language", "status", "published_at"]
    return tuple(getattr(publication, name) for name in names)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _comment_order(comment: ExportedComment) -> tuple:
    date = comment.date or datetime.min.replace(tzinfo=UTC)
    return (date, int(comment.key) if comment.key.isdigit() else 0, comment.key)


def _parents_first(comments: list[ExportedComment]) -> list[ExportedComment]:
    """Oldest first, except that a reply never comes before the comment it answers (dates
    can disagree with the threads in an export)."""
    keys = {comment.key for comment in comments}
    placed, ordered, waiting = set(), [], sorted(comments, key=_comment_order)
    while waiting:
        later = []
        for comment in waiting:
            parent = comment.parent_key
            if not parent or parent not in keys or parent in placed or parent == comment.key:
                ordered.append(comment)
                placed.add(comment.key)
            else:
                later.append(comment)
        if len(later) == len(waiting):  # a loop of replies: the rest as they are
            ordered += later
            break
        waiting = later
    return ordered
