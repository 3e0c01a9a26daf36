"""The staff insight page and its tables as CSV, for a period chosen by month."""

import csv
import functools
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_safe

from followups.models import FOLLOW_UP_STATES
from insights import queries
from insights.periods import Period, PeriodForm
from insights.tables import MONTH, SHARE, TABLE_SLUGS, tables
from page_cache.versions import (
    KEPT_SECONDS,
    RECENT_DISCUSSION,
    publications_version,
    versions_token,
)

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def staff_only(view):
    """Staff and superusers only: others are asked to sign in, or told there is no such page,
    so the page's existence is not advertised to members."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff_member:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def figures(period: Period) -> dict:
    """The period's figures, kept until anything they count changes: a comment, a
    publication, a follow-up, or a change the site cannot trace to one."""
    counted = versions_token(RECENT_DISCUSSION, FOLLOW_UP_STATES)
    key = f"insights:{counted}:{publications_version()}:{period.key}"
    found = cache.get(key)
    if found is None:
        found = queries.figures(period)
        cache.set(key, found, KEPT_SECONDS)
    return found


@staff_only
@require_safe
def insights(request):
    form = PeriodForm.from_query(request.GET)
    context = {"form": form}
    if not form.is_valid():
        return TemplateResponse(request, "insights/insights.html", context, status=400)
    period = form.period
    context |= {
        "period": period,
        "csv_query": urlencode(period.query()),
        "before": period.before,
        "tables": tables(figures(period), period.months, get_language_bidi()),
    }
    return TemplateResponse(request, "insights/insights.html", context)


@staff_only
@require_safe
def table_csv(request, slug: str):
    if slug not in TABLE_SLUGS:
        raise Http404
    form = PeriodForm.from_query(request.GET)
    if not form.is_valid():
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return HttpResponseBadRequest("\n".join(errors), content_type="text/plain; charset=utf-8")
    period = form.period
    table = tables(figures(period), period.months, rtl=False)[slug.replace("-", "_")]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="insights-{slug}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_safe(column.heading) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for row in table.rows:
        writer.writerow([_csv_value(value, kind) for value, kind in zip(row, kinds, strict=True)])
    return response


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if kind == MONTH:
        return f"{value:%Y-%m}"
    if kind == SHARE:
        return f"{value * 100:.1f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, str):
        return _safe(value)
    return value


def _safe(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
