"""Which kept pages each kind of change replaces, and which stay: a comment or follow-up
replaces the pages that show its item (its page, the lists that show its counts, the latest
discussion), a publication the lists and the pages of the hashtags it carries or lost,
anything else every page."""

from datetime import date

import pytest
from taggit.models import Tag

from accounts.services import partner_confirm
from discussion.models import Comment
from discussion.services import comment_approve, comment_edit, comment_post, comment_remove
from followups.models import FollowUp
from followups.services import follow_up_delete, follow_up_save
from hashtags.services import hashtag_rename
from posts.models import Post
from posts.services import post_unpublish, post_write
from publishing.models import EditorAction
from tests.factories import (
    add_photos,
    make_comment,
    make_organisation,
    make_post,
    make_report,
    make_user,
)
from tests.uploads import samples
from uploads.processing import photo_variants
from uploads.services import photo_create

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
    """Whether the page was rendered again (or is gone) rather than served as kept."""
    return client.get(url)["X-Kept-Page"] == "miss"


def replaced_by(client, world, change) -> set[str]:
    pages = addresses(world)
    for url in pages.values():
        client.get(url)
    assert all(client.get(url).status_code == 200 for url in pages.values())
    assert not any(rendered(client, url) for url in pages.values()), "kept at first"
    change()
    return {name for name, url in pages.items() if rendered(client, url)}


ALL = {
    "home", "lessons", "reports", "water lesson", "radio lesson", "report", "#water",
    "#radio", "hashtags", "water writer", "radio writer", "search", "feed", "french lessons",
}  # fmt: skip
# Pages that list publications of every hashtag: any publication replaces them.
LISTS = {
    "home", "lessons", "reports", "hashtags", "water writer", "radio writer", "search",
    "feed", "french lessons",
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
    assert replaced == LISTS | {"report", "#radio"}
    assert "New" in client.get("/posts/").content.decode()
    assert "New" in client.get("/tags/radio/").content.decode()


def test_editing_a_lesson_replaces_its_page_and_the_lists(client, world):
    replaced = replaced_by(
        client,
        world,
        lambda: make_post(
            author=world["staff"], title="Maji", language="sw", translation_of=world["water"]
        ),  # fmt: skip
    )
    # A new translation: the original's page lists it, and so do the pages that show the
    # original. The translation carries no hashtag yet: #radio stays.
    assert replaced == LISTS | {"report", "water lesson", "#water"}


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


RADIO_PAGES = {
    "home", "lessons", "radio lesson", "#radio", "radio writer", "search", "feed",
    "french lessons",
}  # fmt: skip


def test_editing_removing_and_approving_comments_replace_the_same_pages(client, world):
    staff, radio = world["staff"], world["radio"]
    posted = comment_post(target=radio, author=world["other"], text="First words.").comment
    assert (
        replaced_by(
            client, world,
            lambda: comment_edit(comment=posted, by=world["other"], text="Better.", language=""),
        )
        == RADIO_PAGES
    )  # fmt: skip
    assert replaced_by(client, world, lambda: comment_remove(comment=posted, by=staff)) == (
        RADIO_PAGES
    )
    held = make_comment(target=radio, author=make_user(), text="Waiting.", published=False)
    assert replaced_by(client, world, lambda: comment_approve(comment=held, by=staff)) == (
        RADIO_PAGES
    )
    assert "Waiting." in client.get(radio.get_absolute_url()).content.decode()


def test_a_comment_saved_in_the_admin_replaces_the_pages_of_its_lesson(client, world):
    posted = comment_post(target=world["radio"], author=world["other"], text="Hello.").comment

    def admin_edit():
        comment = Comment.objects.get(pk=posted.pk)
        comment.is_public = False
        comment.save()

    assert replaced_by(client, world, admin_edit) == RADIO_PAGES


def test_a_photo_placed_on_a_lesson_replaces_its_pages_and_a_stray_one_none(client, world):
    assert replaced_by(client, world, lambda: add_photos(world["radio"], by=world["staff"])) == (
        RADIO_PAGES
    )

    def upload_for_a_preview():
        image = samples.encoded(samples.picture(300, 200), "JPEG")
        variants = photo_variants(samples.upload("p.jpg", image))
        photo_create(variants=variants, model=Post, by=world["staff"])

    assert replaced_by(client, world, upload_for_a_preview) == set()


def test_unpublishing_a_lesson_replaces_the_lists_and_its_page(client, world):
    replaced = replaced_by(client, world, lambda: post_unpublish(post=world["radio"]))
    assert replaced == LISTS | {"report", "radio lesson", "#radio"}


def test_retagging_a_lesson_replaces_the_pages_of_the_hashtags_it_gained_and_lost(client, world):
    water = world["water"]

    def retag():
        water.body = "Now about #Radio."
        post_write(post=water, by=world["staff"], extra_hashtags=[], action=EditorAction.SAVE)

    replaced = replaced_by(client, world, retag)
    assert replaced == LISTS | {"report", "water lesson", "#water", "#radio"}
    assert "Water lesson" in client.get("/tags/radio/").content.decode()
    assert "Water lesson" not in client.get("/tags/water/").content.decode()


def test_a_hashtag_put_on_outside_the_services_replaces_its_page(client, world):
    def tag_in_the_shell():
        world["water"].tags.add(Tag.objects.get(name="Radio"))

    replaced = replaced_by(client, world, tag_in_the_shell)
    # #water shows the lesson itself.
    assert replaced == LISTS | {"report", "water lesson", "#water", "#radio"}
    assert "Water lesson" in client.get("/tags/radio/").content.decode()


def test_renaming_a_hashtag_replaces_every_page(client, world):
    replaced = replaced_by(
        client, world,
        lambda: hashtag_rename(tag=Tag.objects.get(name="Radio"), name="Wireless",
                               slug="wireless"),
    )  # fmt: skip
    assert replaced == ALL
