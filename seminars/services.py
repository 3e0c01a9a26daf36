from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from learning_exchange.publishing import (
    index_for_search,
    record_revision,
    render_body,
    set_hashtags,
    unique_slug,
)
from seminars.models import SeminarReport


@transaction.atomic
def report_write(
    *,
    report: SeminarReport,
    by: User,
    organisations: Iterable[Organisation],
    extra_hashtags: list[str],
    publish: bool = False,
) -> SeminarReport:
    """Save a report from the editor, publishing it too when asked.

    Its address follows the title until it is first published, then never changes.
    """
    if report.author_id is None:
        report.author = by
    if report.published_at is None:
        report.slug = unique_slug(report)
    if publish:
        report.status = SeminarReport.Status.PUBLISHED
        report.published_at = report.published_at or timezone.now()
    body_hashtags = render_body(report)
    report.save()
    report.credited_organisations.set(organisations)
    hashtags = set_hashtags(publication=report, names=body_hashtags + extra_hashtags)
    index_for_search(publication=report, hashtags=hashtags)
    record_revision(publication=report, by=by)
    return report


def report_unpublish(*, report: SeminarReport) -> SeminarReport:
    """Take a report back to draft: only staff see it, at the same address."""
    report.status = SeminarReport.Status.DRAFT
    report.save(update_fields=["status", "updated_at"])
    return report
