"""Publishing steps shared by seminar reports and posts: addresses, hashtags, revisions."""

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify
from taggit.models import Tag

from learning_exchange.models import Publication, Revision
from learning_exchange.rendering import hashtag_slug, render_markdown, unique_hashtags


def unique_slug(publication: Publication) -> str:
    """An address from the title, made unique among its kind with -2, -3 …"""
    base = slugify(publication.title, allow_unicode=True)[:200] or "untitled"
    taken = set(
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


def set_hashtags(publication: Publication, names: list[str]) -> None:
    publication.tags.set(unique_hashtags(names))


def record_revision(publication: Publication, *, by) -> Revision | None:
    """Keep this version of the text, unless it is the same as the last one kept."""
    content_type = ContentType.objects.get_for_model(publication)
    last = Revision.objects.filter(content_type=content_type, object_id=publication.pk).first()
    current = (publication.title, publication.summary, publication.body)
    if last is not None and (last.title, last.summary, last.body) == current:
        return None
    return Revision.objects.create(
        content_type=content_type,
        object_id=publication.pk,
        title=publication.title,
        summary=publication.summary,
        body=publication.body,
        edited_by=by,
    )


@dataclass
class Change:
    revision: Revision
    previous: Revision | None
    body_diff: list[tuple[str, str]]

    @property
    def title_changed(self) -> bool:
        return self.previous is not None and self.previous.title != self.revision.title

    @property
    def summary_changed(self) -> bool:
        return self.previous is not None and self.previous.summary != self.revision.summary


def revision_history(publication: Publication) -> list[Change]:
    """Every kept version, newest first, with what changed in the body since the one before."""
    content_type = ContentType.objects.get_for_model(publication)
    revisions = list(
        Revision.objects.filter(
            content_type=content_type, object_id=publication.pk
        ).select_related("edited_by")
    )
    changes = []
    for index, revision in enumerate(revisions):
        previous = revisions[index + 1] if index + 1 < len(revisions) else None
        changes.append(Change(revision, previous, body_diff(previous, revision)))
    return changes


def body_diff(previous: Revision | None, revision: Revision) -> list[tuple[str, str]]:
    """Changed lines with two lines of context, as (kind, text): add, remove, same or gap."""
    if previous is None:
        return []
    lines = []
    diff = difflib.unified_diff(
        previous.body.splitlines(), revision.body.splitlines(), n=2, lineterm=""
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
