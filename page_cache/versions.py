"""Version tokens of what pages show, kept in the shared cache.

Every visitor without a session gets the same page for an address and a language, so it is
kept with the version tokens of what it shows, and served only while they are all current.
A page says what it shows (page_shows()): the items on it, by their topic (item_topic()),
and whether it lists publications. A change replaces the tokens of what it touched, after
it commits as well as at once: a new comment on one lesson replaces the pages that show
that lesson, and leaves the rest of the site's kept pages alone. A change no topic names
(pages_changed()) replaces every page, and a page that says nothing of what it shows is
replaced by any change at all.

Each service that changes what visitors see says what it changed itself; the receiver in
page_cache.safety_net catches what is saved any other way (the admin, the shell).
"""

import contextvars
import hashlib
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.core.cache import cache
from django.db import transaction

# Replaced by every change: what pages that name nothing, and other keepers, are kept by.
VERSION_KEY = "pages:version"
# Replaced by changes that no topic names: what every page is kept by.
SITE_VERSION_KEY = "pages:site-version"
# Replaced when a publication, its hashtags or organisations change: lists are kept by it.
PUBLICATIONS_VERSION_KEY = "pages:publications-version"
TOPIC_PREFIX = "pages:topic:"
KEPT_SECONDS = 24 * 60 * 60
# The latest comments, which the home page shows.
RECENT_DISCUSSION = "discussion:recent"


def item_topic(item) -> str:
    """The topic of one report, lesson or other item a page shows."""
    return f"item:{item._meta.label_lower}:{item.pk}"


def item_topic_of(label: str, pk) -> str:
    """The same topic, from a model label ("posts.post") and a key."""
    return f"item:{label}:{pk}"


def item_topic_for(content_type_id: int, pk) -> str:
    """The same topic, from a generic relation's content type and key."""
    return item_topic_of(_label_of(content_type_id), pk)


def _label_of(content_type_id: int) -> str:
    # Models import this module: the content type model is looked up once apps are ready.
    content_type = apps.get_model("contenttypes", "ContentType").objects.get_for_id(
        content_type_id
    )
    return f"{content_type.app_label}.{content_type.model}"


def kind_topic(label: str) -> str:
    """Which items of one kind ("posts.post") are published, and what they carry: the
    hashtags, languages, countries and organisations a list's filters offer."""
    return f"kind:{label}"


def kind_topic_for(content_type_id: int) -> str:
    """The same topic, from a generic relation's content type."""
    return kind_topic(_label_of(content_type_id))


def hashtag_topic(tag_id) -> str:
    """A hashtag's page: which published items carry it, how many, and the hashtags used
    with it."""
    return f"hashtag:{tag_id}"


def member_topic(member_id) -> str:
    """A member's profile: what it lists beyond their items (lessons waiting for a
    follow-up)."""
    return f"member:{member_id}"


def card_topic(member_id) -> str:
    """What a member's card holds beyond their account (page_cache.members): where they
    wrote, what they follow."""
    return f"card:{member_id}"


def _replace(keys: list[str]) -> None:
    cache.set_many({key: uuid.uuid4().hex for key in keys}, None)


def _replace_now_and_after_commit(keys: list[str]) -> None:
    """Now, and again once the current transaction commits: a visitor's page rendered in
    between, from data not yet committed, is replaced too."""
    if _loading.get():
        return
    _replace(keys)
    transaction.on_commit(lambda: _replace(keys))


_loading = contextvars.ContextVar("loading", default=False)


@contextmanager
def replaced_at_the_end():
    """A load (publishing.signals.loading()): what it writes replaces every page once, at
    its end, not page by page as it goes."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
        pages_changed(publications=True)


def pages_changed(*, publications: bool = False) -> None:
    """Forget every kept page. With publications, also forget what is kept about
    published items and hashtags."""
    keys = [VERSION_KEY, SITE_VERSION_KEY]
    if publications:
        keys.append(PUBLICATIONS_VERSION_KEY)
    _replace_now_and_after_commit(keys)


def topics_changed(*topics: str, publications: bool = False) -> None:
    """Forget the kept pages that show these topics. With publications, also every list
    of publications, and what is kept about published items and hashtags."""
    keys = [VERSION_KEY, *(TOPIC_PREFIX + topic for topic in topics)]
    if publications:
        keys.append(PUBLICATIONS_VERSION_KEY)
    _replace_now_and_after_commit(keys)


def publication_changed(publication) -> None:
    """A report or lesson was written, published, unpublished or retagged: its own page,
    its original's (which lists its translations), its hashtags' pages, its kind, and every
    list of publications. A hashtag it no longer carries is replaced where it was taken off
    (hashtags.services.hashtags_set, or the safety net)."""
    if _loading.get():
        return
    topics = [item_topic(publication), kind_topic(publication._meta.label_lower)]
    original_id = getattr(publication, "translation_of_id", None)
    if original_id:
        topics.append(item_topic_of(publication._meta.label_lower, original_id))
    if publication.pk is not None:
        topics += map(hashtag_topic, publication.tags.values_list("pk", flat=True))
    topics_changed(*topics, publications=True)


def page_shows(request, *topics: str, publications: bool = False) -> None:
    """Say what the page being rendered shows: the topics of its items, and whether it
    lists publications. It is then kept until one of them, or the site, changes."""
    shown = getattr(request, "page_topics", None)
    if shown is None:
        shown = request.page_topics = set()
    shown.update(TOPIC_PREFIX + topic for topic in topics)
    if publications:
        shown.add(PUBLICATIONS_VERSION_KEY)


def shown_keys(request) -> list[str] | None:
    """The version keys of what the page said it shows, or None if it said nothing."""
    shown = getattr(request, "page_topics", None)
    if shown is None:
        return None
    return [SITE_VERSION_KEY, *sorted(shown)]


def current_versions(keys: list[str]) -> dict[str, str]:
    """The current token of each key, made now for a key the cache does not hold; read in
    the order given."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            version = uuid.uuid4().hex
            found[key] = version if cache.add(key, version, None) else cache.get(key, version)
    return found


def versions_token(*topics: str) -> str:
    """One token for the site and these topics together: it changes when any of them does."""
    keys = [SITE_VERSION_KEY, *(TOPIC_PREFIX + topic for topic in topics)]
    found = current_versions(keys)
    return ".".join(found[key] for key in keys)


def content_version() -> str:
    """A token that changes whenever anything pages show changes."""
    return current_versions([VERSION_KEY])[VERSION_KEY]


def publications_version() -> str:
    """A token that changes whenever published items or their hashtags change."""
    return current_versions([PUBLICATIONS_VERSION_KEY])[PUBLICATIONS_VERSION_KEY]


def kept_while_publications_unchanged(key: str, compute):
    """compute()'s result, kept in the cache until published items, their hashtags or
    organisations change: for what takes long to read from 100,000 items."""
    return _kept(f"{key}:{publications_version()}", compute)


def kept_while_unchanged(key: str, compute, *topics: str, publications: bool = False):
    """compute()'s result, kept in the cache until the site, one of these topics or (with
    publications) published items change: for a part that many pages show alike, computed
    once a change rather than once a page. The versions are read before it is computed, so
    what a change leaves behind while it is computed is kept under versions already gone."""
    return kept_under(key, versions_digest(*topics, publications=publications), compute)


def versions_digest(*topics: str, publications: bool = False) -> str:
    """The current versions of the site, these topics and (with publications) published
    items, as one token: for several parts kept under the same versions, read once."""
    keys = [SITE_VERSION_KEY, *(TOPIC_PREFIX + topic for topic in topics)]
    if publications:
        keys.append(PUBLICATIONS_VERSION_KEY)
    found = current_versions(keys)
    return hashlib.sha256(".".join(found[key] for key in keys).encode()).hexdigest()[:32]


def kept_under(key: str, digest: str, compute):
    """compute()'s result, kept under a versions_digest() read before it is computed."""
    return _kept(f"{key}:{digest}", compute)


def kept_each_while_unchanged(name: str, topics: dict, compute) -> dict:
    """For each key of `topics`, compute()'s value for it, kept in the cache until the site
    or the key's topic changes: for a figure about each of many things (a hashtag's uses),
    of which a change touches few. Those kept are read in one round trip, and
    compute(keys) gives all the others at once, as a dict."""
    topic_keys = {key: TOPIC_PREFIX + topic for key, topic in topics.items()}
    found = current_versions([SITE_VERSION_KEY, *topic_keys.values()])
    site = found[SITE_VERSION_KEY]
    kept_keys = {
        key: f"{name}:{key}:" + hashlib.sha256((site + found[topic]).encode()).hexdigest()[:32]
        for key, topic in topic_keys.items()
    }
    kept = cache.get_many(list(kept_keys.values()))
    values = {key: kept[kept_key] for key, kept_key in kept_keys.items() if kept_key in kept}
    missing = [key for key in topics if key not in values]
    if missing:
        new = compute(missing)
        cache.set_many({kept_keys[key]: new[key] for key in missing}, KEPT_SECONDS)
        values.update(new)
    return values


def _kept(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value


# Which version keys each kept page was last kept under, as this process saw them: a kept
# page is then read with its versions in one round trip (a page keeps the same keys until
# the items it shows change). At most this many pages, then forgotten all at once.
KNOWN_PAGES = 10_000
_known_keys: dict[str, list[str]] = {}


def read_kept(*page_keys: str, also: tuple[str, ...] = ()) -> dict:
    """What the cache holds under these kept pages' keys and `also`, with the versions
    these pages were last kept under, as far as this process knows them: one round trip."""
    known = {key for page_key in page_keys for key in _known_keys.get(page_key, ())}
    return cache.get_many([*also, *page_keys, *known])


def kept_current(page_key: str, kept_versions: dict[str, str], found: dict) -> bool:
    """Whether the versions a page was kept under are all current: read from `found`
    (read_kept()) where it has them, and the others from the cache."""
    if len(_known_keys) >= KNOWN_PAGES:
        _known_keys.clear()
    _known_keys[page_key] = list(kept_versions)
    if not kept_versions:
        return False
    unread = [key for key in kept_versions if key not in found]
    current = {key: found[key] for key in kept_versions if key in found}
    if unread:
        current.update(cache.get_many(unread))
    return current == kept_versions


def item_versions(request, topics: list[str]) -> tuple[list[str], bool]:
    """For parts of a page that each show one item, by the items' topics: a token for
    each item, which changes when the item does (edits, comments, follow-ups, hashtags) or
    the site does (names of members, organisations and hashtags); and whether the parts may
    be kept, which is when nothing changed since the page began (page_version, read by the
    page cache before anything else). Read them before the items are read."""
    keys = [TOPIC_PREFIX + topic for topic in topics]
    found = current_versions([SITE_VERSION_KEY, *keys, VERSION_KEY])
    site = found[SITE_VERSION_KEY]
    tokens = [hashlib.sha256((site + found[key]).encode()).hexdigest()[:32] for key in keys]
    began = getattr(request, "page_version", None)
    return tokens, began is not None and found[VERSION_KEY] == began
