import re
import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_post, make_report

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id") is not None and feed.find(f"{ATOM}updated") is not None
    return feed.findall(f"{ATOM}entry")


@pytest.mark.django_db
def test_feed_of_everything_published_newest_first_with_language_and_summary(client):
    make_report(title="A report", summary="Report summary")
    make_post(title="Un texte", language="fr", summary="Résumé <script>x</script>")
    make_post(title="Not yet", action="save")
    items = entries(client, "/feed/")
    assert [entry.find(f"{ATOM}title").text for entry in items] == ["Un texte", "A report"]
    french = items[0]
    assert french.get(XML_LANG) == "fr"
    summary = french.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Résumé &lt;script&gt;x&lt;/script&gt;"
    assert french.find(f"{ATOM}link").get("href").endswith("/posts/un-texte/")
    assert french.find(f"{ATOM}author/{ATOM}name") is not None


@pytest.mark.django_db
def test_control_characters_from_the_admin_are_left_out_of_the_feed(client):
    from accounts.models import Organisation
    from tests.factories import make_user

    organisation = Organisation.objects.create(name="Red\x07 Andina", slug="red", country="BO")
    writer = make_user(name="Ana\x0b Quispe", organisation=organisation)
    post = make_post(title="Water", author=writer)
    type(post).objects.filter(pk=post.pk).update(title="Wa\x1bter", summary="Sum\x01mary")
    items = entries(client, "/feed/")
    assert items[0].find(f"{ATOM}title").text == "Water"
    assert items[0].find(f"{ATOM}summary").text == "Summary"
    assert items[0].find(f"{ATOM}author/{ATOM}name").text == "Ana Quispe"


@pytest.mark.django_db
def test_hashtag_feed_has_only_that_hashtags_items(client):
    make_report(title="Tagged report", body="#Water")
    make_post(title="Tagged post", body="#water")
    make_post(title="Other", body="#Fire")
    items = entries(client, "/tags/water/feed/")
    assert sorted(e.find(f"{ATOM}title").text for e in items) == ["Tagged post", "Tagged report"]
    categories = {c.get("term") for e in items for c in e.findall(f"{ATOM}category")}
    assert categories == {"Water"}
    assert client.get("/tags/nothing/feed/").status_code == 404


@pytest.mark.django_db
def test_feeds_are_advertised_in_the_page_head(client):
    make_post(body="#Water")
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feed/"' in home
    tag_page = client.get("/tags/water/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/tags/water/feed/"' in tag_page


@pytest.mark.django_db
def test_sitemap_lists_published_items_in_every_language(client):
    report = make_report(title="Public report")
    make_post(title="Secret draft", action="save")
    post = make_post(title="Public post", body="#Water")
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>http://[^/]+(/sitemap-\w+\.xml)</loc>", index)
    assert sections == [
        "/sitemap-pages.xml",
        "/sitemap-seminars.xml",
        "/sitemap-posts.xml",
        "/sitemap-hashtags.xml",
    ]
    xml = "".join(client.get(section).content.decode() for section in sections)
    assert report.get_absolute_url() in xml and post.get_absolute_url() in xml
    assert "/fr" + post.get_absolute_url() in xml
    assert 'hreflang="ar"' in xml
    assert "/tags/water/" in xml
    assert "secret-draft" not in xml


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /search/" in text and "Disallow: /ar/search/" in text


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["report", "post"])
def test_report_and_post_pages_carry_canonical_and_open_graph_tags(client, kind):
    item = (make_report if kind == "report" else make_post)(
        title='Water "first"', summary="Short <summary>", body="#Water"
    )
    html = client.get(item.get_absolute_url()).content.decode()
    url = f"http://testserver{item.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:title" content="Water &quot;first&quot;">' in html
    assert '<meta property="og:description" content="Short &lt;summary&gt;">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="article:tag" content="Water">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/tags/", "/tags/water/", "/search/?q=water", "/seminars/", "/posts/", "/feed/"]
)
def test_anonymous_pages_set_no_cookies(client, url):
    make_post(body="#Water")
    make_report(body="#Water")
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies == {}
