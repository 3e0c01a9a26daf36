"""Publishing steps shared by seminar reports and posts: addresses, hashtags, revisions."""

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from accounts.models import User
from learning_exchange.models import HashtagRedirect, Publication, Revision
from learning_exchange.rendering import hashtag_slug, render_markdown, unique_hashtags
from learning_exchange.search import languages_changed, update_search_vector

# Addresses that name pages beside each publication's own, such as /seminars/new/.
RESERVED_SLUGS = {"new", "review"}
HISTORY_PAGE_SIZE = 10


def unique_slug(publication: Publication) -> str:
    """An address from the title, made unique among its kind with -2, -3 …"""
    base = slugify(publication.title, allow_unicode=True)[:200] or "untitled"
    taken = RESERVED_SLUGS | set(
        type(publication)
        ._default_manager.filter(slug__startswith=base)
        .exclude(pk=publication.pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def render_body(publication: Publication) -> list[str]:
    """Render the body into body_html; return the hashtags typed in it."""
    rendered = render_markdown(publication.body)
    publication.body_html = rendered.html
    return rendered.hashtags


def preview_hashtags(names: list[str]) -> list[Tag]:
    """Unsaved tags, for showing hashtags of a preview exactly as saved ones are shown."""
    return [Tag(name=name, slug=hashtag_slug(name)) for name in unique_hashtags(names)]


def set_hashtags(*, publication: Publication, names: list[str]) -> list[str]:
    """Give the publication exactly these hashtags, in a fixed number of queries.

    A hashtag is found by its address, so #Éducation and #éducation are one tag on every
    database; a new one keeps the spelling it was first written in.
    """
    wanted = {hashtag_slug(name): name for name in unique_hashtags(names)}
    tags = {
        tag.slug: tag
        for tag in Tag.objects.filter(Q(slug__in=wanted) | Q(name__in=wanted.values()))
    }
    for tag in list(tags.values()):
        tags.setdefault(hashtag_slug(tag.name), tag)
    # A hashtag merged into another or renamed stays so when it is typed again.
    for moved in HashtagRedirect.objects.filter(old_slug__in=wanted).select_related("tag"):
        tags[moved.old_slug] = moved.tag
    missing = [Tag(name=name, slug=slug) for slug, name in wanted.items() if slug not in tags]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        tags.update(
            (tag.slug, tag) for tag in Tag.objects.filter(slug__in=[t.slug for t in missing])
        )
    tag_ids = {tags[slug].pk for slug in wanted}
    content_type = ContentType.objects.get_for_model(publication)
    items = TaggedItem.objects.filter(content_type=content_type, object_id=publication.pk)
    items.exclude(tag_id__in=tag_ids).delete()
    present = set(items.values_list("tag_id", flat=True))
    TaggedItem.objects.bulk_create(
        TaggedItem(content_type=content_type, object_id=publication.pk, tag_id=tag_id)
        for tag_id in tag_ids - present
    )
    return list(dict.fromkeys(tags[slug].name for slug in wanted))


def index_for_search(*, publication: Publication, hashtags: list[str]) -> None:
    update_search_vector(publication, parts=publication.search_parts(hashtags))
    languages_changed()


def record_revision(*, publication: Publication, by: User) -> Revision | None:
    """Keep this version of the text, unless it is the same as the last one kept."""
    last = publication.revisions.first()
    current = (publication.title, publication.summary, publication.versioned_text())
    if last is not None and (last.title, last.summary, last.body) == current:
        return None
    title, summary, text = current
    return publication.revisions.create(title=title, summary=summary, body=text, edited_by=by)


@dataclass
class Change:
    revision: Revision
    previous: Revision | None

    @property
    def title_changed(self) -> bool:
        return self.previous is not None and self.previous.title != self.revision.title

    @property
    def summary_changed(self) -> bool:
        return self.previous is not None and self.previous.summary != self.revision.summary

    @property
    def body_diff(self) -> list[tuple[str, str]]:
        """Changed lines with two lines of context, as (kind, text): add, remove, same, gap."""
        if self.previous is None:
            return []
        lines = []
        diff = difflib.unified_diff(
            self.previous.body.splitlines(), self.revision.body.splitlines(), n=2, lineterm=""
        )
        for line in list(diff)[2:]:
            if line.startswith("@@"):
                lines.append(("gap", "…"))
            elif line.startswith("+"):
                lines.append(("add", line[1:]))
            elif line.startswith("-"):
                lines.append(("remove", line[1:]))
            else:
                lines.append(("same", line[1:]))
        return lines


def revision_history(*, publication: Publication, page_number) -> tuple[Page, list[Change]]:
    """One page of kept versions, newest first, each with what changed since the one before."""
    page = Paginator(publication.revisions.all(), HISTORY_PAGE_SIZE).get_page(page_number)
    # One more than the page holds, so the oldest version on it has its previous one too.
    start = page.start_index() - 1 if page.object_list else 0
    revisions = list(
        publication.revisions.select_related("edited_by")[start : start + HISTORY_PAGE_SIZE + 1]
    )
    changes = [
        Change(revision, revisions[index + 1] if index + 1 < len(revisions) else None)
        for index, revision in enumerate(revisions[:HISTORY_PAGE_SIZE])
    ]
    return page, changes
