import sys

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from learning_exchange.content import (
    find_hashtag,
    hashtag_uses,
    hashtags_used_with,
    published_page,
)
from learning_exchange.discussion.threads import count_comments, recent_discussion
from learning_exchange.feeds import HashtagFeed
from learning_exchange.forms import SearchForm
from learning_exchange.listing import query_without_page
from learning_exchange.search import clean_query, search
from posts.models import Post
from seminars.models import SeminarReport

HOME_ITEMS = 3
HOME_HASHTAGS = 12
HOME_COMMENTS = 5
TAG_PAGE_SIZE = 20
TAG_LIST_PAGE_SIZE = 100
RELATED_HASHTAGS = 8
SEARCH_PAGE_SIZE = 20


@csrf_exempt  # it only sets the language cookie, and pages stay free of CSRF cookies
@require_POST
def choose_language(request):
    """The language switcher: remember the choice and show the same page in it."""
    # Django finds the page from its address only in the address's own language.
    next_language = get_language_from_path(request.POST.get("next", ""))
    with translation.override(next_language or settings.LANGUAGE_CODE):
        return set_language(request)


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
    reports = list(SeminarReport.objects.published().for_list()[:HOME_ITEMS])
    posts = list(Post.objects.published().for_list()[:HOME_ITEMS])
    count_comments(reports + posts)
    hashtags = hashtag_uses()[:HOME_HASHTAGS]
    context = {
        "reports": reports,
        "posts": posts,
        "hashtags": hashtags,
        "recent_comments": recent_discussion(limit=HOME_COMMENTS),
    }
    return TemplateResponse(request, "home.html", context)


def tag_feed(request, slug):
    tag, moved_to = find_hashtag(slug)
    if moved_to:
        return _moved("tag_feed", moved_to, request)
    return HashtagFeed()(request, tag=tag)


def tag_list(request):
    """Every hashtag in use, with its count, by popularity or name, filtered by a word."""
    order = "name" if request.GET.get("sort") == "name" else "popular"
    words = request.GET.get("q", "").replace("\x00", "").strip().lstrip("#")[:60]
    hashtags = hashtag_uses()
    if words:
        hashtags = [tag for tag in hashtags if words.casefold() in tag.name.casefold()]
    if order == "name":
        hashtags = sorted(hashtags, key=lambda tag: (tag.name.casefold(), tag.name))
    page = Paginator(hashtags, TAG_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "order": order,
        "words": words,
        "query": query_without_page(request),
    }
    return TemplateResponse(request, "tags/tag_list.html", context)


def _moved(view_name: str, slug: str, request):
    url = reverse(view_name, args=[slug])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def tag_detail(request, slug):
    """One hashtag's published reports and posts, newest first."""
    tag, moved_to = find_hashtag(slug)
    if moved_to:
        return _moved("tag_detail", moved_to, request)
    page = published_page(page_number=request.GET.get("page"), per_page=TAG_PAGE_SIZE, tag=tag)
    if not page.paginator.count:
        raise Http404("No published content uses this hashtag.")
    context = {
        "tag": tag,
        "page_obj": page,
        "related": hashtags_used_with(tag, limit=RELATED_HASHTAGS),
    }
    return TemplateResponse(request, "tags/tag_detail.html", context)


def search_view(request):
    """Full-text search of published reports and posts, with filters."""
    kinds = {
        "report": SeminarReport.objects.published(),
        "post": Post.objects.published(),
    }
    form = SearchForm(request.GET or None, published=kinds)
    text, shortened = clean_query(request.GET.get("q", ""))
    page = None
    if text:
        page = search(
            text=text,
            kinds=form.filtered(kinds),
            page_number=request.GET.get("page"),
            per_page=SEARCH_PAGE_SIZE,
        )
    context = {
        "form": form,
        "text": text,
        "shortened": shortened,
        "page_obj": page,
        "query": query_without_page(request),
    }
    return TemplateResponse(request, "search/search.html", context)


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        lines += [f"Disallow: {prefix}/accounts/", f"Disallow: {prefix}/search/"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# Fields a person wrote, kept on the page when the database is away.
WRITTEN_FIELDS = ("comment", "body", "summary", "title")


def server_error(request):
    """The 500 page, or a 503 that keeps what was being sent when the database is away.

    Rendered without the request's context processors, which would query the database.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, DatabaseError):
        return defaults.server_error(request)
    context = {"request_path": request.path}
    if request.method == "POST":
        context["csrf_token"] = get_token(request)
        context["written"] = [
            (name, request.POST[name]) for name in WRITTEN_FIELDS if request.POST.get(name)
        ]
        context["hidden"] = [
            (name, value)
            for name, value in request.POST.items()
            if name not in WRITTEN_FIELDS and name != "csrfmiddlewaretoken"
        ]
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = "10"
    return response
