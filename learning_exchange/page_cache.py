"""Whole pages for visitors, kept in the shared cache.

Every visitor without a session gets the same page for an address and a language, so it is
kept with a version token that each change to anything pages show replaces (after the
change commits), and served only while that token is current: a new comment or publication
is on every page at once, with no stale page to hunt down. Pages are never kept for
members, nor when a response sets a cookie.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language_from_path, get_language_from_request

VERSION_KEY = "pages:version"
PUBLICATIONS_VERSION_KEY = "pages:publications-version"
PAGE_SECONDS = 10 * 60
KEPT_SECONDS = 24 * 60 * 60
# Models whose changes alter what is published, how it is tagged, and the names filters
# offer (not comments).
PUBLICATIONS = {
    "accounts.organisation",
    "seminars.seminarreport",
    "posts.post",
    "taggit.tag",
    "taggit.taggeditem",
    "learning_exchange.hashtagredirect",
}
# Models no public page shows.
UNSHOWN = {
    "sessions.session",
    "admin.logentry",
    "account.emailaddress",
    "account.emailconfirmation",
    "discussion.flag",
    "discussion.subscription",
}


def _new_version(*, publications: bool) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    if publications:
        cache.set(PUBLICATIONS_VERSION_KEY, uuid.uuid4().hex, None)


def pages_changed(*, publications: bool = False) -> None:
    """Forget every kept page now, and again once the current transaction commits: a
    visitor's page rendered in between, from data not yet committed, is forgotten too.
    With publications, also forget what is kept about published items and hashtags."""
    _new_version(publications=publications)
    transaction.on_commit(lambda: _new_version(publications=publications))


def _model_changed(sender, update_fields=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in UNSHOWN or update_fields == frozenset({"last_login"}):
        return
    pages_changed(publications=label in PUBLICATIONS)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"page_cache.{signal!r}")


def _current(key: str) -> str:
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, None):
            version = cache.get(key, version)
    return version


def content_version() -> str:
    """A token that changes whenever anything pages show changes."""
    return _current(VERSION_KEY)


def publications_version() -> str:
    """A token that changes whenever published items or their hashtags change."""
    return _current(PUBLICATIONS_VERSION_KEY)


def kept_while_publications_unchanged(key: str, compute):
    """compute()'s result, kept in the cache until published items, their hashtags or
    organisations change: for what takes long to read from 100,000 items."""
    key = f"{key}:{publications_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value


class VisitorPageCacheMiddleware:
    """Serve a visitor a kept page before the rest of the middleware runs; keep new ones.

    It sits early, so it works the language out itself, as LocaleMiddleware and
    LanguagePreferenceMiddleware would: from the address, or for an English address from
    the language cookie and Accept-Language (a visitor who prefers another language is sent
    there by the middleware further on, so is not served here).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language(request)
        if language is None:
            return self.get_response(request)
        key = self._key(request, language)
        # The version and the page in one round trip; a page kept under an older version
        # is simply rendered again.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        kept_version, response = found.get(key, (None, None))
        if kept_version == version:
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._keepable(response):
            cache.set(key, (version, response), PAGE_SECONDS)
        return response

    @staticmethod
    def _language(request) -> str | None:
        """The page's language, or None when the page may not be the same for every
        visitor: for members, when a message waits, or when a redirect may follow."""
        if request.method not in ("GET", "HEAD") or (
            settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
        ):
            return None
        language = get_language_from_path(request.path_info)
        if language:
            return language
        preferred = get_language_from_request(request)
        return preferred if preferred == settings.LANGUAGE_CODE else None

    @staticmethod
    def _keepable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _key(request, language: str) -> str:
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
        return f"pages:{language}:{address.hexdigest()}"
