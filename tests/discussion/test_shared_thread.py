"""A discussion's thread is kept once for every reader of a kind and language; each member's
own part (their comments waiting for a moderator, their edit and delete links, the reason a
moderator gave them) is added for them alone, whoever read the thread first."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from discussion.models import Comment
from tests.factories import make_comment, make_report, make_user

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def world(staff):
    report = make_report(author=make_user(name="Writer"), title="Shared thread")
    first, second = make_user(name="Awa First"), make_user(name="Bako Second")
    old = make_comment(target=report, author=first, text="Awa wrote this long ago.")
    Comment.objects.filter(pk=old.pk).update(submit_date=timezone.now() - timedelta(days=2))
    fresh = make_comment(target=report, author=second, text="Bako wrote this just now.")
    held = make_comment(
        target=report, author=first, parent=fresh, text="Awa waits for a moderator.",
        published=False,
    )  # fmt: skip
    mine = make_comment(target=report, author=first, text="Awa wrote this just now.")
    return {
        "report": report, "first": first, "second": second, "staff": staff,
        "old": old, "fresh": fresh, "held": held, "mine": mine,
    }  # fmt: skip


def thread_of(client, report, language) -> str:
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    with translation.override(settings.LANGUAGE_CODE):
        path = report.get_absolute_url()
    response = client.get(prefix + path)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('<section class="discussion"') :]


def links(page: str, action: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf"/comments/(\d+)/{action}/", page)}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("first_reader", ["first", "second", "staff", "visitor"])
def test_no_reader_sees_another_members_own_part(world, language, first_reader):
    readers = {"visitor": Client()}
    for name in ("first", "second", "staff"):
        readers[name] = Client()
        readers[name].force_login(world[name])
    report = world["report"]
    order = [first_reader, *(name for name in readers if name != first_reader)]
    pages = {name: thread_of(readers[name], report, language) for name in order}
    old, fresh, held, mine = (world[name].pk for name in ("old", "fresh", "held", "mine"))

    # Only its author sees the comment that waits, and sees it under what it answers.
    assert "Awa waits for a moderator." in pages["first"]
    first = pages["first"]
    assert first.index(f'id="comment-{fresh}"') < first.index(f'id="comment-{held}"')
    for name in ("second", "staff", "visitor"):
        assert "Awa waits for a moderator." not in pages[name], name
        assert f'id="comment-{held}"' not in pages[name], name
    # Edit and delete links: one's own comments in the quarter hour after writing, only.
    assert links(pages["first"], "edit") == {held, mine}
    assert links(pages["first"], "delete") == {held, mine}
    assert links(pages["second"], "edit") == links(pages["second"], "delete") == {fresh}
    for name in ("staff", "visitor"):
        assert links(pages[name], "edit") == links(pages[name], "delete") == set(), name
    # Reporting others' comments; removing them for moderators; nothing for visitors.
    assert links(pages["first"], "flag") == {fresh}
    assert links(pages["second"], "flag") == {old, mine}
    assert links(pages["staff"], "flag") == {old, fresh, mine}
    assert links(pages["staff"], "remove") == {old, fresh, mine}
    for name in ("first", "second", "visitor"):
        assert links(pages[name], "remove") == set(), name
    assert links(pages["visitor"], "flag") == set()
    # Everyone may answer a published comment (visitors are asked to sign in first).
    for name, page in pages.items():
        assert links(page, "reply") == {old, fresh, mine}, name


def test_a_removal_reason_is_shown_to_its_author_alone(world, staff):
    from discussion.services import comment_remove

    comment_remove(comment=world["old"], by=staff, reason="Shares a phone number.")
    readers = {}
    for name in ("second", "first", "staff"):
        readers[name] = Client()
        readers[name].force_login(world[name])
    pages = {name: thread_of(client, world["report"], "en") for name, client in readers.items()}
    assert "Shares a phone number." in pages["first"]
    assert "Shares a phone number." not in pages["second"]
    assert "Shares a phone number." not in pages["staff"]
    assert all("Removed by a moderator." in page for page in pages.values())


def test_a_new_comment_shows_to_every_reader_at_once(world):
    reader = Client()
    reader.force_login(world["second"])
    thread_of(reader, world["report"], "en")
    make_comment(target=world["report"], author=world["staff"], text="Staff answer now.")
    assert "Staff answer now." in thread_of(reader, world["report"], "en")
    assert "Staff answer now." in thread_of(Client(), world["report"], "en")
