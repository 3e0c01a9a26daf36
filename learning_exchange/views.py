from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from seminars.models import SeminarReport

HOME_ITEMS = 3
TAG_PAGE_SIZE = 20


@never_cache
def healthz(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def home(request):
    reports = SeminarReport.objects.published().for_list()[:HOME_ITEMS]
    return TemplateResponse(request, "home.html", {"reports": reports})


def tag_detail(request, slug):
    """One hashtag's published reports, newest first."""
    if slug != slug.lower():
        return redirect("tag_detail", slug=slug.lower(), permanent=True)
    tag = get_object_or_404(Tag, slug=slug)
    reports = SeminarReport.objects.published().filter(tags=tag).for_list()
    page = Paginator(reports, TAG_PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request, "tags/tag_detail.html", {"tag": tag, "page_obj": page, "reports": page}
    )
