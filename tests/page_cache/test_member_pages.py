"""Pages kept for members: one page for everyone with the same permissions, with each
member's own parts (account menu, CSRF tokens, follow buttons) put back per request, and
never another member's."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from discussion.models import EDIT_WINDOW, Comment
from discussion.services import discussion_follow
from following.services import hashtag_follow
from page_cache import members
from page_cache.members import CARD_PREFIX
from page_cache.middleware import KEPT_HEADER
from tests.factories import make_comment, make_post, make_user

pytestmark = pytest.mark.django_db

LANGUAGES = ["", "/fr", "/es", "/ar"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def read(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response, response.content.decode()


@pytest.fixture
def lesson(partner):
    return make_post(author=partner, title="Wells that last", hashtags=["Water"])


@pytest.mark.parametrize("prefix", LANGUAGES)
@pytest.mark.parametrize(
    "page", ["/", "/posts/", "/seminars/", "/tags/", "/tags/water/", "/search/?q=wells"]
)
def test_each_member_gets_their_own_parts_of_a_page_kept_for_all(page, prefix, lesson, staff):
    first = make_user(name="Amina First")
    second = make_user(name="Bakary Second")
    address = prefix + page
    a, b, moderator, visitor = signed_in(first), signed_in(second), signed_in(staff), Client()

    response, page_a = read(a, address)
    assert response[KEPT_HEADER] == "miss"
    read(b, address)  # each client's first page gives it its CSRF cookie
    response, page_b = read(b, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Bakary Second" in page_b and "Amina First" not in page_b
    assert reverse("pages:profile", args=[second.pk]).split("/", 2)[-1] in page_b
    assert set(TOKEN.findall(page_b)).isdisjoint(TOKEN.findall(page_a))
    assert "<!--le:" not in page_b

    _response, page_staff = read(moderator, address)
    assert "Sara Staff" in page_staff and "Bakary Second" not in page_staff
    assert reverse("discussion:moderation") in page_staff
    assert reverse("discussion:moderation") not in page_b
    _response, page_visitor = read(visitor, address)
    for name in ("Amina First", "Bakary Second", "Sara Staff"):
        assert name not in page_visitor
    assert not TOKEN.search(page_visitor) or set(TOKEN.findall(page_visitor)).isdisjoint(
        TOKEN.findall(page_b)
    )


def test_the_token_of_a_kept_page_is_the_members_own(member, lesson):
    client = signed_in(member)
    read(client, "/")
    response, page = read(client, "/")
    assert response[KEPT_HEADER] == "hit"
    token = TOKEN.search(page)[1]
    signed_out = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_sign_out_form_works_on_pages_not_kept_for_members(member, partner):
    client = signed_in(member)
    _response, page = read(client, reverse("pages:profile", args=[partner.pk]))
    token = TOKEN.search(page)[1]
    signed_out = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_another_members_token_is_refused(member, lesson):
    other = signed_in(make_user(name="Other"))
    read(other, "/")
    _response, page = read(other, "/")
    client = signed_in(member)
    read(client, "/")
    stolen = TOKEN.search(page)[1]
    refused = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": stolen})
    assert refused.status_code == 403


def test_the_follow_button_is_each_members_and_follows_their_changes(member, partner, lesson):
    tag = lesson.tags.get()
    follower, other = signed_in(member), signed_in(partner)
    hashtag_follow(member=member, tag=tag, follow=True)
    address = "/tags/water/"
    read(other, address)
    read(follower, address)
    _response, followed = read(follower, address)
    response, not_followed = read(other, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Stop following #Water" in followed and "Follow #Water by e-mail" not in followed
    assert "Follow #Water by e-mail" in not_followed and "Stop following" not in not_followed

    hashtag_follow(member=member, tag=tag, follow=False)
    _response, now = read(follower, address)
    assert "Follow #Water by e-mail" in now and "Stop following" not in now


@pytest.mark.parametrize("address", ["/posts/", "/search/?q=radios"])
def test_a_kept_page_is_replaced_when_what_it_shows_changes(address, member, partner, lesson):
    client = signed_in(member)
    read(client, address)
    response, _page = read(client, address)
    assert response[KEPT_HEADER] == "hit"
    make_post(author=partner, title="Radios for the market")
    response, page = read(client, address)
    assert response[KEPT_HEADER] == "miss"
    assert "Radios for the market" in page


def test_a_message_for_the_member_is_shown_on_the_next_page_not_a_kept_one(member, lesson):
    client = signed_in(member)
    read(client, "/tags/water/")
    _response, page = read(client, "/tags/water/")
    followed = client.post(
        reverse("following:hashtag", args=["water"]),
        {"csrfmiddlewaretoken": TOKEN.search(page)[1], "follow": "1"},
    )
    assert followed.status_code == 302
    response, page = read(client, "/tags/water/")
    assert response[KEPT_HEADER] == "miss"
    assert "You follow #Water." in page
    response, page = read(client, "/tags/water/")
    assert "Stop following #Water" in page


def test_a_member_who_prefers_another_language_is_sent_there(member, lesson):
    member.preferred_language = "fr"
    member.save()
    client = signed_in(member)
    read(client, "/fr/")
    read(client, "/fr/")
    response = client.get("/posts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")


def test_a_page_not_marked_for_members_is_never_kept_for_them(member, partner, lesson):
    client = signed_in(member)
    address = reverse("pages:profile", args=[partner.pk])
    read(client, address)
    response, page = read(client, address)
    assert response[KEPT_HEADER] == "miss"
    assert "Mariam Member" in page


class CountedCache:
    """The cache, counting the calls that read a member's card."""

    def __init__(self, cache):
        self.cache, self.card_reads = cache, 0

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(keys, *args, **kwargs):
            if any(str(key).startswith(CARD_PREFIX) for key in (keys, *keys)):
                self.card_reads += name in ("get", "get_many")
            return method(keys, *args, **kwargs)

        return counted


@pytest.mark.parametrize("marked", [True, False])
def test_a_members_page_reads_their_card_once(marked, monkeypatch, member, partner, lesson):
    client = signed_in(member)
    address = "/posts/" if marked else reverse("pages:profile", args=[partner.pk])
    read(client, address)  # the member's card is made and kept
    counted = CountedCache(members.cache)
    monkeypatch.setattr(members, "cache", counted)
    response, page = read(client, address)
    assert response[KEPT_HEADER] == ("hit" if marked else "miss")
    assert "Mariam Member" in page
    assert counted.card_reads == 1


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_a_lesson_is_kept_for_members_with_nothing_of_their_own_on_it(prefix, lesson, staff):
    first, second = make_user(name="Amina First"), make_user(name="Bakary Second")
    make_comment(target=lesson, author=staff, text="Staff were here.")
    address = prefix + lesson.get_absolute_url()
    a, b = signed_in(first), signed_in(second)
    discussion_follow(user=second, target=lesson, follow=True)
    read(a, address)
    read(b, address)
    response, page_b = read(b, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Bakary Second" in page_b and "Amina First" not in page_b
    _response, page_a = read(a, address)
    stop, start = "Stop following this discussion", "Follow this discussion by e-mail"
    if not prefix:
        assert stop in page_b and start not in page_b
        assert start in page_a and stop not in page_a
    assert not re.search(r'href="[^"]*/remove/"', page_b)


def test_the_writer_and_those_who_wrote_in_the_discussion_get_it_kept_for_them_alone(
    lesson, partner
):
    reader, writer_of_comment = make_user(name="Reader"), make_user(name="Commenter")
    address = lesson.get_absolute_url()
    follow_up = reverse("posts:followups:create", args=[lesson.slug])
    reading = signed_in(reader)
    read(reading, address)
    kept, page = read(reading, address)
    assert kept[KEPT_HEADER] == "hit" and follow_up not in page

    writer = signed_in(partner)
    response, page = read(writer, address)
    assert response[KEPT_HEADER] == "miss"
    response, page = read(writer, address)
    assert response[KEPT_HEADER] == "hit"
    assert follow_up in page
    _response, page = read(reading, address)
    assert follow_up not in page

    commenter = signed_in(writer_of_comment)
    read(commenter, address)
    held = make_comment(target=lesson, author=writer_of_comment, text="Mine, waiting.",
                        published=False)  # fmt: skip
    response, page = read(commenter, address)
    assert response[KEPT_HEADER] == "miss"
    response, page = read(commenter, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Mine, waiting." in page
    for client in (reading, writer, signed_in(make_user(name="Another Reader"))):
        read(client, address)
        _response, other = read(client, address)
        assert "Mine, waiting." not in other
        assert f"comment-{held.pk}" not in other
    # What is theirs on it changes: the page kept for them alone is replaced.
    make_comment(target=lesson, author=writer_of_comment, text="Mine, again.", published=False)
    response, page = read(commenter, address)
    assert response[KEPT_HEADER] == "miss"
    assert "Mine, waiting." in page and "Mine, again." in page


def test_a_member_whose_comments_are_settled_gets_the_page_kept_for_all(lesson):
    """Past the edit window, a member's comment looks to them as to everyone, but for the
    Report link, which each member sees on others' comments only."""
    settled, other = make_user(name="Settled Writer"), make_user(name="Other Reader")
    own = make_comment(target=lesson, author=settled, text="Said long ago.")
    theirs = make_comment(target=lesson, author=other, text="Said by another.")
    Comment.objects.filter(pk__in=[own.pk, theirs.pk]).update(
        submit_date=timezone.now() - EDIT_WINDOW - timedelta(minutes=1)
    )
    address = lesson.get_absolute_url()
    reporting = re.compile(r'href="[^"]*/(\d+)/flag/"')
    clients = {settled: signed_in(settled), other: signed_in(other)}
    for client in clients.values():
        read(client, address)
    for member, mine, others in ((settled, own, theirs), (other, theirs, own)):
        response, page = read(clients[member], address)
        assert response[KEPT_HEADER] == "hit"
        assert "Said long ago." in page and "Said by another." in page
        assert set(reporting.findall(page)) == {str(others.pk)}
        assert reverse("discussion:edit", args=[mine.pk]) not in page


def test_a_comment_in_its_edit_window_shows_its_links_to_its_writer_only(lesson, monkeypatch):
    writer, reader = make_user(name="Fresh Writer"), make_user(name="Reader")
    address = lesson.get_absolute_url()
    reading, writing = signed_in(reader), signed_in(writer)
    fresh = make_comment(target=lesson, author=writer, text="Just said.")
    edit = reverse("discussion:edit", args=[fresh.pk])
    delete = reverse("discussion:delete", args=[fresh.pk])
    for client in (reading, writing):
        read(client, address)
    response, page = read(writing, address)
    assert response[KEPT_HEADER] == "hit"
    assert edit in page and delete in page
    response, other = read(reading, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Just said." in other and edit not in other and delete not in other
    # Once the window closes, the same kept page no longer offers them.
    later = timezone.now() + EDIT_WINDOW
    monkeypatch.setattr("discussion.services.timezone.now", lambda: later)
    response, page = read(writing, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Just said." in page and edit not in page and delete not in page


def test_a_comment_waiting_for_a_moderator_makes_the_page_its_writers_own(lesson, monkeypatch):
    writer, reader = make_user(name="Held Writer"), make_user(name="Reader")
    address = lesson.get_absolute_url()
    reading, writing = signed_in(reader), signed_in(writer)
    held = make_comment(target=lesson, author=writer, text="Mine, held.", published=False)
    edit = reverse("discussion:edit", args=[held.pk])
    for kept in ("miss", "hit"):
        response, page = read(writing, address)
        assert response[KEPT_HEADER] == kept
        assert "Mine, held." in page and edit in page
    read(reading, address)
    response, other = read(reading, address)
    assert response[KEPT_HEADER] == "hit" and "Mine, held." not in other
    # Once the window closes, the page kept for the writer no longer offers to edit it.
    later = timezone.now() + EDIT_WINDOW
    monkeypatch.setattr("discussion.services.timezone.now", lambda: later)
    response, page = read(writing, address)
    assert response[KEPT_HEADER] == "hit"
    assert "Mine, held." in page and edit not in page


def test_staff_get_the_page_kept_for_staff_with_their_controls(lesson, staff, member):
    make_comment(target=lesson, author=member, text="A member's comment.")
    address = lesson.get_absolute_url()
    for client in (signed_in(staff), signed_in(make_user(name="Reader"))):
        read(client, address)
    _response, staff_page = read(signed_in(staff), address)
    _response, reader_page = read(signed_in(make_user(name="Reader two")), address)
    removes = re.compile(r'href="[^"]*/remove/"')
    assert removes.search(staff_page) and not removes.search(reader_page)


def test_each_choice_is_decided_for_the_member_wherever_it_stands(monkeypatch):
    """The kept form of a page puts back each choice as the member's card decides it: the
    same ARG in several places, choices next to each other, tokens and the account menu
    inside a choice."""
    monkeypatch.setitem(members._choices, "likes", lambda card: card["likes"])
    choice = "<!--le:choice {} {}-->{}<!--le:else-->{}<!--le:end-->"
    form = '<input name="csrfmiddlewaretoken" value="' + "a" * 64 + '">'
    body = "".join(
        [
            "<!--le:account-->[",
            choice.format("likes", "7", f"unlike{form}", f"like{form}"),
            choice.format("likes", "8", "unlike-8", "like-8"),
            choice.format("member", "3", "", "report-3"),
            "|",
            choice.format("likes", "7", "unlike", "like"),
            "]",
        ]
    )
    shared = members._shared(body)
    assert "le:choice" not in shared[0]
    tokened = f'<input name="csrfmiddlewaretoken" value="{"b" * 64}">'

    def filled(member_id, likes):
        card = {"id": member_id, "likes": likes, "name": "A", "email": "a@example.org"}
        page = members._filled(shared, {**card, "staff": False, "permissions": []}, "b" * 64, "en")
        assert "le:" not in page
        return page[page.index("[") :]

    assert filled(1, []) == f"[like{tokened}like-8report-3|like]"
    assert filled(3, ["7"]) == f"[unlike{tokened}like-8|unlike]"
    assert filled(2, ["8", "7", "9"]) == f"[unlike{tokened}unlike-8report-3|unlike]"
