"""The old blog's addresses answer a permanent redirect to their new ones. Looked up only
where they can be: WordPress's `?p=` and `?page_id=` on any page, and any address this
site does not know (404), so other requests cost nothing."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from importing.models import OldAddress

QUERY_KEYS = ("p", "page_id")


def _lookup(*paths: str) -> str | None:
    if any("\x00" in path for path in paths):
        return None  # no address has one, and PostgreSQL text cannot hold it
    address = OldAddress.objects.filter(path__in=paths).select_related("content_type").first()
    if address is None:
        return None
    # The site's own language: the language middleware, further in, then serves each
    # reader theirs.
    with translation.override(settings.LANGUAGE_CODE):
        target = address.new_address()
    # Only ever to this site's own pages, whatever an old address was given by hand.
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return None
    return target


class OldAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        for key in QUERY_KEYS:
            value = request.GET.get(key)
            if value and value.isdigit():
                target = _lookup(f"{request.path}?{key}={value}")
                if target:
                    return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404:
            path = request.path
            other = path[:-1] if path.endswith("/") else f"{path}/"
            target = _lookup(path, other)
            if target:
                return HttpResponsePermanentRedirect(target)
        return response
