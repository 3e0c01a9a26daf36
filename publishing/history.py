"""The kept versions of a publication's text, and what changed from one to the next."""

import difflib
from dataclasses import dataclass

from django.core.paginator import Page, Paginator

from publishing.models import Publication, Revision

HISTORY_PAGE_SIZE = 10


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
