import pytest
from django.conf import settings
from django.utils.html import escape

from tests.factories import make_organisation, make_post, make_report, make_user

on_postgres = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="full-text search runs on PostgreSQL; set DATABASE_URL to a PostgreSQL database",
)


def titles(client, query):
    response = client.get("/search/", {"q": query} if isinstance(query, str) else query)
    assert response.status_code == 200
    page = response.context["page_obj"]
    return [result.item.title for result in page] if page else []


@pytest.mark.django_db
def test_search_finds_titles_summaries_lessons_and_hashtags_of_published_items(client):
    make_post(title="Radios first", what_did_not_work="The smartphone app")
    make_report(title="Forum notes", summary="Committees keep repair logs", body="#WASH")
    make_post(title="Unpublished app story", action="save")
    assert titles(client, "smartphone") == ["Radios first"]
    assert titles(client, "repair") == ["Forum notes"]
    assert titles(client, "wash") == ["Forum notes"]
    assert titles(client, "Unpublished") == []


@pytest.mark.django_db
def test_search_highlights_the_words_found_and_escapes_the_rest(client):
    make_post(title="Radios", summary="<b>Bold</b> claims about community radio")
    html = client.get("/search/", {"q": "radio"}).content.decode()
    assert "<mark>radio</mark>" in html.lower()
    assert "<b>" not in html  # escaped on SQLite, dropped by PostgreSQL's excerpt


@pytest.mark.django_db
def test_search_filters_by_kind_hashtag_language_year_organisation_and_country(client):
    organisation = make_organisation(name="Red Andina", slug="red-andina", country="BO")
    writer = make_user(organisation=organisation, country="BO")
    make_post(author=writer, title="Water in the Andes", language="es", body="#Agua")
    make_report(title="Water forum", organisations=[organisation])
    make_post(title="Water elsewhere", language="en")
    assert sorted(titles(client, "water")) == [
        "Water elsewhere",
        "Water forum",
        "Water in the Andes",
    ]
    assert titles(client, {"q": "water", "kind": "report"}) == ["Water forum"]
    assert titles(client, {"q": "water", "hashtag": "agua"}) == ["Water in the Andes"]
    assert titles(client, {"q": "water", "language": "es"}) == ["Water in the Andes"]
    assert sorted(titles(client, {"q": "water", "organisation": "red-andina"})) == [
        "Water forum",
        "Water in the Andes",
    ]
    assert sorted(titles(client, {"q": "water", "country": "BO"})) == [
        "Water forum",
        "Water in the Andes",
    ]
    from django.utils import timezone

    from page_cache.versions import pages_changed
    from posts.models import Post

    two_years_ago = timezone.now().replace(year=timezone.now().year - 2)
    Post.objects.filter(title="Water elsewhere").update(published_at=two_years_ago)
    pages_changed(publications=True)  # a direct update, past the signals saves send
    assert titles(client, {"q": "water", "year": str(two_years_ago.year)}) == ["Water elsewhere"]
    assert len(titles(client, {"q": "water", "year": str(timezone.now().year)})) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "!!! ??? ((( )))",
        "'; DROP TABLE posts_post; --",
        "a\x00b",
        '"unclosed quote',
        "-",
        "& | ! <-> :*",
        "%_%",
    ],
)
def test_absurd_queries_get_a_clear_page(client, query):
    make_post(title="Something")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_long_query_is_shortened_and_says_so(client):
    response = client.get("/search/", {"q": "water " * 100})
    assert "only its first 200 characters were used" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_search_explains_what_it_searches(client):
    html = client.get("/search/").content.decode()
    assert "Type a few words to search" in html


@on_postgres
@pytest.mark.django_db
def test_postgres_ranks_title_matches_first(client):
    make_post(title="Notes", summary="Something", body="radio radio radio")
    make_post(title="Radio first", summary="Something")
    assert titles(client, "radio") == ["Radio first", "Notes"]


@on_postgres
@pytest.mark.django_db
def test_postgres_stems_english_and_french_in_each_items_language(client):
    make_post(title="Learning together", language="en", summary="We learned to listen")
    make_post(title="Les femmes d'abord", language="fr", summary="Des animatrices formées")
    assert titles(client, "learn") == ["Learning together"]
    assert titles(client, "femme") == ["Les femmes d'abord"]
    assert titles(client, "animatrice formée") == ["Les femmes d'abord"]


@on_postgres
@pytest.mark.django_db
def test_postgres_ignores_accents_both_ways(client):
    make_post(title="Éducation des adultes", language="fr", summary="Alphabétisation et éducation")
    assert titles(client, "education") == ["Éducation des adultes"]
    assert titles(client, "alphabetisation") == ["Éducation des adultes"]
    make_post(title="Education for all", language="en")
    assert "Education for all" in titles(client, "éducation")
    html = client.get("/search/", {"q": "education"}).content.decode()
    assert "<mark>éducation</mark>" in html


@on_postgres
@pytest.mark.django_db
def test_postgres_search_uses_the_gin_index():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN "
            "('posts_post', 'seminars_seminarreport') AND indexdef LIKE '%gin%'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
    assert len(indexes) == 2
    assert all("search_vector" in index for index in indexes)


@pytest.mark.django_db
def test_no_results_says_so(client):
    make_post(title="Something else")
    html = client.get("/search/", {"q": "zzzqqq"}).content.decode()
    assert "Nothing matches. Try fewer or other words, or remove a filter." in html


@pytest.mark.django_db
def test_plain_excerpts_keep_their_markup_whole(client):
    make_post(title="Bookmarks", summary="Bookmark the mark & the ark")
    html = client.get("/search/", {"q": "ark mark"}).content.decode()
    excerpt = html[html.index('class="excerpt"') :]
    excerpt = excerpt[: excerpt.index("</p>")]
    assert "<<" not in excerpt and "</<" not in excerpt
    assert "&amp;" in excerpt


@pytest.mark.django_db
def test_control_characters_are_removed_from_writing(partner_client):
    from posts.models import Post

    partner_client.post(
        "/posts/new/",
        {
            "title": "Clean\x02 title",
            "summary": "A\x03 summary",
            "language": "en",
            "context": "Context\x1b here",
            "action": "save",
        },
    )
    post = Post.objects.get()
    assert (post.title, post.summary, post.context) == ("Clean title", "A summary", "Context here")


@on_postgres
@pytest.mark.django_db
def test_postgres_finds_words_in_languages_beyond_the_interfaces(client):
    make_post(title="Aus Fehlern lernen", language="de", summary="Die Häuser am Fluss")
    assert titles(client, "Fehler") == ["Aus Fehlern lernen"]
    assert titles(client, "Haus") == ["Aus Fehlern lernen"]


@on_postgres
@pytest.mark.django_db
def test_reindexing_makes_older_content_searchable(client):
    from io import StringIO

    from django.core.management import call_command

    from posts.models import Post

    make_post(title="Radios first")
    Post.objects.update(search_vector=None)
    assert titles(client, "radios") == []
    out = StringIO()
    call_command("reindex_search", stdout=out)
    assert "post: 1 indexed" in out.getvalue()
    assert titles(client, "radios") == ["Radios first"]


@pytest.mark.django_db
def test_only_the_newest_matches_are_ranked_and_the_page_says_so(client, monkeypatch):
    from publishing import search

    monkeypatch.setattr(search, "RANKED_PER_KIND", 2)
    for number in range(3):
        make_post(title=f"Seed bank {number}")
    assert sorted(titles(client, {"q": "seed", "kind": "post"})) == ["Seed bank 1", "Seed bank 2"]
    response = client.get("/search/", {"q": "seed", "kind": "post"})
    assert "More than 2 results" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("newer_others", [0, 5])
def test_the_newest_matches_are_found_whether_or_not_the_newest_items_hold_them(
    client, monkeypatch, newer_others
):
    from publishing import search

    monkeypatch.setattr(search, "RANKED_PER_KIND", 2)
    monkeypatch.setattr(search, "WINDOW", 3)
    for number in range(4):
        make_post(title=f"Seed bank {number}")
    for number in range(newer_others):
        make_post(title=f"Radio {number}")
    assert sorted(titles(client, {"q": "seed", "kind": "post"})) == ["Seed bank 2", "Seed bank 3"]


@pytest.mark.django_db
def test_result_pages_are_previous_and_next_not_newer_and_older(client):
    for number in range(25):
        make_post(title=f"Water point {number}", body="Water committees.")
    first = client.get("/search/", {"q": "water"}).content.decode()
    second = client.get("/search/", {"q": "water", "page": 2}).content.decode()
    assert 'rel="next"' in first and ">Next</a>" in first and "Older" not in first
    assert ">Previous</a>" in second and "Newer" not in second
    french = client.get("/fr/search/", {"q": "water"}).content.decode()
    assert ">Suivants</a>" in french


# Queries PostgreSQL's tsquery parser may refuse: runs of operators overflow its stack.
UNPARSABLE_LOOKING = [
    "-" * 200,
    "-" * 150 + " water",
    "- - - -",
    "- " * 100,
    '"-" - "-" ' * 20,
    "!!!!",
    "!" * 200,
    "&|!",
    "& | ! <-> :*",
    "<->" * 66,
    ":*:*",
    "water:*B",
    "water:ABCD",
    '"unbalanced',
    "'unbalanced",
    "(" * 200,
    ")" * 200,
    "-(-(-(" * 30,
    "-water " * 28,
    "or - or - or",
    "\\" * 200,
    "'-'" * 66,
    "\u2014 \u2013 \u2212" * 20,
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", UNPARSABLE_LOOKING)
def test_any_query_answers_200_and_keeps_the_text_in_the_box(client, query):
    make_post(title="Water radio")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html
    text = response.context["text"]
    assert f'value="{escape(text)}"' in html
    results = response.context["page_obj"]
    if results is not None and not len(results):
        assert "Nothing matches. Try fewer or other words, or remove a filter." in html


@on_postgres
@pytest.mark.django_db
def test_a_query_postgres_cannot_parse_finds_nothing_and_says_so(client):
    make_post(title="Water radio")
    response = client.get("/search/", {"q": "-" * 150 + " water"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert "Nothing matches" in response.content.decode()
    assert titles(client, "water") == ["Water radio"]  # the next search is unharmed


@on_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_query_postgres_cannot_parse_outside_a_transaction_leaves_the_connection_usable(
    client,
):
    from django.db import connection

    make_post(title="Water radio")
    response = client.get("/search/", {"q": "-" * 150 + " water"})
    assert response.status_code == 200 and list(response.context["page_obj"]) == []
    assert not connection.in_atomic_block
    assert titles(client, "water") == ["Water radio"]


def _searched(client, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": query})
    return response, len(queries)


@pytest.mark.django_db
def test_results_show_their_hashtags_in_queries_that_do_not_grow_with_them(client):
    make_post(title="Well one", hashtags=["WASH", "Uganda"])
    make_report(title="Well forum", hashtags=["Boreholes"])
    response, few = _searched(client, "well")
    page = response.content.decode()
    for hashtag in ("#WASH", "#Uganda", "#Boreholes"):
        assert hashtag in page
    assert 'href="/tags/wash/"' in page and 'href="/tags/boreholes/"' in page
    for number in range(6):
        make_post(title=f"Well {number}", hashtags=[f"Place{number}", "WASH"])
        make_report(title=f"Well report {number}", hashtags=[f"Forum{number}"])
    response, many = _searched(client, "well")
    assert len(response.context["page_obj"].object_list) == 14
    results = {result.item.title: result.item.hashtags for result in response.context["page_obj"]}
    assert sorted(tag.name for tag in results["Well 3"]) == ["Place3", "WASH"]
    assert [tag.name for tag in results["Well report 5"]] == ["Forum5"]
    assert many == few
