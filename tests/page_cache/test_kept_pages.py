import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_comment, make_post, make_report

pytestmark = pytest.mark.django_db


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def test_a_visitor_page_is_served_from_the_cache_the_second_time(client, staff):
    make_report(author=staff)
    first, page = queries(client, reverse("pages:home"))
    again, same = queries(client, reverse("pages:home"))
    assert first > 0 and again == 0
    assert same == page


def test_new_comments_and_publications_show_at_once(client, staff, partner):
    report = make_report(author=staff, title="Kept page")
    assert "Fresh words." not in client.get(report.get_absolute_url()).content.decode()
    make_comment(target=report, author=partner, text="Fresh words.")
    assert "Fresh words." in client.get(report.get_absolute_url()).content.decode()
    client.get(reverse("pages:home"))
    make_post(author=staff, title="A brand new lesson")
    assert "A brand new lesson" in client.get(reverse("pages:home")).content.decode()


def test_pages_are_kept_per_language(client, staff):
    make_report(author=staff)
    english = client.get(reverse("pages:home")).content.decode()
    french = client.get("/fr/").content.decode()
    assert 'lang="en"' in english and 'lang="fr"' in french


def test_members_never_get_a_kept_page(member_client, client, staff):
    make_report(author=staff)
    client.get(reverse("pages:home"))
    count, page = queries(member_client, reverse("pages:home"))
    assert count > 0 and 'action="/accounts/logout/"' in page.replace("/fr/", "/")


def test_pages_that_set_a_cookie_are_not_kept(client):
    first = client.get(reverse("account_login"))
    second = client.__class__().get(reverse("account_login"))
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first.context["csrf_token"] != second.context["csrf_token"]


def test_hashtag_counts_are_kept_until_a_publication_changes(client, staff, partner):
    from page_cache.versions import publications_version

    report = make_report(author=staff, body="#LocalKnowledge")
    assert "#LocalKnowledge" in client.get(reverse("hashtags:list")).content.decode()
    kept = publications_version()
    make_comment(target=report, author=partner, text="A comment changes no hashtag.")
    assert publications_version() == kept
    make_post(author=staff, body="#LocalKnowledge and #Radio")
    assert publications_version() != kept
    page = client.get(reverse("hashtags:list")).content.decode()
    assert "#Radio" in page


def test_a_visitor_who_prefers_another_language_is_still_sent_there(client, staff):
    make_report(author=staff)
    assert client.get("/").status_code == 200
    response = client.get("/", headers={"accept-language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/fr/"
    chose_arabic = client.__class__()
    chose_arabic.cookies["django_language"] = "ar"
    response = chose_arabic.get("/")
    assert response.status_code == 302 and response["Location"] == "/ar/"


def test_kept_pages_carry_the_security_headers(client, staff):
    make_report(author=staff)
    client.get("/")
    response = client.get("/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "en"


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of each read of the shared cache, one list a round trip."""
    reads = []
    get_many = cache.get_many

    def counted(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    return reads


def test_a_kept_page_seen_before_is_read_with_its_versions_at_once(client, staff, cache_reads):
    make_post(author=staff, title="Wells lesson")
    client.get("/posts/")
    assert client.get("/posts/")["X-Kept-Page"] == "hit"
    cache_reads.clear()
    page = client.get("/posts/")
    assert page["X-Kept-Page"] == "hit" and "Wells lesson" in page.content.decode()
    assert len(cache_reads) == 1


def test_a_page_kept_under_other_versions_than_this_process_saw_is_checked_whole(
    client, staff, partner, cache_reads
):
    client.get("/posts/")
    client.get("/posts/")  # this process now knows the versions it was kept under
    lesson = make_post(author=staff, title="Pumps lesson")  # kept again, also under its own
    assert "Pumps lesson" in client.get("/posts/").content.decode()
    # Its own version, which this process has not seen the page kept under, changes.
    make_comment(target=lesson, author=partner, text="Ours broke in March.")
    cache_reads.clear()
    page = client.get("/posts/")
    assert page["X-Kept-Page"] == "miss"
    assert len(cache_reads) > 1
    assert client.get("/posts/")["X-Kept-Page"] == "hit"
    assert client.get("/posts/")["X-Kept-Page"] == "hit"


def test_a_members_kept_page_seen_before_is_read_with_its_versions_at_once(
    member_client, staff, cache_reads
):
    make_post(author=staff, title="Wells lesson")
    for _ in range(3):
        member_client.get("/posts/")
    cache_reads.clear()
    page = member_client.get("/posts/")
    assert page["X-Kept-Page"] == "hit" and "Wells lesson" in page.content.decode()
    # The member's card with the latest version, then the page with its versions.
    assert len(cache_reads) == 2


def test_a_members_rendered_page_reads_their_session_once(member_client, monkeypatch):
    reads = []
    get = cache.get

    def counted(key, *args, **kwargs):
        reads.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted)
    page = member_client.get("/posts/", {"new": "address"})
    assert page["X-Kept-Page"] == "miss" and page.wsgi_request.user.is_authenticated
    assert len([key for key in reads if key.startswith("django.contrib.sessions")]) == 1
    assert "Cookie" in page["Vary"]
