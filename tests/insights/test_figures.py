"""Each figure against the hand-counted community of conftest.py."""

import datetime

import pytest
from taggit.models import Tag

from discussion.services import comment_remove
from followups.models import FollowUp, State
from insights import queries
from insights.periods import Period
from tests.factories import make_post, make_report, make_user
from tests.insights.conftest import at, comment, published_on

pytestmark = pytest.mark.django_db

JANUARY, FEBRUARY, MARCH, APRIL = (datetime.date(2025, month, 1) for month in (1, 2, 3, 4))
PERIOD = Period(JANUARY, APRIL)


def by_month(rows):
    return {row["month"]: {key: value for key, value in row.items() if key != "month"}
            for row in rows}  # fmt: skip


def test_lessons_by_voice_count_each_month_with_empty_months_as_zero(community):
    lessons = by_month(queries.voices(PERIOD)["lessons"])
    assert lessons == {
        JANUARY: {"partner": 1, "staff": 0, "member": 0},
        FEBRUARY: {"partner": 0, "staff": 0, "member": 0},
        MARCH: {"partner": 0, "staff": 1, "member": 0},
        APRIL: {"partner": 0, "staff": 0, "member": 0},
    }


def test_comments_count_by_the_voice_their_writer_had_then_without_removed_or_held(community):
    comments = by_month(queries.voices(PERIOD)["comments"])
    # January: three partners, and the member who joined a partner organisation later.
    assert comments[JANUARY] == {"partner": 3, "staff": 0, "member": 1}
    assert comments[FEBRUARY] == {"partner": 0, "staff": 0, "member": 0}
    # March: the same member, now a partner, and the partner; the held comment not counted.
    assert comments[MARCH] == {"partner": 2, "staff": 0, "member": 0}
    assert comments[APRIL] == {"partner": 0, "staff": 0, "member": 0}


def test_replies_are_counted_apart_from_comments(community):
    replies = by_month(queries.voices(PERIOD)["replies"])
    assert replies[JANUARY] == {"partner": 1, "staff": 1, "member": 3}
    assert replies[FEBRUARY] == {"partner": 0, "staff": 0, "member": 0}
    assert replies[MARCH] == {"partner": 0, "staff": 2, "member": 0}


def test_partners_comments_answered_by_staff_or_the_writer_and_the_median_wait(community):
    answers = by_month(queries.answers(PERIOD))
    # January: c1 (staff, 2 h), c2 (the lesson's writer, 5 h); c3 and the partner's own
    # reply got only members' replies.
    assert answers[JANUARY] == {
        "partner": 4, "answered": 2, "median": datetime.timedelta(hours=3.5)
    }  # fmt: skip
    assert answers[FEBRUARY] == {"partner": 0, "answered": 0, "median": None}
    # March: c5 (staff, also the writer, 6 h) and c6 (staff, 10 h).
    assert answers[MARCH] == {"partner": 2, "answered": 2, "median": datetime.timedelta(hours=8)}
    assert answers[APRIL] == {"partner": 0, "answered": 0, "median": None}


def test_a_reply_after_the_period_still_answers_a_comment_in_it(community, staff):
    late = comment(community["lesson"], community["second"], at(2025, 4, 30, 23))
    comment(community["lesson"], staff, at(2025, 5, 1, 1), parent=late)
    april = by_month(queries.answers(PERIOD))[APRIL]
    assert april == {"partner": 1, "answered": 1, "median": datetime.timedelta(hours=2)}


def test_a_removed_reply_does_not_answer(community, staff, partner):
    lone = comment(community["later"], partner, at(2025, 4, 2, 8))
    reply = comment(community["later"], staff, at(2025, 4, 2, 9), parent=lone)
    comment_remove(comment=reply, by=staff)
    april = by_month(queries.answers(PERIOD))[APRIL]
    assert april == {"partner": 1, "answered": 0, "median": None}


def test_a_partner_adding_to_their_own_comment_does_not_answer_it(community, partner):
    # The partner wrote the January lesson: a reply of theirs would count as its writer's.
    own = comment(community["lesson"], partner, at(2025, 4, 3, 8))
    comment(community["lesson"], partner, at(2025, 4, 3, 9), parent=own)
    april = by_month(queries.answers(PERIOD))[APRIL]
    # Both are partners' comments; neither is answered.
    assert april == {"partner": 2, "answered": 0, "median": None}


def test_the_median_of_an_odd_number_of_waits_is_the_middle_one(partner, staff):
    lesson = published_on(make_post(author=staff), at(2025, 2, 1))
    for hours in (1, 9, 4):
        asked = comment(lesson, partner, at(2025, 2, 10 + hours, 0))
        comment(lesson, staff, at(2025, 2, 10 + hours, hours), parent=asked)
    february = by_month(queries.answers(PERIOD))[FEBRUARY]
    assert february == {"partner": 3, "answered": 3, "median": datetime.timedelta(hours=4)}


def test_lessons_by_follow_up_state_count_originals_of_the_period(community, partner):
    lesson = community["lesson"]
    for state in (State.APPLIED, State.PLANNED):
        FollowUp.objects.create(
            lesson=lesson, author=partner, state=state, country="KE",
            happened_on=datetime.date(2025, 2, 1), language="en",
        )  # fmt: skip
    translation = published_on(
        make_post(author=partner, translation_of=lesson, language="fr"), at(2025, 2, 2)
    )
    assert translation.translation_of == lesson
    assert queries.follow_up_states(PERIOD) == {
        "total": 2, "applied": 1, "partly": 0, "planned": 1, "not_applied": 0, "none": 1
    }  # fmt: skip


def test_hashtags_with_most_follow_ups_marked_applied(partner):
    water = published_on(make_post(author=partner, hashtags=["Water"]), at(2024, 6, 1))
    radio = published_on(make_post(author=partner, hashtags=["Radio", "Water"]), at(2024, 6, 1))
    follow_ups = [
        (water, State.APPLIED, datetime.date(2025, 1, 5)),
        (water, State.APPLIED, datetime.date(2025, 3, 5)),
        (radio, State.APPLIED, datetime.date(2025, 2, 5)),
        (radio, State.PLANNED, datetime.date(2025, 2, 6)),
        (radio, State.APPLIED, datetime.date(2024, 12, 31)),
    ]
    for lesson, state, day in follow_ups:
        FollowUp.objects.create(
            lesson=lesson, author=partner, state=state, country="KE", happened_on=day,
            language="en",
        )  # fmt: skip
    assert queries.applied_hashtags(PERIOD) == [
        {"name": "Water", "slug": "water", "count": 3},
        {"name": "Radio", "slug": "radio", "count": 1},
    ]


def test_rising_hashtags_compare_with_the_months_just_before(staff, partner):
    # The period is January to April 2025; the one before, September to December 2024.
    for month in (1, 2, 3):
        published_on(make_post(author=partner, hashtags=["Rising"]), at(2025, month, 3))
    published_on(make_post(author=partner, hashtags=["Rising", "Falling"]), at(2024, 11, 3))
    published_on(make_post(author=partner, hashtags=["Falling"]), at(2024, 10, 3))
    report = make_report(author=staff, hashtags=["Steady", "Rising"])
    published_on(report, at(2025, 4, 3))
    published_on(make_post(author=partner, hashtags=["Steady"]), at(2024, 9, 3))
    published_on(make_post(author=partner, hashtags=["Rising"]), at(2024, 8, 3))
    assert Tag.objects.count() == 3
    assert queries.rising_hashtags(PERIOD) == [{"name": "Rising", "now": 4, "before": 1}]


def test_small_groups_are_folded_into_other_and_five_people_are_shown():
    lesson = published_on(make_post(author=make_user(country="GB")), at(2025, 1, 2))
    for n in range(4):
        comment(lesson, make_user(name=f"Vanuatu {n}", country="VU"), at(2025, 1, 3))
    for n in range(5):
        writer = make_user(name=f"Chad {n}", country="TD")
        comment(lesson, writer, at(2025, 1, 3))
        comment(lesson, writer, at(2025, 2, 3))
    rows = {row["key"]: row for row in queries.breakdown(PERIOD, "country")}
    assert rows == {
        "TD": {"key": "TD", "lessons": 0, "comments": 10},
        # Vanuatu's four commenters and Britain's one lesson writer.
        "other": {"key": "other", "lessons": 1, "comments": 4},
    }
