from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from discussion.threads import load_with_comment_counts
from hashtags.feeds import HashtagFeed
from hashtags.queries import find_hashtag, hashtag_uses, hashtags_used_with
from page_cache.members import kept_for_members
from page_cache.versions import hashtag_topic, page_shows
from publishing.cards import kept_cards
from publishing.kinds import publication_kinds, published_keys
from publishing.views import query_without_page

TAG_PAGE_SIZE = 20
TAG_LIST_PAGE_SIZE = 100
RELATED_HASHTAGS = 8
NOT_PUBLISHED = "No published content uses this hashtag."


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
    page_shows(request, publications=True)
    kept_for_members(request)
    context = {
        "page_obj": page,
        "order": order,
        "words": words,
        "query": query_without_page(request),
    }
    return TemplateResponse(request, "hashtags/tag_list.html", context)


def _moved(view_name: str, slug: str, request):
    url = reverse(view_name, args=[slug])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url, permanent=True)


def tag_detail(request, slug):
    """One hashtag's published reports and posts, newest first."""
    tag, moved_to = find_hashtag(slug)
    if moved_to:
        return _moved("hashtags:detail", moved_to, request)
    page = published_keys(page_number=request.GET.get("page"), per_page=TAG_PAGE_SIZE, tag=tag)
    if not page.paginator.count:
        raise Http404(NOT_PUBLISHED)
    kinds = publication_kinds()
    page.object_list = kept_cards(
        request,
        [(kinds[row["kind"]], row["pk"]) for row in page.object_list],
        load=load_with_comment_counts,
    )
    # Replaced when an item it shows, or which items carry the hashtag, changes; not by
    # other publications.
    page_shows(request, hashtag_topic(tag.pk), *(card.topic for card in page.object_list))
    kept_for_members(request)
    context = {
        "tag": tag,
        "page_obj": page,
        "related": hashtags_used_with(tag, limit=RELATED_HASHTAGS),
    }
    return TemplateResponse(request, "hashtags/tag_detail.html", context)


def tag_feed(request, slug):
    tag, moved_to = find_hashtag(slug)
    if moved_to:
        return _moved("hashtags:feed", moved_to, request)
    # The feed follows the page: a hashtag of drafts only is not public, nor is its name.
    if not published_keys(page_number=1, per_page=1, tag=tag).paginator.count:
        raise Http404(NOT_PUBLISHED)
    return HashtagFeed()(request, tag=tag)
