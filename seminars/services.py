from collections.abc import Iterable

from django.db import transaction

from accounts.models import Organisation, User
from hashtags.services import hashtags_set
from publishing.models import EditorAction
from publishing.services import (
    publication_mark_published,
    publication_prepare,
    publication_saved,
    publication_unpublish,
    render_body,
)
from seminars.models import SeminarReport


@transaction.atomic
def report_write(
    *,
    report: SeminarReport,
    by: User,
    organisations: Iterable[Organisation],
    extra_hashtags: list[str],
    action: EditorAction = EditorAction.SAVE,
) -> SeminarReport:
    """Save a report from the editor (SAVE keeps it published or draft), or PUBLISH it."""
    publication_prepare(publication=report, by=by)
    if action == EditorAction.PUBLISH:
        publication_mark_published(publication=report)
    body_hashtags = render_body(report)
    report.save()
    report.credited_organisations.set(organisations)
    hashtags = hashtags_set(publication=report, names=body_hashtags + extra_hashtags)
    publication_saved(publication=report, by=by, hashtags=hashtags)
    return report


def report_unpublish(*, report: SeminarReport) -> SeminarReport:
    """Take a report back to draft: only staff see it, at the same address."""
    return publication_unpublish(publication=report)
