"""Moderation cannot be flooded: reports are rate-limited, a dismissed report stays
dismissed, and held comments keep their own paginated section."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from discussion.models import Comment, Flag
from discussion.services import NEW_MEMBER_DAILY_REPORTS, SECONDS_BETWEEN_REPORTS
from discussion.views import MODERATION_PAGE
from tests.factories import make_comment, make_post, make_report, make_user
from tests.helpers import queries_for

pytestmark = pytest.mark.django_db

MODERATION_URL = reverse("discussion:moderation")


@pytest.fixture
def report(staff):
    return make_report(author=staff, title="Listening first")


def flag(client, comment, reason="spam", note="Adverts for pumps."):
    return client.post(
        reverse("discussion:flag", args=[comment.pk]), {"reason": reason, "note": note}
    )


def comments_by_others(report, count):
    author = make_user(groups=("Partners",))
    return [make_comment(target=report, author=author, text=f"Words {n}.") for n in range(count)]


def test_a_second_report_within_seconds_is_refused_and_keeps_the_form(
    member_client, member, report
):
    first, second = comments_by_others(report, 2)
    assert flag(member_client, first).status_code == 302
    response = flag(member_client, second, reason="abuse", note="Unkind to Amina.")
    assert response.status_code == 429
    page = response.content.decode()
    assert f"Wait {SECONDS_BETWEEN_REPORTS} seconds" in page
    assert "Unkind to Amina." in page
    assert response.context["form"]["reason"].value() == "abuse"
    assert list(Flag.objects.values_list("comment", flat=True)) == [first.pk]


def test_the_report_limit_is_counted_in_the_shared_cache(member_client, member, report):
    """The cache is what every app server shares: once its entry is gone, a report goes."""
    first, second = comments_by_others(report, 2)
    flag(member_client, first)
    assert flag(member_client, second).status_code == 429
    cache.delete(f"reports:recent:{member.pk}")
    assert flag(member_client, second).status_code == 302
    assert Flag.objects.count() == 2


def test_the_refusal_is_translated(member_client, member, report):
    first, second = comments_by_others(report, 2)
    flag(member_client, first)
    # Inside override, so the French the request turns on ends with this test.
    with translation.override("fr"):
        url = reverse("discussion:flag", args=[second.pk])
        response = member_client.post(url, {"reason": "spam", "note": "Publicité."})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Vous venez d’envoyer un signalement" in page and "Publicité." in page


def test_new_members_send_a_limited_number_of_reports_a_day(member_client, member, report):
    comments = comments_by_others(report, NEW_MEMBER_DAILY_REPORTS + 1)
    for comment in comments[:-1]:
        cache.delete(f"reports:recent:{member.pk}")
        assert flag(member_client, comment).status_code == 302
    cache.delete(f"reports:recent:{member.pk}")
    response = flag(member_client, comments[-1], note="One too many.")
    assert response.status_code == 429
    page = response.content.decode()
    assert f"{NEW_MEMBER_DAILY_REPORTS} reports a day" in page and "One too many." in page
    assert Flag.objects.count() == NEW_MEMBER_DAILY_REPORTS


@pytest.mark.parametrize("role", ["partner", "staff"])
def test_trusted_members_have_no_daily_cap_on_reports(client, request, role, report):
    reporter = request.getfixturevalue(role)
    client.force_login(reporter)
    for comment in comments_by_others(report, NEW_MEMBER_DAILY_REPORTS + 1):
        cache.delete(f"reports:recent:{reporter.pk}")
        assert flag(client, comment).status_code == 302
    assert Flag.objects.count() == NEW_MEMBER_DAILY_REPORTS + 1


def test_a_dismissed_report_stays_dismissed_for_its_reporter(
    member_client, member, staff_client, report
):
    (comment,) = comments_by_others(report, 1)
    flag(member_client, comment, reason="spam", note="Looks like an advert.")
    staff_client.post(reverse("discussion:dismiss_flag", args=[Flag.objects.get().pk]))
    dismissed_at = Flag.objects.get().dismissed_at
    assert dismissed_at is not None
    cache.delete(f"reports:recent:{member.pk}")

    response = flag(member_client, comment, reason="abuse", note="Reporting it again.")
    assert response.status_code == 302
    page = member_client.get(response["Location"]).content.decode()
    assert "already reviewed your report" in page
    dismissed = Flag.objects.get()
    assert (dismissed.reason, dismissed.note) == ("spam", "Looks like an advert.")
    assert dismissed.dismissed_at == dismissed_at
    assert "Words 0." not in staff_client.get(MODERATION_URL).content.decode()
    # It took no turn: a report of another comment goes at once.
    (other,) = comments_by_others(report, 1)
    assert flag(member_client, other).status_code == 302


def test_others_can_still_report_a_comment_whose_report_was_dismissed(
    member_client, member, staff_client, report
):
    (comment,) = comments_by_others(report, 1)
    flag(member_client, comment)
    staff_client.post(reverse("discussion:dismiss_flag", args=[Flag.objects.get().pk]))
    someone_else = make_user()
    member_client.force_login(someone_else)
    assert flag(member_client, comment, note="Really an advert.").status_code == 302
    assert Flag.objects.filter(dismissed_at=None, reporter=someone_else).exists()
    assert "Really an advert." in staff_client.get(MODERATION_URL).content.decode()


def test_a_member_changes_the_reason_of_an_open_report(member_client, member, report):
    (comment,) = comments_by_others(report, 1)
    flag(member_client, comment, reason="spam")
    cache.delete(f"reports:recent:{member.pk}")
    flag(member_client, comment, reason="abuse", note="Worse than spam.")
    assert list(Flag.objects.values_list("reason", "note", "dismissed_at")) == [
        ("abuse", "Worse than spam.", None)
    ]


def flood(targets, *, held: int, reported: int):
    """Held comments on the targets in turn, and older comments reported on them."""
    newcomer, partner, reporter = make_user(), make_user(groups=("Partners",)), make_user()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    for number in range(reported):
        comment = make_comment(
            target=targets[number % len(targets)], author=partner, text=f"Reported {number}."
        )
        Comment.objects.filter(pk=comment.pk).update(
            submit_date=long_ago + datetime.timedelta(minutes=number)
        )
        Flag.objects.create(comment=comment, reporter=reporter, reason="spam")
    for number in range(held):
        make_comment(
            target=targets[number % len(targets)],
            author=newcomer,
            text=f"Held {number}.",
            published=False,
        )


def test_held_comments_are_never_pushed_out_by_reports(staff_client, report):
    flood([report], held=1, reported=3 * MODERATION_PAGE)
    page = staff_client.get(MODERATION_URL).content.decode()
    assert "Held 0." in page[page.index('id="held"') : page.index('id="reported"')]
    assert "Reported 0." in page and "Approve and publish" in page


def test_each_section_has_its_own_pages_and_links_keep_the_others(staff_client, report):
    flood([report], held=2 * MODERATION_PAGE + 1, reported=2 * MODERATION_PAGE + 1)
    response = staff_client.get(MODERATION_URL, {"held": 2, "reported": 3})
    page = response.content.decode()
    assert f"Held {MODERATION_PAGE}." in page and "Held 0." not in page
    assert f"Reported {2 * MODERATION_PAGE}." in page and "Reported 0." not in page
    assert "?held=1&amp;reported=3#held" in page and "?held=3&amp;reported=3#held" in page
    assert "?held=2&amp;reported=2#reported" in page
    assert "Page 2 of 3" in page and "Page 3 of 3" in page
    # Out of range or not a number: the nearest page, never an error.
    page = staff_client.get(MODERATION_URL, {"held": "x", "reported": 99}).content.decode()
    assert "Held 0." in page and f"Reported {2 * MODERATION_PAGE}." in page


def test_empty_sections_say_so(staff_client, report):
    page = staff_client.get(MODERATION_URL).content.decode()
    assert "Nothing is waiting." in page
    flood([report], held=1, reported=0)
    page = staff_client.get(MODERATION_URL).content.decode()
    assert "No comment is reported." in page and "Held 0." in page


@pytest.mark.parametrize("moderator", ["staff", "writer"])
def test_the_moderation_page_costs_the_same_queries_for_few_and_many_items(
    client, staff, partner, report, moderator
):
    if moderator == "staff":
        client.force_login(staff)
        targets = [report, make_post(author=partner)]
    else:
        # A partner moderates the discussions of their own posts.
        client.force_login(partner)
        targets = [make_post(author=partner), make_post(author=partner)]
    flood(targets, held=4, reported=4)
    few = queries_for(client, MODERATION_URL)
    flood(targets, held=3 * MODERATION_PAGE, reported=3 * MODERATION_PAGE)
    assert queries_for(client, MODERATION_URL) == few
    assert queries_for(client, f"{MODERATION_URL}?held=2&reported=3") == few
