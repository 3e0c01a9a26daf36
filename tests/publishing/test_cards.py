"""Cards of publications kept for each item as it is, and the home page's latest
discussion kept once a comment: lists rendered again after a change reuse what did not
change, and never show what did as it was."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from taggit.models import Tag

from accounts.services import partner_confirm
from discussion import threads
from discussion.services import comment_post
from followups.models import FollowUp
from followups.services import follow_up_save
from hashtags.services import hashtag_rename
from page_cache.versions import content_version
from pages import views as page_views
from posts.services import post_write
from publishing import cards
from publishing.models import EditorAction
from tests.factories import make_comment, make_organisation, make_post, make_report, make_user

pytestmark = pytest.mark.django_db


def kept_cards() -> int:
    return sum(key.split(":")[2] == "card" for key in cache._cache)


LISTS = ["/", "/posts/", "/tags/water/", "/fr/posts/"]


@pytest.fixture
def rendered_cards(monkeypatch):
    """The items whose cards are rendered, rather than taken from the cache."""
    seen = []
    render = cards.render_card

    def counted(item, heading_level=2):
        seen.append(item.title)
        return render(item, heading_level)

    monkeypatch.setattr(cards, "render_card", counted)
    return seen


@pytest.fixture
def lessons(partner):
    return {
        "water": make_post(author=partner, title="Water lesson", body="#Water pumps"),
        "wells": make_post(author=partner, title="Wells lesson", body="#Water wells"),
    }


def test_a_comment_renders_again_only_the_card_of_its_lesson(
    client, lessons, staff, rendered_cards
):
    for url in LISTS:
        client.get(url)
    rendered_cards.clear()
    comment_post(target=lessons["water"], author=staff, text="Pumps here too.")
    for url in LISTS:
        page = client.get(url)
        assert page["X-Kept-Page"] == "miss"
        assert "#discussion" in page.content.decode()  # the lesson's comment count
    # Once in English at each heading level (home's cards are level 3), once in French.
    assert sorted(rendered_cards) == ["Water lesson"] * 3


def test_cards_are_kept_for_visitors_and_members_alike(
    client, member_client, lessons, rendered_cards
):
    client.get("/posts/")
    assert sorted(rendered_cards) == ["Water lesson", "Wells lesson"]
    assert member_client.get("/posts/").status_code == 200
    assert len(rendered_cards) == 2


def test_each_kind_of_change_shows_on_the_cards_at_once(
    client, lessons, partner, staff, organisation
):
    def cards_show(text: str) -> bool:
        return all(text in client.get(url).content.decode() for url in ["/", "/posts/"])

    assert cards_show("Water lesson")
    lessons["water"].title = "Water lesson, retitled"
    post_write(post=lessons["water"], by=staff, extra_hashtags=[], action=EditorAction.PUBLISH)
    assert cards_show("Water lesson, retitled")
    partner.name = "Amina Renamed"
    partner.save()
    assert cards_show("Amina Renamed")
    organisation.name = "Renamed Collective"
    organisation.save()
    assert cards_show("Renamed Collective")
    hashtag_rename(tag=Tag.objects.get(name="Water"), name="CleanWater", slug="cleanwater")
    assert cards_show("#CleanWater")
    follow_up_save(
        follow_up=FollowUp(state="applied", country="KE", happened_on=date(2026, 1, 5),
                           language="en", note="Used in Kisumu."),
        lesson=lessons["wells"], by=partner,
    )  # fmt: skip
    assert cards_show("Applied in 1 country")


def test_a_new_partner_shows_as_one_on_cards(client, staff):
    writer = make_user(name="Wanjiru Writer")
    make_post(author=writer, title="A lesson by a new partner", body="Text")
    assert "Local partner" not in client.get("/posts/").content.decode()
    partner_confirm(user=writer, organisation=make_organisation(name="Upendo Group"))
    assert "Local partner" in client.get("/posts/").content.decode()


def keys_of(*items):
    return [(type(item), item.pk) for item in items]


def test_a_card_rendered_while_something_changed_is_not_kept(lessons):
    request = RequestFactory().get("/posts/")
    request.page_version = content_version()
    comment_post(target=lessons["wells"], author=lessons["wells"].author, text="Changed.")
    shown = cards.kept_cards(request, keys_of(lessons["water"], lessons["wells"]))
    assert [card.pk for card in shown] == [lessons["water"].pk, lessons["wells"].pk]
    assert all("lesson" in card.card for card in shown)
    assert kept_cards() == 0

    request.page_version = content_version()
    cards.kept_cards(request, keys_of(lessons["water"], lessons["wells"]))
    assert kept_cards() == 2


def test_a_card_without_a_page_version_is_not_kept(lessons):
    shown = cards.kept_cards(RequestFactory().get("/"), keys_of(*lessons.values()))
    assert len(shown) == 2
    assert kept_cards() == 0


def test_only_the_items_of_cards_not_kept_are_read(client, lessons, staff, monkeypatch):
    read = []
    load = threads.load_for_cards

    def counted(model, keys):
        read.extend(keys)
        return load(model, keys)

    monkeypatch.setattr(threads, "load_for_cards", counted)
    for url in LISTS:
        client.get(url)
    read.clear()
    comment_post(target=lessons["water"], author=staff, text="Pumps here too.")
    for url in LISTS:
        assert "Wells lesson" in client.get(url).content.decode()
    # As its card is rendered: in English at each heading level, and in French.
    assert read == [lessons["water"].pk] * 3


def test_an_item_gone_before_it_is_read_is_left_out(lessons):
    request = RequestFactory().get("/posts/")
    request.page_version = content_version()
    keys = keys_of(lessons["water"], lessons["wells"])
    shown = cards.kept_cards(request, keys, load=lambda model, pks: [])
    assert shown == []
    assert kept_cards() == 0


def test_reports_have_kept_cards_too(client, staff, rendered_cards):
    make_report(author=staff, title="Seminar on wells")
    assert "Seminar on wells" in client.get("/seminars/").content.decode()
    assert "Seminar on wells" in client.get("/").content.decode()
    assert rendered_cards == ["Seminar on wells"] * 2  # once at each heading level


def test_the_latest_discussion_is_rendered_once_a_comment_for_every_reader(
    client, member_client, lessons, staff, monkeypatch
):
    renders = []
    render = page_views._recent_discussion
    monkeypatch.setattr(page_views, "_recent_discussion", lambda: renders.append(1) or render())
    comment_post(target=lessons["water"], author=staff, text="First words on pumps.")
    assert "First words on pumps." in client.get("/").content.decode()
    assert "First words on pumps." in member_client.get("/").content.decode()
    assert len(renders) == 1
    make_comment(target=lessons["wells"], author=staff, text="Next words on wells.")
    assert "Next words on wells." in client.get("/").content.decode()
    assert "Next words on wells." in member_client.get("/").content.decode()
    assert "Next words on wells." in client.get("/fr/").content.decode()
    assert len(renders) == 3  # once more in English, once in French


def test_a_publication_renders_only_its_own_card(client, lessons, partner, rendered_cards):
    client.get("/posts/")
    rendered_cards.clear()
    make_post(author=partner, title="Pumps lesson", body="#Water")
    assert "Pumps lesson" in client.get("/posts/").content.decode()
    assert rendered_cards == ["Pumps lesson"]
