import pytest
from taggit.models import Tag

from hashtags import queries
from hashtags.models import HashtagRedirect
from hashtags.services import hashtag_merge, hashtag_rename
from tests.factories import make_post, make_report
from tests.helpers import queries_for


@pytest.mark.django_db
def test_hashtag_page_lists_published_reports_with_that_hashtag(client):
    tagged = make_report(title="Tagged", body="#LocalKnowledge")
    make_report(title="Draft tagged", body="#LocalKnowledge", publish=False)
    make_report(title="Untagged", body="nothing")
    response = client.get("/tags/localknowledge/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 dir="auto">#LocalKnowledge</h1>' in html
    assert tagged.title in html
    assert "Draft tagged" not in html and "Untagged" not in html


@pytest.mark.django_db
def test_hashtag_addresses_ignore_case(client):
    make_report(body="#LocalKnowledge")
    response = client.get("/tags/LocalKnowledge/")
    assert response.status_code == 301
    assert response["Location"] == "/tags/localknowledge/"


@pytest.mark.django_db
def test_unknown_hashtag_gets_the_friendly_404(client):
    response = client.get("/tags/nothing-here/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.django_db
def test_hashtag_list_counts_published_items_and_sorts(client):
    for _ in range(3):
        make_post(body="#Water")
    make_report(body="#Water #Apples")
    make_post(body="#Zebra")
    make_post(body="#Hidden", action="save")
    response = client.get("/tags/")
    listed = [(tag.name, tag.uses) for tag in response.context["page_obj"]]
    assert listed == [("Water", 4), ("Apples", 1), ("Zebra", 1)]
    by_name = [tag.name for tag in client.get("/tags/?sort=name").context["page_obj"]]
    assert by_name == ["Apples", "Water", "Zebra"]
    assert [t.name for t in client.get("/tags/?q=%23wat").context["page_obj"]] == ["Water"]
    assert "No hashtag matches." in client.get("/tags/?q=nothing").content.decode()


@pytest.mark.django_db
def test_hashtag_page_mixes_both_kinds_newest_first_and_paginates(client):
    for number in range(12):
        make_report(title=f"Report {number}", body="#Shared")
        make_post(title=f"Post {number}", body="#Shared #Other")
    first = client.get("/tags/shared/")
    cards = list(first.context["page_obj"])
    assert len(cards) == 20
    assert ["Post 11" in cards[0].card, "Report 11" in cards[1].card] == [True, True]
    assert {card.model.kind for card in cards} == {"report", "post"}
    assert ">Older</a>" in first.content.decode()
    second = client.get("/tags/shared/?page=2")
    assert len(second.context["page_obj"]) == 4
    assert ">Newer</a>" in second.content.decode()
    assert [tag.name for tag in first.context["related"]] == ["Other"]
    assert 'href="/tags/shared/feed/"' in first.content.decode()


@pytest.mark.django_db
def test_merging_keeps_every_items_hashtags_and_redirects(client):
    both = make_post(body="#LocalKnowledge #LocalExpertise")
    only_expertise = make_report(body="#LocalExpertise")
    keep = Tag.objects.get(name="LocalKnowledge")
    hashtag_merge(sources=[Tag.objects.get(name="LocalExpertise")], into=keep)
    assert list(both.tags.names()) == ["LocalKnowledge"]
    assert list(only_expertise.tags.names()) == ["LocalKnowledge"]
    assert not Tag.objects.filter(name="LocalExpertise").exists()
    response = client.get("/tags/localexpertise/")
    assert (response.status_code, response["Location"]) == (301, "/tags/localknowledge/")


@pytest.mark.django_db
def test_renaming_redirects_the_old_address_and_chains_stay_short(client):
    post = make_post(body="#Resilence")
    tag = Tag.objects.get(name="Resilence")
    hashtag_rename(tag=tag, name="Resilience", slug="resilience")
    assert list(post.tags.names()) == ["Resilience"]
    assert client.get("/tags/resilence/")["Location"] == "/tags/resilience/"
    other = make_post(body="#Strength")
    hashtag_merge(sources=[tag], into=Tag.objects.get(name="Strength"))
    assert client.get("/tags/resilence/")["Location"] == "/tags/strength/"
    assert sorted(HashtagRedirect.objects.values_list("old_slug", flat=True)) == [
        "resilence",
        "resilience",
    ]
    assert list(other.tags.names()) == ["Strength"]


@pytest.mark.django_db
def test_staff_merge_hashtags_in_the_admin(staff_client):
    make_post(body="#LocalKnowledge #LocalExpertise")
    ids = list(Tag.objects.order_by("name").values_list("pk", flat=True))
    page = staff_client.post("/admin/taggit/tag/", {"action": "merge", "_selected_action": ids})
    assert page.status_code == 200
    assert "Every item with any of these hashtags" in page.content.decode()
    keep = Tag.objects.get(name="LocalKnowledge")
    done = staff_client.post(
        "/admin/taggit/tag/",
        {"action": "merge", "_selected_action": ids, "into": keep.pk},
        follow=True,
    )
    assert "Merged into #LocalKnowledge" in done.content.decode()
    assert list(Tag.objects.values_list("name", flat=True)) == ["LocalKnowledge"]


@pytest.mark.django_db
def test_staff_rename_a_hashtag_in_the_admin(staff_client, client):
    make_post(body="#Resilence")
    tag = Tag.objects.get()
    staff_client.post(
        f"/admin/taggit/tag/{tag.pk}/change/", {"name": "Resilience", "slug": "resilence"}
    )
    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Resilience", "resilience")
    assert client.get("/tags/resilence/")["Location"] == "/tags/resilience/"


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "status"), [("member", 302), ("partner", 302), ("staff", 200)])
def test_only_staff_administer_hashtags(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get("/admin/taggit/tag/").status_code == status


def _grow(count):
    from tests.factories import make_organisation, make_user

    for number in range(count):
        writer = make_user(organisation=make_organisation(), country="KE")
        make_post(author=writer, body=f"Water #Water #Post{number}", hashtags=[f"X{number}"])
        make_report(body=f"Water #Water #Report{number}", organisations=[writer.organisation])


@pytest.mark.django_db
def test_browsing_pages_use_a_fixed_number_of_queries(client):
    urls = [
        "/",
        "/tags/",
        "/tags/?sort=name&q=o",
        "/tags/water/",
        "/tags/water/?page=2",
        "/search/?q=water",
        "/search/?q=water&kind=post&country=KE",
        "/feed/",
        "/tags/water/feed/",
        "/sitemap.xml",
        "/sitemap-posts.xml",
        "/sitemap-hashtags.xml",
    ]
    _grow(3)
    small = {url: queries_for(client, url) for url in urls}
    _grow(25)
    assert {url: queries_for(client, url) for url in urls} == small


@pytest.mark.django_db
def test_typing_a_merged_hashtag_again_keeps_the_merge(client, staff):
    from posts.services import post_write

    post = make_post(author=staff, body="#LocalExpertise")
    make_post(body="#LocalKnowledge")
    hashtag_merge(
        sources=[Tag.objects.get(name="LocalExpertise")],
        into=Tag.objects.get(name="LocalKnowledge"),
    )
    post.body = "Still #LocalExpertise, and #localexpertise"
    post_write(post=post, by=staff, extra_hashtags=[], action="save")
    assert list(post.tags.names()) == ["LocalKnowledge"]
    assert not Tag.objects.filter(slug="localexpertise").exists()
    assert client.get("/tags/localexpertise/").status_code == 301


@pytest.mark.django_db
def test_feeds_follow_moved_and_mixed_case_hashtags(client):
    make_post(body="#Water #Agua")
    hashtag_merge(sources=[Tag.objects.get(name="Agua")], into=Tag.objects.get(name="Water"))
    response = client.get("/tags/agua/feed/")
    assert (response.status_code, response["Location"]) == (301, "/tags/water/feed/")
    assert client.get("/tags/Water/feed/")["Location"] == "/tags/water/feed/"
    assert client.get("/tags/Water/?page=2")["Location"] == "/tags/water/?page=2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/tags/%00/", "/tags/a%00b/feed/", "/posts/%00/", "/seminars/a%00/"]
)
def test_a_null_byte_in_an_address_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_admin_slugs_are_lower_case_and_clashes_are_refused(staff_client):
    make_post(body="#Water #Agua")
    agua = Tag.objects.get(name="Agua")
    response = staff_client.post(
        f"/admin/taggit/tag/{agua.pk}/change/", {"name": "Agua", "slug": "WATER"}
    )
    assert response.status_code == 200
    assert "#Water already has this address: merge the two instead." in response.content.decode()
    staff_client.post(f"/admin/taggit/tag/{agua.pk}/change/", {"name": "Aqua", "slug": "AQUA"})
    agua.refresh_from_db()
    assert (agua.name, agua.slug) == ("Aqua", "aqua")


@pytest.mark.django_db
def test_taggits_own_merge_page_is_not_offered(staff_client):
    assert staff_client.get("/admin/taggit/tag/merge-tags/").status_code in (302, 404)


@pytest.mark.django_db
def test_related_hashtags_are_those_of_the_newest_items(monkeypatch, staff):
    monkeypatch.setattr(queries, "RELATED_FROM", 2)
    make_post(author=staff, body="#Wells #Pumps")
    make_post(author=staff, body="#Wells #Pumps")
    make_post(author=staff, body="#Wells #Radios")
    make_post(author=staff, body="#Wells #Radios #Pumps")
    make_report(author=staff, body="#Wells #Maps")
    make_post(author=staff, body="#Radios #Maps")  # without #Wells: not counted
    related = queries.hashtags_used_with(Tag.objects.get(name="Wells"), limit=8)
    # Of the two newest lessons and the one report: Radios twice, then Maps and Pumps.
    assert [(tag.name, tag.uses) for tag in related] == [("Radios", 2), ("Maps", 1), ("Pumps", 1)]


@pytest.mark.django_db
def test_a_publication_counts_again_only_its_own_hashtags(monkeypatch, staff):
    """Each hashtag's count is kept until a publication carrying it changes: the list of
    every count stays true, and only the changed hashtags are counted again."""
    from taggit.models import TaggedItem

    from posts.models import Post
    from posts.services import post_unpublish

    make_post(author=staff, body="#Water #Radio")
    make_report(author=staff, body="#Water")
    counted = []
    count_uses = queries._count_uses
    monkeypatch.setattr(
        queries, "_count_uses", lambda ids: counted.append(set(ids)) or count_uses(ids)
    )

    def uses():
        return {tag.name: tag.uses for tag in queries.hashtag_uses()}

    water, radio = Tag.objects.get(name="Water"), Tag.objects.get(name="Radio")
    assert uses() == {"Water": 2, "Radio": 1}
    assert counted == [{water.pk, radio.pk}]
    maps = make_post(author=staff, body="#Maps #Radio")
    assert uses() == {"Water": 2, "Radio": 2, "Maps": 1}
    assert counted[1:] == [{Tag.objects.get(name="Maps").pk, radio.pk}]
    post_unpublish(post=maps)
    assert uses() == {"Water": 2, "Radio": 1}
    # Put on in the shell: the safety net replaces the hashtag's topic.
    first = Post.objects.published().get()
    TaggedItem.objects.create(tag=Tag.objects.get(name="Maps"), content_object=first)
    assert uses() == {"Water": 2, "Radio": 1, "Maps": 1}
    make_report(author=staff, body="#Radio")
    assert uses() == {"Water": 2, "Radio": 2, "Maps": 1}


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize(
    "slug",
    ["wash", "learning-from-failure", "radio_2024", "مضخة", "éducation", "水", "x" * 100, "",
     "a/b", "wash?x=1", "%41", "../admin", "a b", "<script>"],
)  # fmt: skip
def test_hashtag_addresses_are_written_as_reverse_writes_them(language, slug):
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from publishing.rendering import hashtag_address

    with translation.override(language):
        try:
            expected = reverse("hashtags:detail", args=[slug])
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                hashtag_address(slug)
        else:
            assert hashtag_address(slug) == expected
