"""Full-text search over published reports and posts.

On PostgreSQL each item's words are stemmed in its own language (where PostgreSQL has a
configuration for it) without accents, kept in a `search_vector` column with a GIN index,
and ranked; excerpts are highlighted. On SQLite a plain case-insensitive match stands in.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db import DataError, InternalError, ProgrammingError, connection, transaction
from django.db.models import (
    Case,
    CharField,
    F,
    FloatField,
    Func,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from page_cache.versions import kept_while_publications_unchanged
from publishing.kinds import publication_kinds
from publishing.models import load_hashtags

# ISO 639-1 code: PostgreSQL's snowball configuration for that language. Each has an
# accent-insensitive twin named le_<name>, made by migration learning_exchange 0002.
POSTGRES_CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nb": "norwegian", "nl": "dutch",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
QUERY_MAX_LENGTH = 200
# Only the newest matches of each kind are ranked: ranking every one of 90,000 matches of a
# common word costs a second, and nobody reads past the first pages (100 of each kind make
# 10 pages; 200 cost a first search 2 ms more at 100,000 items). They are looked for among
# the newest WINDOW items first: there when one item in 25 or more matches, and otherwise
# there are few enough matches to sort them all.
RANKED_PER_KIND = 100
WINDOW = 25 * RANKED_PER_KIND
SETUP_KEY = "search:setup"
HIGHLIGHT_START, HIGHLIGHT_STOP = "\x02", "\x03"
EXCERPT_SOURCE_LENGTH = 2000


def search_config(language: str) -> str:
    return f"le_{POSTGRES_CONFIGS.get(language, 'simple')}"


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_search_vector(publication, *, parts: list[tuple[str, str]]) -> None:
    """Store the publication's searchable text: parts are (text, weight A to D)."""
    if not is_postgres():
        return
    config = search_config(publication.language)
    vector = None
    for text, weight in parts:
        part = SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        vector = part if vector is None else vector + part
    type(publication)._default_manager.filter(pk=publication.pk).update(search_vector=vector)


def clean_query(text: str) -> tuple[str, bool]:
    """The query as it will be searched, and whether it had to be shortened."""
    text = text.replace("\x00", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:QUERY_MAX_LENGTH], len(text) > QUERY_MAX_LENGTH


def _setup() -> tuple[list[str], dict]:
    """The configurations of the interface languages and of every language published in;
    and when the newest WINDOW published items of each kind begin (None for a kind with
    fewer). Kept until a publication changes: reading them scans every item."""

    def read():
        languages = {code for code, _ in settings.LANGUAGES}
        boundaries = {}
        for kind, model in publication_kinds().items():
            published = model.objects.published()
            languages |= set(published.order_by().values_list("language", flat=True).distinct())
            newest = published.order_by("-published_at").values_list("published_at", flat=True)
            boundaries[kind] = newest[WINDOW:].first()
        return sorted({search_config(code) for code in languages} | {"le_simple"}), boundaries

    return kept_while_publications_unchanged(SETUP_KEY, read)


class ParsedQuery(SearchQuery):
    """A query PostgreSQL has already parsed, given as tsquery text and used as it is."""

    template = "%(expressions)s::tsquery"

    def __init__(self, tsquery: str):
        super().__init__(tsquery, search_type="raw")


def _parsed_query(text: str, configs: list[str]) -> ParsedQuery | None:
    """The words as each language in use would stem them, and as they are, parsed once: an
    item matches when the query read in its own language does. None when no word is left
    (only words too common to search for) or when PostgreSQL cannot parse the query: a
    long run of operators such as 200 dashes overflows its parser ("tsquery stack too
    small"), which is no reason to answer anything but "nothing found"."""
    try:
        # Within a transaction, a savepoint, so that it outlives a refused query; outside
        # one, none is needed (nor the two round trips of one).
        savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
        with savepoint, connection.cursor() as cursor:
            # The readings are joined and parsed again here, as every later query will.
            cursor.execute(
                "SELECT string_agg('(' || reading || ')', ' | ' ORDER BY reading)::tsquery::text"
                " FROM (SELECT DISTINCT websearch_to_tsquery(config::regconfig, %s)::text"
                " AS reading FROM unnest(%s::text[]) AS config) AS readings"
                " WHERE reading <> ''",
                [text, configs],
            )
            (parsed,) = cursor.fetchone()
    except (DataError, InternalError, ProgrammingError):
        return None
    return ParsedQuery(parsed) if parsed else None


def _excerpt_source(model):
    """The text excerpts are cut from: its opening only, as highlighting costs time in
    proportion to the text (40 ms for a page of 2,000-word posts when given all of it)."""
    fields = Func(Value(" … "), *model.EXCERPT_FIELDS, function="CONCAT_WS")
    return Left(fields, EXCERPT_SOURCE_LENGTH, output_field=TextField())


def _config_of_each_row(configs: list[str]):
    """Each row's configuration, among those in use (fewer cases compile faster)."""
    return Case(
        *[
            When(language=code, then=Value(search_config(code)))
            for code in POSTGRES_CONFIGS
            if search_config(code) in configs
        ],
        default=Value("le_simple"),
        output_field=CharField(),
    )


class Found(NamedTuple):
    rank: float
    published_at: datetime
    pk: int
    kind: str


@dataclass
class Result:
    kind: str
    item: object
    excerpt: SafeString


def _highlighted(text: str) -> SafeString:
    escaped = escape(text)
    return mark_safe(  # escaped above; only our own <mark> tags are added
        escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    )


def _plain_excerpt(text: str, words: list[str], length: int = 240) -> SafeString:
    pattern = re.compile("|".join(re.escape(word) for word in words if word), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - 60) if first else 0
    excerpt = text[start : start + length]
    pieces, position = [], 0
    for found in pattern.finditer(excerpt):
        pieces += [escape(excerpt[position : found.start()]), f"<mark>{escape(found[0])}</mark>"]
        position = found.end()
    pieces.append(escape(excerpt[position:]))
    prefix = "…" if start else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # each piece escaped; <mark> is ours


def _newest_ranked(kind: str, matches, query, boundary) -> list[Found]:
    """The newest RANKED_PER_KIND + 1 matches with their rank, newest first.

    They are looked for among the newest WINDOW published items first, where a common
    word's are, and only then among all: sorting every match of a word found in 20,000
    posts costs 17 ms, the window 4 ms. Newest first by an expression, not the indexed
    column: walking the published_at index and testing each item's words costs more than
    letting the full-text index find the matches, which PostgreSQL's planner does not see.
    """
    model = matches.model
    newest = matches.order_by(Coalesce("published_at", "created_at").desc()).values("pk")
    recent = [newest.filter(published_at__gte=boundary)] if boundary else []
    for candidates in (*recent, newest):
        ranked = model.objects.filter(pk__in=candidates[: RANKED_PER_KIND + 1]).order_by()
        if query is not None:
            ranked = ranked.annotate(rank=SearchRank(F("search_vector"), query))
        else:
            ranked = ranked.annotate(rank=Value(0.0, output_field=FloatField()))
        rows = [Found(*row, kind) for row in ranked.values_list("rank", "published_at", "pk")]
        if len(rows) > RANKED_PER_KIND:
            break
    return sorted(rows, key=lambda row: row.published_at, reverse=True)


def search(*, text: str, kinds: dict, page_number, per_page: int) -> Page:
    """One page of results. kinds maps a kind name to a queryset of published items."""
    postgres = is_postgres()
    configs, boundaries = _setup()
    query = _parsed_query(text, configs) if postgres else None
    words = text.split()
    found, capped = [], False
    for kind, items in kinds.items():
        if postgres and query is None:
            break
        if postgres:
            items = items.filter(search_vector=query)
        else:
            for word in words:
                items = items.filter(pk__in=items.model.objects.plain_search(word).values("pk"))
        ranked = _newest_ranked(kind, items, query, boundaries.get(kind))
        capped = capped or len(ranked) > RANKED_PER_KIND
        found += ranked[:RANKED_PER_KIND]
    found.sort(key=lambda row: (row.rank, row.published_at, row.pk), reverse=True)
    page = Paginator(found, per_page).get_page(page_number)
    page.capped = capped
    results = {}
    for kind, items in kinds.items():
        wanted = [row.pk for row in page.object_list if row.kind == kind]
        if not wanted:
            continue
        # What a result shows: its title, language, address and hashtags (and the excerpt).
        shown = items.model.objects.filter(pk__in=wanted).only(
            "pk", "title", "slug", "language", "summary"
        )
        if postgres:
            shown = shown.annotate(
                excerpt=SearchHeadline(
                    _excerpt_source(items.model),
                    query,
                    config=_config_of_each_row(configs),
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_STOP,
                    max_words=40,
                    min_words=20,
                )
            )
        for item in shown:
            excerpt = (
                _highlighted(item.excerpt) if postgres else _plain_excerpt(item.summary, words)
            )
            results[(kind, item.pk)] = Result(kind, item, excerpt)
    load_hashtags([result.item for result in results.values()])
    page.object_list = [results[(row.kind, row.pk)] for row in page.object_list]
    return page
