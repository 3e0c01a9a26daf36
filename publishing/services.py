"""Publishing steps every kind takes when it is saved: its address, its rendered body, its
search text, the version kept of its text, and the kept pages it replaces.

Each kind's service runs them in this order: publication_prepare, then its own fields,
render_body, save, its hashtags, then publication_saved.
"""

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from page_cache.versions import publication_changed
from publishing.models import Publication, Revision
from publishing.rendering import render_markdown
from publishing.search import update_search_vector
from publishing.signals import publication_published

# Addresses that name pages beside each publication's own, such as /seminars/new/.
RESERVED_SLUGS = {"new", "review", "waiting-for-follow-up"}


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


def publication_prepare(*, publication: Publication, by: User) -> None:
    """Before saving: a new publication is written by `by`; its address follows the title
    until it is first published, then never changes."""
    if publication.author_id is None:
        publication.author = by
    if publication.published_at is None:
        publication.slug = unique_slug(publication)


def publication_mark_published(*, publication: Publication) -> None:
    """Make it public when saved, keeping the date it was first published."""
    publication.status = publication.Status.PUBLISHED
    if publication.published_at is None:
        publication.published_at = timezone.now()
        publication.first_published = True


def publication_announce(*, publication: Publication) -> None:
    """After saving: say so if it was just published for the first time."""
    if getattr(publication, "first_published", False):
        publication.first_published = False
        publication_published.send(sender=type(publication), publication=publication)


def render_body(publication: Publication) -> list[str]:
    """Render the body into body_html; return the hashtags typed in it."""
    rendered = render_markdown(publication.body)
    publication.body_html = rendered.html
    return rendered.hashtags


def index_for_search(*, publication: Publication, hashtags: list[str]) -> None:
    update_search_vector(publication, parts=publication.search_parts(hashtags))


def record_revision(*, publication: Publication, by: User) -> Revision | None:
    """Keep this version of the text, unless it is the same as the last one kept."""
    last = publication.revisions.first()
    current = (publication.title, publication.summary, publication.versioned_text())
    if last is not None and (last.title, last.summary, last.body) == current:
        return None
    title, summary, text = current
    return publication.revisions.create(title=title, summary=summary, body=text, edited_by=by)


def publication_saved(*, publication: Publication, by: User, hashtags: list[str]) -> None:
    """After saving with its hashtags: index it for search, keep this version of its text,
    and replace the kept pages and lists that show publications."""
    index_for_search(publication=publication, hashtags=hashtags)
    record_revision(publication=publication, by=by)
    publication_announce(publication=publication)
    publication_changed(publication)


def publication_unpublish(*, publication: Publication) -> Publication:
    """Take a publication back to draft, at the same address: no longer public."""
    publication.status = publication.Status.DRAFT
    publication.save(update_fields=["status", "updated_at"])
    publication_changed(publication)
    return publication
