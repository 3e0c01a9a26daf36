"""Follow-ups on lessons: who may record them, what the form refuses, where they show, and
how lists and search filter by them."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import PARTNERS_GROUP, Voice
from followups.models import FollowUp, State
from followups.services import follow_up_save
from posts.models import Post
from posts.services import post_unpublish
from tests.factories import make_organisation, make_post, make_user
from tests.helpers import client_as, queries_for
from tests.hostile import blns_strings, live_markup

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_partner", "partner", "writer", "staff", "superuser"]


@pytest.fixture
def writer(organisation):
    return make_user(name="Wanjiru Writer", organisation=organisation, groups=(PARTNERS_GROUP,))


@pytest.fixture
def other_partner(db):
    elsewhere = make_organisation(name="Elsewhere Collective", country="UG")
    return make_user(name="Otieno Other", organisation=elsewhere, groups=(PARTNERS_GROUP,))


@pytest.fixture
def lesson(writer, organisation):
    return make_post(author=writer, title="Water committees", action="publish")


def follow_up(lesson, by, **fields):
    fields.setdefault("state", State.APPLIED)
    fields.setdefault("country", "KE")
    fields.setdefault("happened_on", date(2026, 3, 1))
    fields.setdefault("language", "en")
    return follow_up_save(follow_up=FollowUp(**fields), lesson=lesson, by=by)


def form(**fields):
    data = {
        "state": "applied",
        "country": "KE",
        "happened_on": "2026-03-15",
        "note": "Two villages set up committees.",
        "language": "en",
    }
    return data | fields


ALLOWED = {"partner", "writer", "staff", "superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_the_writer_their_organisations_partners_and_staff_may_add_a_follow_up(
    client, request, role, lesson
):
    client = client_as(client, request, role)
    address = f"/posts/{lesson.slug}/follow-ups/new/"
    page = client.get(address)
    response = client.post(address, form())
    if role == "anonymous":
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in ALLOWED:
        assert page.status_code == 200
        assert response.status_code == 302
        assert response["Location"].startswith(f"/posts/{lesson.slug}/#follow-up-")
    else:
        assert page.status_code == 404 and response.status_code == 404
    assert FollowUp.objects.count() == (1 if role in ALLOWED else 0)
    shown = client.get(lesson.get_absolute_url()).content.decode()
    assert (f'href="/posts/{lesson.slug}/follow-ups/new/"' in shown) == (role in ALLOWED)


def test_an_unpublished_lesson_takes_no_follow_up(staff_client, writer):
    draft = make_post(author=writer, action="save")
    assert staff_client.get(f"/posts/{draft.slug}/follow-ups/new/").status_code == 404
    assert staff_client.post(f"/posts/{draft.slug}/follow-ups/new/", form()).status_code == 404
    assert not FollowUp.objects.exists()


def test_a_follow_up_shows_on_the_lesson_as_a_dated_timeline_in_its_language(
    client, partner_client, lesson, staff
):
    partner_client.post(
        f"/posts/{lesson.slug}/follow-ups/new/",
        form(state="partly", happened_on="2026-05-02", note="طبقنا نصف الدرس", language="ar"),
    )
    follow_up(lesson, staff, state=State.PLANNED, country="UG", happened_on=date(2026, 1, 9))
    page = client.get(lesson.get_absolute_url()).content.decode()
    timeline = page[
        page.index('id="follow-ups"') : page.index("</section>", page.index('id="follow-ups"'))
    ]
    # Oldest first, whatever order they were recorded in.
    assert timeline.index("Planned") < timeline.index("Partly applied")
    assert "Uganda" in timeline and "Kenya" in timeline
    assert '<time datetime="2026-05-02">' in timeline
    assert 'lang="ar" dir="rtl"' in timeline and "طبقنا نصف الدرس" in timeline
    assert "Recorded by Pablo Partner" in timeline


def test_follow_ups_keep_whose_voice_and_which_lesson_they_belong_to(partner, staff, lesson):
    assert follow_up(lesson, partner).voice == Voice.PARTNER
    assert follow_up(lesson, staff).voice == Voice.STAFF


def test_a_follow_up_on_a_translation_belongs_to_the_original_and_shows_on_both(
    client, staff_client, staff, lesson
):
    translation = make_post(
        author=staff, title="Comités de l'eau", language="fr", translation_of=lesson
    )
    staff_client.post(f"/posts/{translation.slug}/follow-ups/new/", form())
    assert FollowUp.objects.get().lesson == lesson
    for shown in (lesson, translation):
        assert (
            "Two villages set up committees."
            in client.get(shown.get_absolute_url()).content.decode()
        )


TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()
BAD_INPUT = [
    ({"happened_on": TOMORROW}, "happened_on", "That date is still to come"),
    ({"happened_on": "15/03/2026"}, "happened_on", "Give a date such as 2026-03-15."),
    ({"happened_on": "1066-10-14"}, "happened_on", "Give a date after 1990."),
    ({"happened_on": ""}, "happened_on", "Give the date it happened."),
    ({"state": "succeeded"}, "state", "Select a valid choice."),
    ({"state": ""}, "state", "Choose what was done with the lesson."),
    ({"country": "XX"}, "country", "Select a valid choice."),
    ({"country": ""}, "country", "Choose the country where it happened."),
    ({"state": "not_applied", "note": "  "}, "note", "Say why the lesson was not applied."),
    ({"note": "x" * 3001}, "note", "at most 3000 characters"),
    ({"language": "klingon"}, "language", "Select a valid choice."),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_next_to_its_field_with_the_text_kept(
    partner_client, lesson, fields, field, message
):
    data = form(note="What we saw in Kisumu.") | fields
    response = partner_client.post(f"/posts/{lesson.slug}/follow-ups/new/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved yet." in page
    errors = response.context["form"].errors
    assert list(errors) == [field]
    kept = data["note"].strip()
    if field != "note":
        assert kept in page
    assert not FollowUp.objects.exists()


def test_bad_input_is_explained_in_the_readers_language(partner_client, lesson):
    response = partner_client.post(
        f"/fr/posts/{lesson.slug}/follow-ups/new/", form(state="not_applied", note="")
    )
    assert response.status_code == 422
    assert "Dites pourquoi la leçon n’a pas été appliquée." in response.content.decode()


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<<script>script>alert(1)<</script>/script>",
]


def test_hostile_markdown_and_every_blns_string_never_become_live(client, partner_client, lesson):
    for text in HOSTILE_MARKDOWN + blns_strings():
        response = partner_client.post(f"/posts/{lesson.slug}/follow-ups/new/", form(note=text))
        assert response.status_code in (302, 422), text
        assert not live_markup(response.content.decode()), text
    assert FollowUp.objects.count() > len(HOSTILE_MARKDOWN)
    page = client.get(lesson.get_absolute_url()).content.decode()
    timeline = page[page.index('id="follow-ups"') : page.index('id="discussion"')]
    assert live_markup(timeline) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_follow_up_is_edited_and_removed_by_its_writer_and_staff_only(
    client, request, role, lesson, partner
):
    recorded = follow_up(lesson, partner, note="First try.")
    client = client_as(client, request, role)
    edit = f"/posts/{lesson.slug}/follow-ups/{recorded.pk}/edit/"
    remove = f"/posts/{lesson.slug}/follow-ups/{recorded.pk}/remove/"
    may = role in {"partner", "staff", "superuser"}
    pages = [client.get(edit), client.get(remove)]
    changed = client.post(edit, form(note="Second try.", state="planned"))
    if role == "anonymous":
        assert all(page.status_code == 302 for page in [*pages, changed])
    elif may:
        assert [page.status_code for page in pages] == [200, 200]
        assert changed.status_code == 302
        assert FollowUp.objects.get().state == State.PLANNED
        assert FollowUp.objects.get().author == partner  # the writer stays who wrote it
        assert client.post(remove).status_code == 302
        assert not FollowUp.objects.exists()
        return
    else:
        assert [page.status_code for page in pages] == [404, 404]
        assert changed.status_code == 404
        assert client.post(remove).status_code == 404
    assert FollowUp.objects.get().note == "First try."


def test_a_follow_up_is_reached_only_through_its_own_lesson(staff_client, lesson, partner, writer):
    other = make_post(author=writer, title="Another lesson")
    recorded = follow_up(lesson, partner)
    assert (
        staff_client.get(f"/posts/{other.slug}/follow-ups/{recorded.pk}/edit/").status_code == 404
    )
    assert (
        staff_client.post(f"/posts/{other.slug}/follow-ups/{recorded.pk}/remove/").status_code
        == 404
    )
    assert FollowUp.objects.exists()


def test_lists_count_follow_ups_and_the_countries_a_lesson_was_applied_in(client, lesson, staff):
    for country, state in [("KE", State.APPLIED), ("UG", State.APPLIED), ("KE", State.APPLIED),
                           ("SN", State.PLANNED)]:  # fmt: skip
        follow_up(lesson, staff, country=country, state=state)
    bare = make_post(author=staff, title="Not followed")
    page = client.get("/posts/").content.decode()
    card = page[page.index(lesson.title) :]
    card = card[: card.index("</article>")]
    assert "Applied in 2 countries · 4 follow-ups" in card
    bare_card = page[page.index(bare.title) :]
    assert "follow-up" not in bare_card[: bare_card.index("</article>")]
    assert "Applied in 2 countries" in client.get("/").content.decode()


def test_the_list_takes_as_many_queries_whatever_the_follow_ups(client, staff, writer):
    lessons = [make_post(author=writer) for _ in range(3)]
    before = queries_for(client, "/posts/")
    for lesson in lessons:
        for _ in range(4):
            follow_up(lesson, staff)
    lessons += [make_post(author=writer) for _ in range(5)]
    assert queries_for(client, "/posts/") == before


def test_lists_and_search_filter_lessons_by_follow_up_state(client, lesson, staff, writer):
    planned = make_post(author=writer, title="Planned lesson")
    untouched = make_post(author=writer, title="Untouched lesson")
    follow_up(lesson, staff, state=State.APPLIED)
    follow_up(lesson, staff, state=State.NOT_APPLIED, note="No budget.")
    follow_up(planned, staff, state=State.PLANNED)

    def titles(address):
        response = client.get(address)
        assert response.status_code == 200
        return {Post.objects.get(pk=card.pk).title for card in response.context["posts"]}

    assert titles("/posts/?follow_up=applied") == {lesson.title}
    assert titles("/posts/?follow_up=not_applied") == {lesson.title}
    assert titles("/posts/?follow_up=planned") == {planned.title}
    assert titles("/posts/?follow_up=none") == {untouched.title}
    # An unknown state is left out, as other invalid filters are.
    assert titles("/posts/?follow_up=succeeded") == {lesson.title, planned.title, untouched.title}
    found = client.get("/search/?q=lesson&follow_up=none")
    assert [result.item.title for result in found.context["page_obj"]] == [untouched.title]
    found = client.get("/search/?q=committees&follow_up=applied&kind=report")
    assert [result.item.title for result in found.context["page_obj"]] == [lesson.title]


def make_old(lesson, days: int) -> Post:
    Post.objects.filter(pk=lesson.pk).update(published_at=timezone.now() - timedelta(days=days))
    lesson.refresh_from_db()
    return lesson


def test_lessons_six_months_old_without_follow_up_wait_on_their_writers_profile(
    client, writer, staff
):
    waiting = make_old(make_post(author=writer, title="Six months on"), 183)
    followed = make_old(make_post(author=writer, title="Followed up"), 400)
    follow_up(followed, staff)
    make_old(make_post(author=writer, title="Too recent"), 100)
    page = client.get(f"/members/{writer.pk}/").content.decode()
    section = page[page.index('id="waiting-heading"') :]
    section = section[: section.index("</section>")]
    assert waiting.title in section
    assert "Followed up" not in section and "Too recent" not in section
    client.force_login(writer)
    own = client.get(f"/members/{writer.pk}/").content.decode()
    assert f'href="/posts/{waiting.slug}/follow-ups/new/"' in own


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "partner", "writer", "staff", "superuser"]
)
def test_staff_see_every_waiting_lesson_in_one_list(client, request, role, writer, partner):
    oldest = make_old(make_post(author=writer, title="Oldest waiting"), 900)
    newer = make_old(make_post(author=partner, title="Newer waiting"), 200)
    make_old(make_post(author=writer, title="Not yet"), 30)
    response = client_as(client, request, role).get("/posts/waiting-for-follow-up/")
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif role in {"staff", "superuser"}:
        assert response.status_code == 200
        assert [lesson.title for lesson in response.context["lessons"]] == [
            oldest.title,
            newer.title,
        ]
        assert "2 lessons waiting." in response.content.decode()
    else:
        assert response.status_code == 403


def test_a_translation_gives_no_one_else_a_say_on_its_original(staff, writer, other_partner):
    """Follow-ups belong to the original: through a translation, only those who may follow
    up the original can."""
    lesson = make_post(author=writer, title="Water committees")
    colleague = make_user(organisation=other_partner.organisation, groups=(PARTNERS_GROUP,))
    translation = make_post(
        author=other_partner, title="Comités de l'eau", language="fr", translation_of=lesson
    )
    for partner in (other_partner, colleague):
        client = Client()
        client.force_login(partner)
        for shown in (lesson, translation):
            assert client.get(f"/posts/{shown.slug}/follow-ups/new/").status_code == 404
            assert client.post(f"/posts/{shown.slug}/follow-ups/new/", form()).status_code == 404
    assert not FollowUp.objects.exists()
    client = Client()
    client.force_login(writer)
    response = client.post(f"/posts/{translation.slug}/follow-ups/new/", form())
    assert response.status_code == 302
    assert FollowUp.objects.get().lesson == lesson


def test_a_published_translation_of_an_unpublished_original_takes_no_follow_up(
    staff_client, staff, writer
):
    lesson = make_post(author=writer, title="Water committees")
    translation = make_post(author=staff, language="fr", translation_of=lesson)
    post_unpublish(post=lesson)
    assert staff_client.get(f"/posts/{translation.slug}/follow-ups/new/").status_code == 404


def test_deleting_a_lesson_deletes_its_follow_ups(lesson, staff):
    follow_up(lesson, staff)
    other = make_post(author=staff)
    follow_up(other, staff)
    Post.objects.filter(pk=lesson.pk).delete()
    assert [item.lesson for item in FollowUp.objects.all()] == [other]
