from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from learning_exchange.content import published_page
from learning_exchange.forms import SearchForm
from learning_exchange.search import clean_query, search
from posts.models import Post
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
    posts = Post.objects.published().for_list()[:HOME_ITEMS]
    return TemplateResponse(request, "home.html", {"reports": reports, "posts": posts})


def tag_detail(request, slug):
    """One hashtag's published reports and posts, newest first."""
    if slug != slug.lower():
        return redirect("tag_detail", slug=slug.lower(), permanent=True)
    tag = get_object_or_404(Tag, slug=slug)
    page = published_page(page_number=request.GET.get("page"), per_page=TAG_PAGE_SIZE, tag=tag)
    if not page.paginator.count:
        raise Http404("No published content uses this hashtag.")
    return TemplateResponse(request, "tags/tag_detail.html", {"tag": tag, "page_obj": page})


SEARCH_PAGE_SIZE = 20


def search_view(request):
    """Full-text search of published reports and posts, with filters."""
    kinds = {
        "report": SeminarReport.objects.published(),
        "post": Post.objects.published(),
    }
    form = SearchForm(request.GET or None, kinds=kinds)
    text, shortened = clean_query(request.GET.get("q", ""))
    page = None
    if text:
        page = search(
            text=text,
            kinds=form.filtered(kinds),
            page_number=request.GET.get("page"),
            per_page=SEARCH_PAGE_SIZE,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "text": text,
        "shortened": shortened,
        "page_obj": page,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "search/search.html", context)
