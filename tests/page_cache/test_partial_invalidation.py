"""Which kept pages each kind of change replaces, and which stay: a comment or follow-up
replaces the pages that show its item (its page, the lists that show its counts, the latest
discussion), a publication the lists, anything else every page."""

from datetime import date

import pytest

from accounts.services import partner_confirm
from discussion.services import comment_post
from followups.models import FollowUp
from followups.services import follow_up_delete, follow_up_save
from tests.factories import make_organisation, make_post, make_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(staff, partner):
    other = make_user(name="Otieno Other", groups=("Partners",))
    return {
        "report": make_report(author=staff, title="Water report", body="#Water"),
        "water": make_post(author=partner, title="Water lesson", body="#Water"),
        "radio": make_post(author=other, title="Radio lesson", body="#Radio"),
        "partner": partner,
        "other": other,
        "staff": staff,
    }


def addresses(world) -> dict[str, str]:
    return {
        "home": "/",
        "lessons": "/posts/",
        "reports": "/seminars/",
        "water lesson": world["water"].get_absolute_url(),
        "radio lesson": world["radio"].get_absolute_url(),
        "report": world["report"].get_absolute_url(),
        "#water": "/tags/water/",
        "#radio": "/tags/radio/",
        "hashtags": "/tags/",
        "water writer": f"/members/{world['partner'].pk}/",
        "radio writer": f"/members/{world['other'].pk}/",
        "search": "/search/?q=lesson",
        "feed": "/feed/",
        "french lessons": "/fr/posts/",
    }


def rendered(client, url) -> bool:
    """Whether the page was rendered again rather than served as kept."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response["X-Kept-Page"] == "miss"


def replaced_by(client, world, change) -> set[str]:
    pages = addresses(world)
    for url in pages.values():
        client.get(url)
    assert not any(rendered(client, url) for url in pages.values()), "kept at first"
    change()
    return {name for name, url in pages.items() if rendered(client, url)}


ALL = {
    "home", "lessons", "reports", "water lesson", "radio lesson", "report", "#water",
    "#radio", "hashtags", "water writer", "radio writer", "search", "feed", "french lessons",
}  # fmt: skip
# Pages that list publications: any publication replaces them.
LISTS = {
    "home", "lessons", "reports", "#water", "#radio", "hashtags", "water writer",
    "radio writer", "search", "feed", "french lessons",
}  # fmt: skip


def test_a_comment_replaces_the_pages_that_show_its_lesson(client, world):
    replaced = replaced_by(
        client,
        world,
        lambda: comment_post(target=world["radio"], author=world["staff"], text="Radios too."),
    )
    # The feed says nothing of what it shows: any change replaces it.
    assert replaced == {
        "home", "lessons", "radio lesson", "#radio", "radio writer", "search", "feed",
        "french lessons",
    }  # fmt: skip
    assert "Radios too." in client.get(world["radio"].get_absolute_url()).content.decode()


def test_a_comment_on_a_report_leaves_the_lessons_alone(client, world):
    replaced = replaced_by(
        client,
        world,
        lambda: comment_post(target=world["report"], author=world["partner"], text="Seen."),
    )
    assert replaced == {"home", "reports", "report", "#water", "feed"}


def test_a_follow_up_replaces_its_lessons_pages_and_its_writers_profile(client, world):
    def follow_up():
        follow_up_save(
            follow_up=FollowUp(state="applied", country="KE", happened_on=date(2026, 1, 5),
                               language="en"),
            lesson=world["water"], by=world["staff"],
        )  # fmt: skip

    replaced = replaced_by(client, world, follow_up)
    assert replaced == {
        "home", "lessons", "water lesson", "#water", "water writer", "search", "feed",
        "french lessons",
    }  # fmt: skip
    assert "Applied in 1 country" in client.get("/posts/").content.decode()


def test_a_publication_replaces_the_lists_and_leaves_the_other_lessons(client, world):
    replaced = replaced_by(
        client, world, lambda: make_post(author=world["staff"], title="New", body="#Radio")
    )
    # The report's page lists related reports, found among the publications.
    assert replaced == LISTS | {"report"}
    assert "New" in client.get("/posts/").content.decode()


def test_editing_a_lesson_replaces_its_page_and_the_lists(client, world):
    replaced = replaced_by(
        client,
        world,
        lambda: make_post(
            author=world["staff"], title="Maji", language="sw", translation_of=world["water"]
        ),  # fmt: skip
    )
    # A new translation: the original's page lists it.
    assert replaced == LISTS | {"report", "water lesson"}


def test_a_change_no_topic_names_replaces_every_page(client, world):
    replaced = replaced_by(
        client,
        world,
        lambda: partner_confirm(user=make_user(), organisation=make_organisation(name="New")),
    )
    assert replaced == ALL


@pytest.mark.parametrize("url", ["/posts/?follow_up=applied", "/search/?q=lesson&follow_up=none"])
def test_lists_filtered_by_follow_up_state_are_replaced_by_any_follow_up(client, world, url):
    """Any lesson may join or leave such a list, not only those it shows."""
    shown_before = "Water lesson" in client.get(url).content.decode()
    assert client.get(url)["X-Kept-Page"] == "hit"
    recorded = follow_up_save(
        follow_up=FollowUp(state="applied", country="KE", happened_on=date(2026, 1, 5),
                           language="en"),
        lesson=world["water"], by=world["staff"],
    )  # fmt: skip
    response = client.get(url)
    assert response["X-Kept-Page"] == "miss"
    assert ("Water lesson" in response.content.decode()) != shown_before
    follow_up_delete(follow_up=recorded)
    response = client.get(url)
    assert response["X-Kept-Page"] == "miss"
    assert ("Water lesson" in response.content.decode()) == shown_before
