"""Version tokens of what pages show, kept in the shared cache.

Every visitor without a session gets the same page for an address and a language, so it is
kept with a version token that each change to anything pages show replaces (after the
change commits), and served only while that token is current: a new comment or publication
is on every page at once, with no stale page to hunt down.

Each service that changes what visitors see calls pages_changed() itself; the receiver in
page_cache.safety_net catches what is saved any other way (the admin, the shell).
"""

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pages:version"
PUBLICATIONS_VERSION_KEY = "pages:publications-version"
KEPT_SECONDS = 24 * 60 * 60


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
