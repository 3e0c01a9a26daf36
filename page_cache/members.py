"""Whole pages for members: kept once for all who have the same permissions, with holes
for what is each member's own.

A view says a page may be kept for members (kept_for_members()) when nothing on it is a
member's own but what these holes hold:
- the account menu (their name, the links their permissions give, the sign-out form), at
  `<!--le:account-->`: rendered from their card on every page a member gets (_account());
- the CSRF token of each form: each member's own, from their CSRF cookie;
- choices, `<!--le:choice NAME ARG-->A<!--le:else-->B<!--le:end-->`: an app says from the
  member's card for which ARGs the member sees A (member_choice()); they see B for all
  others. Decided on every page a member gets, kept or not. A page is kept with every B
  in place and where each A would go, so a member is sent it with a few changes at most,
  however many choices it holds.

The page is kept by address, language and role (a digest of the member's permissions), with
the version tokens of what it shows, as visitors' pages are. A member's card (who they are,
their permissions, what apps add with card_field()) is kept until the site or the member
changes. Their session is read from the cache (cached_db sessions), so a kept page costs no
query. Anything unusual (no CSRF cookie, a message waiting, a card or page not kept, another
language preferred) takes the usual way through the site, which keeps what it can for next
time.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language_from_path, get_language_from_request

from page_cache.middleware import KEPT_HEADER, PAGE_SECONDS
from page_cache.versions import (
    SITE_VERSION_KEY,
    TOPIC_PREFIX,
    VERSION_KEY,
    card_topic,
    current_versions,
    kept_current,
    read_kept,
    shown_keys,
)

CARD_PREFIX = "pages:member-card:"
ACCOUNT_HOLE = "<!--le:account-->"
CSRF_HOLE = "<!--le:csrf-->"
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
CHOICE = re.compile(
    r"<!--le:choice ([a-z-]+) ([\w:.-]+)-->(.*?)<!--le:else-->(.*?)<!--le:end-->", re.S
)
CSRF_SECRET = re.compile(r"[A-Za-z0-9]{32}")
SKIPPED_HEADERS = {"content-length", "set-cookie", KEPT_HEADER.lower()}

_card_fields = {}
_role_fields = {}
_choices = {"member": lambda card: [str(card["id"])]}


def kept_for_members(request, *unless: str) -> None:
    """This page shows members nothing of their own but the holes above; except to those
    for whom one of `unless` holds ("NAME ARG", decided as a choice is: "member 12" for
    the member whose id is 12), who get it kept for them alone: what the page shows them
    of their own must then replace the page's topics when it changes, as the rest does."""
    request.kept_for_members = unless


def card_field(name: str, compute) -> None:
    """Keep compute(member) on each member's card, under name. What it reads must replace
    the member's card topic (page_cache.versions.card_topic) when it changes."""
    _card_fields[name] = compute


def role_field(name: str, compute) -> None:
    """Keep compute(member) on each member's card, and count it in their role: members for
    whom it differs get pages kept apart."""
    _role_fields[name] = compute


def member_choice(name: str, chosen) -> None:
    """`<!--le:choice name ARG-->A<!--le:else-->B<!--le:end-->` shows A to the member of
    `card` where ARG is in chosen(card) (strings), and B where it is not."""
    _choices[name] = chosen


def _card_keys(member_id) -> list[str]:
    """What a member's card is kept by: the site (their account is saved, their groups
    change), and their card topic."""
    return [SITE_VERSION_KEY, TOPIC_PREFIX + card_topic(member_id)]


def _card(user) -> dict:
    permissions = sorted(user.get_all_permissions())
    staff = bool(getattr(user, "is_staff_member", False))
    roles = {name: compute(user) for name, compute in sorted(_role_fields.items())}
    role = hashlib.sha256(f"{staff}|{user.is_superuser}|{permissions}|{roles}".encode())
    return {
        "id": user.pk,
        "hash": user.get_session_auth_hash(),
        "active": user.is_active,
        "name": getattr(user, "name", ""),
        "email": user.email,
        "language": getattr(user, "preferred_language", ""),
        "staff": staff,
        "permissions": permissions,
        "role": role.hexdigest()[:20],
        **roles,
        **{name: compute(user) for name, compute in _card_fields.items()},
    }


def _excepted(card: dict, unless) -> bool:
    """Whether one of the page's exceptions holds for this member."""
    return any(
        arg in _choices[name](card) for name, arg in (item.split(" ", 1) for item in unless)
    )


# Where a choice's A goes: {name: {ARG: [(start, end, A)]}}, start and end in the page.
Places = dict[str, dict[str, list[tuple[int, int, str]]]]


def _shared(body: str) -> tuple[str, Places]:
    """The page as any member of the role would get it, with holes for their own: every
    choice's B in place, and where each A would go instead."""
    body = CSRF_VALUE.sub(rf"\1{CSRF_HOLE}\2", body)
    parts, places, length, last = [], {}, 0, 0
    for choice in CHOICE.finditer(body):
        before, otherwise = body[last : choice.start()], choice[4]
        start = length + len(before)
        length = start + len(otherwise)
        places.setdefault(choice[1], {}).setdefault(choice[2], []).append(
            (start, length, choice[3])
        )
        parts += [before, otherwise]
        last = choice.end()
    parts.append(body[last:])
    return "".join(parts), places


def _filled(shared: tuple[str, Places], card: dict, token: str, language: str) -> str:
    """The kept page as this member gets it."""
    page, places = shared
    changes = sorted(
        change
        for name, at in places.items()
        for arg in _choices[name](card)
        for change in at.get(arg, ())
    )
    if changes:
        parts, last = [], 0
        for start, end, chosen in changes:
            parts += [page[last:start], chosen]
            last = end
        parts.append(page[last:])
        page = "".join(parts)
    if ACCOUNT_HOLE in page:
        menu = _account(
            card["id"], card["name"], card["email"], card["staff"],
            tuple(card["permissions"]), language,
        )  # fmt: skip
        page = page.replace(ACCOUNT_HOLE, menu)
    return page.replace(CSRF_HOLE, token)


@lru_cache(maxsize=4096)
def _account(member_id, name, email, staff, permissions, language) -> str:
    """The member's account menu, with a hole for its CSRF token: rendered once a process
    for each member as they are, and language."""
    perms = {}
    for permission in permissions:
        app, codename = permission.split(".", 1)
        perms.setdefault(app, {})[codename] = True
    user = SimpleNamespace(
        is_authenticated=True, pk=member_id, name=name, email=email, is_staff_member=staff
    )
    with translation.override(language):
        menu = render_to_string(
            "includes/account_menu.html",
            {"user": user, "perms": perms, "csrf_token": "0" * 64},
        )
    return CSRF_VALUE.sub(rf"\1{CSRF_HOLE}\2", menu)


@dataclass
class _Seen:
    """What the cache held about a member before their page was rendered."""

    version: str
    card: dict | None


def _read_card(member_id, *also: str) -> tuple[dict | None, dict]:
    """The member's kept card, or None if it is not current; and what the cache holds
    under `also`: in one round trip."""
    card_key = CARD_PREFIX + str(member_id)
    keys = _card_keys(member_id)
    found = cache.get_many([*also, card_key, *keys])
    kept_versions, card = found.pop(card_key, ({}, None))
    current = {key: found.pop(key) for key in keys if key in found}
    return (card if kept_versions == current else None), found


def _card_for(user) -> dict:
    """The member's kept card, or a new one, kept if nothing about them changed since it
    was read (the versions are read before it is made)."""
    card, _found = _read_card(user.pk)
    if card is None:
        versions = current_versions(_card_keys(user.pk))
        card = _card(user)
        cache.set(CARD_PREFIX + str(user.pk), (versions, card), PAGE_SECONDS)
    return card


def _same(card: dict | None, user) -> bool:
    """Whether the card read before rendering is still this member's as they are."""
    return (
        card is not None
        and card["id"] == user.pk
        and constant_time_compare(card["hash"], user.get_session_auth_hash())
    )


class MemberPageCacheMiddleware:
    """Serve a member a kept page before the rest of the middleware runs; keep new ones;
    fill the holes of every page a member gets."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.sessions = import_module(settings.SESSION_ENGINE).SessionStore

    def __call__(self, request):
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        seen = None
        if session_key is not None and request.method in ("GET", "HEAD"):
            seen = self._seen(request, session_key)
            if isinstance(seen, HttpResponse):
                return seen
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            user is None
            # Without a session, before or after: a visitor (their session is not read).
            or (session_key is None and (session is None or session.session_key is None))
            or not user.is_authenticated
            or response.streaming
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        card = seen.card if seen is not None and _same(seen.card, user) else _card_for(user)
        shared = _shared(response.content.decode(response.charset))
        language = translation.get_language()
        unless = getattr(request, "kept_for_members", None)
        if seen is not None and self._keepable(request, response):
            keys = shown_keys(request)
            # The latest version read last, as for visitors' pages.
            versions = current_versions([*(keys or []), VERSION_KEY])
            if keys and versions.pop(VERSION_KEY) == seen.version:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in SKIPPED_HEADERS
                ]
                shared_key, own_key = self._keys(request, language, card)
                cache.set(
                    own_key if _excepted(card, unless) else shared_key,
                    (versions, response.status_code, headers, shared, unless),
                    PAGE_SECONDS,
                )
        token = get_token(request)
        response.content = _filled(shared, card, token, language)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        response[KEPT_HEADER] = "miss"
        return response

    def _seen(self, request, session_key: str) -> "HttpResponse | _Seen | None":
        """The kept page for this member, if there is one they may have; else what the
        cache held about them before their page is rendered (read in one round trip), or
        None for a session without a member."""
        store = self.sessions(session_key)
        session = dict(store.items())
        member_id = session.get(SESSION_KEY)
        if member_id is None:
            return None
        # SessionMiddleware, below, takes it as if unread rather than reading it again.
        store.accessed = False
        request.read_session = store
        # The latest version is read before rendering: what changes while the page renders
        # keeps it from being kept.
        card, found = _read_card(member_id, VERSION_KEY)
        version = found.get(VERSION_KEY) or current_versions([VERSION_KEY])[VERSION_KEY]
        seen = _Seen(version, card)
        request.page_version = version
        secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
        if (
            card is None
            or not card["active"]
            or "messages" in request.COOKIES
            or "_messages" in session
            or not CSRF_SECRET.fullmatch(secret)
            or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
            or not constant_time_compare(session.get(HASH_SESSION_KEY, ""), card["hash"])
        ):
            return seen
        language = self._language(request, card)
        if language is None:
            return seen
        shared_key, own_key = self._keys(request, language, card)
        found = read_kept(shared_key, own_key)
        kept_key, kept = shared_key, found.get(shared_key)
        if kept is None or _excepted(card, kept[4]):
            # The page as kept for this member alone, while it is their own.
            kept_key, kept = own_key, found.get(own_key)
            if kept is not None and not _excepted(card, kept[4]):
                kept = None
        if kept is None:
            return seen
        kept_versions, status, headers, shared, _unless = kept
        if not kept_current(kept_key, kept_versions, found):
            return seen
        request.META["CSRF_COOKIE"] = secret
        token = get_token(request)
        response = HttpResponse(_filled(shared, card, token, language), status=status)
        for name, value in headers:
            response[name] = value
        response[KEPT_HEADER] = "hit"
        return response

    @staticmethod
    def _keepable(request, response) -> bool:
        messages = getattr(request, "_messages", None)
        return (
            getattr(request, "kept_for_members", None) is not None
            and request.method == "GET"
            and response.status_code == 200
            and not (messages is not None and messages.used)
            # The CSRF cookie is each member's own, and is never kept.
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        )

    @staticmethod
    def _language(request, card: dict) -> str | None:
        """The page's language; None where the member would be sent to another
        (learning_exchange.middleware.LanguagePreferenceMiddleware)."""
        language = get_language_from_path(request.path_info)
        if language:
            return language
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None and card["language"]:
            preferred = card["language"]
        else:
            preferred = get_language_from_request(request)
        return preferred if preferred == settings.LANGUAGE_CODE else None

    @staticmethod
    def _keys(request, language: str, card: dict) -> tuple[str, str]:
        """Where the page is kept for every member of this one's role, and for them alone."""
        address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode())
        shared = f"pages:member:{card['role']}:{language}:{address.hexdigest()}"
        return shared, f"{shared}:{card['id']}"


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, taking the session MemberPageCacheMiddleware read for this request (from
    the same cookie) rather than reading it from the cache a second time."""

    def process_request(self, request):
        read = getattr(request, "read_session", None)
        if read is None:
            super().process_request(request)
        else:
            request.session = read
