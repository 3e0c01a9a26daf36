import sys

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_from_path
from django.views import csrf, defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView
from django.views.i18n import set_language

from accounts.models import User
from discussion.threads import load_with_comment_counts, recent_discussion
from hashtags.queries import hashtag_uses
from page_cache.members import kept_for_members
from page_cache.versions import (
    RECENT_DISCUSSION,
    item_topic,
    item_topic_for,
    kept_while_unchanged,
    member_topic,
    page_shows,
)
from pages.forms import SearchForm
from posts.models import Post
from publishing.cards import kept_cards
from publishing.kinds import publication_kinds
from publishing.search import clean_query, search
from publishing.views import query_without_page
from seminars.models import SeminarReport

HOME_ITEMS = 3
HOME_HASHTAGS = 12
HOME_COMMENTS = 5
CONTRIBUTIONS_SHOWN = 20
SEARCH_PAGE_SIZE = 20


@csrf_exempt  # it only sets the language cookie, and pages stay free of CSRF cookies
@require_POST
def choose_language(request):
    """The language switcher: remember the choice and show the same page in it."""
    # Django finds the page from its address only in the address's own language.
    next_language = get_language_from_path(request.POST.get("next", ""))
    with translation.override(next_language or settings.LANGUAGE_CODE):
        return set_language(request)


def _recent_discussion() -> tuple[str, list[str]]:
    """The home page's latest comments, rendered, and the topics of what they discuss."""
    comments = recent_discussion(limit=HOME_COMMENTS)
    html = loader.render_to_string(
        "pages/includes/recent_discussion.html", {"recent_comments": comments}
    )
    return html, [item_topic_for(c.content_type_id, c.object_pk) for c in comments]


def home(request):
    keys = []
    for model in (SeminarReport, Post):
        newest = model.objects.published().newest_first().values_list("pk", flat=True)
        keys += [(model, pk) for pk in newest[:HOME_ITEMS]]
    cards = kept_cards(request, keys, load=load_with_comment_counts, heading_level=3)
    # Rendered once a comment, for every reader alike, in each language.
    discussion, discussed = kept_while_unchanged(
        f"home-discussion:{translation.get_language()}",
        _recent_discussion,
        RECENT_DISCUSSION,
        publications=True,
    )
    context = {
        "reports": [card for card in cards if card.model is SeminarReport],
        "posts": [card for card in cards if card.model is Post],
        "hashtags": hashtag_uses()[:HOME_HASHTAGS],
        "recent_discussion": mark_safe(discussion),  # rendered, with escaping, above
    }
    page_shows(
        request, RECENT_DISCUSSION, *(card.topic for card in cards), *discussed, publications=True
    )
    kept_for_members(request)
    return TemplateResponse(request, "pages/home.html", context)


class MemberDetailView(DetailView):
    """A member's public profile, with what they have published and, for their own eyes,
    their lessons in progress."""

    template_name = "pages/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        # Until an address is verified, the account may be anyone's: only its owner sees it.
        verified = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
        shown = Q(Exists(verified))
        if self.request.user.is_authenticated:
            shown |= Q(pk=self.request.user.pk)
        return (
            User.objects.filter(shown, is_active=True)
            .select_related("organisation")
            .prefetch_related("groups")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.object
        context["is_own_profile"] = self.request.user == member
        context["posts"] = (
            Post.objects.published().filter(author=member).for_list()[:CONTRIBUTIONS_SHOWN]
        )
        context["reports"] = (
            SeminarReport.objects.published()
            .filter(author=member)
            .for_list()[:CONTRIBUTIONS_SHOWN]
        )
        context["waiting_for_follow_up"] = (
            Post.objects.waiting_for_follow_up()
            .filter(author=member)
            .only("slug", "title", "language", "published_at")
            .order_by("published_at", "pk")[:CONTRIBUTIONS_SHOWN]
        )
        shown = [*context["posts"], *context["reports"], *context["waiting_for_follow_up"]]
        page_shows(
            self.request, member_topic(member.pk), *map(item_topic, shown), publications=True
        )
        if context["is_own_profile"]:
            context["posts_in_progress"] = (
                Post.objects.filter(author=member)
                .exclude(status=Post.Status.PUBLISHED)
                .order_by("-updated_at")[:CONTRIBUTIONS_SHOWN]
            )
        return context


def search_view(request):
    """Full-text search of published reports and posts, with filters."""
    kinds = {kind: model.objects.published() for kind, model in publication_kinds().items()}
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
    found = [result.item for result in page.object_list] if page else []
    page_shows(request, *map(item_topic, found), *form.topics, publications=True)
    kept_for_members(request)
    context = {
        "form": form,
        "text": text,
        "shortened": shortened,
        "page_obj": page,
        "query": query_without_page(request),
    }
    return TemplateResponse(request, "pages/search.html", context)


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    for code, _name in settings.LANGUAGES:
        prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
        lines += [f"Disallow: {prefix}/accounts/", f"Disallow: {prefix}/search/"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def speak_the_visitors_language(request, *, member: bool = True) -> None:
    """Show an error page in the visitor's language at an address without a language
    prefix, which LocaleMiddleware reads as English (an unknown address is never sent to
    its prefixed twin, nor is a form sent to one).

    The preference is LanguagePreferenceMiddleware's; an error raised before it ran has
    none, and stays English.
    """
    preferred = getattr(request, "preferred_language", None)
    if preferred is None or get_language_from_path(request.path_info):
        return
    language = preferred(member=member)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def page_not_found(request, exception):
    speak_the_visitors_language(request)
    return defaults.page_not_found(request, exception)


def permission_denied(request, exception):
    speak_the_visitors_language(request)
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    speak_the_visitors_language(request)
    return csrf.csrf_failure(request, reason)


# Fields a person wrote, kept on the page when the database is away.
WRITTEN_FIELDS = ("comment", "body", "summary", "title")


def server_error(request):
    """The 500 page, or a 503 that keeps what was being sent when the database is away.

    Only a lost or refused connection means the database is away: other database errors
    (a broken constraint, a value or query it refuses) are faults of ours, and retrying
    them would not help. Rendered without the request's context processors, which would
    query the database.
    """
    # Not a member's preference: reading it queries the database, which may be what failed.
    speak_the_visitors_language(request, member=False)
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
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
