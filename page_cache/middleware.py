"""Whole pages for visitors, served from the shared cache before the rest of the middleware.

Pages are never kept for members, nor when a response sets a cookie.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language_from_path, get_language_from_request

from page_cache.versions import (
    VERSION_KEY,
    current_versions,
    kept_current,
    read_kept,
    shown_keys,
)

PAGE_SECONDS = 10 * 60
# Says whether a visitor's page was served as kept: for benchmarks and whoever looks.
KEPT_HEADER = "X-Kept-Page"


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
        # The latest version, the page and the versions it was kept under, in one round
        # trip when this process has seen the page before.
        found = read_kept(key, also=(VERSION_KEY,))
        version = found.get(VERSION_KEY) or current_versions([VERSION_KEY])[VERSION_KEY]
        request.page_version = version
        kept_versions, response = found.get(key, ({}, None))
        if response is not None and self._current(key, kept_versions, version, found):
            response[KEPT_HEADER] = "hit"
            return response
        response = self.get_response(request)
        response[KEPT_HEADER] = "miss"
        if request.method == "GET" and self._keepable(response):
            keys = shown_keys(request)
            # The latest version read last: a change's versions are replaced latest first,
            # so one that lands between these reads is seen by the last one.
            versions = current_versions([*(keys or []), VERSION_KEY])
            # Anything changed while the page was rendered: it may show some of it only.
            if versions.pop(VERSION_KEY) == version:
                cache.set(key, (versions if keys else {VERSION_KEY: version}, response),
                          PAGE_SECONDS)  # fmt: skip
        return response

    @staticmethod
    def _current(key: str, kept_versions: dict[str, str], version: str, found: dict) -> bool:
        if list(kept_versions) == [VERSION_KEY]:
            return kept_versions[VERSION_KEY] == version
        return kept_current(key, kept_versions, found)

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
