from functools import partial

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, get_language_from_request


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect.

    Load balancers and the container's HEALTHCHECK call it by IP address over plain HTTP,
    which ALLOWED_HOSTS and SECURE_SSL_REDIRECT would otherwise refuse.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return self.healthz()
        return self.get_response(request)

    @staticmethod
    def healthz() -> HttpResponse:
        """200 when the database answers a query, 503 when it does not; never cached."""
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            response = HttpResponse(
                "database unavailable\n", status=503, content_type="text/plain"
            )
        else:
            response = HttpResponse("ok\n", content_type="text/plain")
        add_never_cache_headers(response)
        return response


class InvalidFormStatusMiddleware:
    """Answer 422 when a posted form comes back with errors, on every form view of the site.

    Generic views and allauth re-render an invalid form with status 200; a 4xx tells
    browsers, caches and tests that nothing was saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if request.method == "POST" and response.status_code == 200:
            form = (response.context_data or {}).get("form")
            if form is not None and form.is_bound and form.errors:
                response.status_code = 422
        return response


class LanguagePreferenceMiddleware:
    """Send a visitor at an English address to the same page in the language they prefer.

    English pages have no prefix and the others live under /fr/, /es/, /ar/. Preference is,
    in order: the language chosen with the switcher (a cookie), a member's preferred
    language, then the browser's Accept-Language on a first visit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Error pages answer at the address asked for, prefix or not, so they need the
        # preference too (pages.views.speak_the_visitors_language).
        request.preferred_language = partial(self.preferred_language, request)
        if request.method in ("GET", "HEAD") and not get_language_from_path(request.path_info):
            preferred = self.preferred_language(request)
            if preferred != settings.LANGUAGE_CODE:
                here = request.get_full_path()
                there = translate_url(here, preferred)
                if there != here and self.stays_on_site(there, request):
                    response = HttpResponseRedirect(there)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        return self.get_response(request)

    @staticmethod
    def stays_on_site(url: str, request) -> bool:
        """Whether a browser sent to url stays on this site.

        translate_url reads a path that opens with two slashes (//evil.example/posts/, or
        /%2Fevil.example/posts/ once the server has decoded it) as another host, and keeps
        that host in the address it returns.
        """
        return url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )

    @staticmethod
    def preferred_language(request, *, member: bool = True) -> str:
        """With member=False, without asking the database for a member's preference (their
        profile also sets the cookie, so only members who never saved it are missed)."""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            chosen is None
            and member
            and request.user.is_authenticated
            and request.user.preferred_language
        ):
            return request.user.preferred_language
        return get_language_from_request(request)
