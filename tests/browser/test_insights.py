"""The insight page in Chromium and in the Nu HTML Checker, in English and Arabic: no axe
violation, valid HTML, and the time axis running right to left in Arabic."""

import datetime
import json

import pytest
from django.test import Client

from accounts.models import PARTNERS_GROUP
from discussion.models import Comment
from followups.models import FollowUp, State
from insights.tallies import rebuild
from posts.models import Post
from tests.browser.conftest import sign_in
from tests.browser.test_accessibility import axe_page, violations  # noqa: F401 (a fixture)
from tests.factories import make_comment, make_organisation, make_post, make_user
from tests.test_html_validity import checker, html_errors  # noqa: F401 (a fixture)

QUERY = "?start=2025-01&end=2025-04"


def at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=datetime.UTC)


def a_discussion(staff, partner):
    """Lessons, comments, replies and follow-ups in January and March 2025, in two
    languages, with hashtags."""
    lesson = make_post(author=partner, hashtags=["Water"], language="en")
    later = make_post(author=staff, hashtags=["Radio"], language="ar", title="راديو")
    Post.objects.filter(pk=lesson.pk).update(published_at=at(1, 5))
    Post.objects.filter(pk=later.pk).update(published_at=at(3, 5))
    FollowUp.objects.create(
        lesson=lesson, author=partner, state=State.APPLIED, country="KE",
        happened_on=datetime.date(2025, 2, 1), language="en",
    )  # fmt: skip
    others = [
        make_user(name=f"Partner {n}", organisation=make_organisation(country="UG"),
                  groups=(PARTNERS_GROUP,))
        for n in range(5)
    ]  # fmt: skip
    for month, target in ((1, lesson), (3, later)):
        for n, writer in enumerate(others):
            asked = make_comment(target=target, author=writer)
            answer = make_comment(target=target, author=staff, parent=asked)
            Comment.objects.filter(pk=asked.pk).update(submit_date=at(month, 10 + n))
            Comment.objects.filter(pk=answer.pk).update(submit_date=at(month, 10 + n, 18))
    rebuild()  # dated behind the site's back: counted again


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_insights_have_no_accessibility_violations_and_run_right_to_left_in_arabic(
    live_server,
    axe_page,  # noqa: F811
    staff,
    partner,
):
    a_discussion(staff, partner)
    sign_in(axe_page, live_server.url, staff.email)
    problems = {}
    for prefix in ["", "/ar"]:
        status, found = violations(axe_page, f"{live_server.url}{prefix}/insights/{QUERY}")
        assert status == 200
        if found:
            problems[prefix or "/en"] = found
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
    bars = "Array.from(document.querySelectorAll('#voices-comments svg rect'))" \
        ".map(bar => bar.getBoundingClientRect().x)"  # fmt: skip
    axe_page.goto(f"{live_server.url}/ar/insights/{QUERY}")
    january, march = axe_page.evaluate(bars)
    assert january > march, "in Arabic, January is to the right of March"
    axe_page.goto(f"{live_server.url}/insights/{QUERY}")
    january, march = axe_page.evaluate(bars)
    assert january < march


@pytest.mark.django_db
def test_insights_are_valid_html_in_english_and_arabic(checker, tmp_path, staff, partner):  # noqa: F811
    a_discussion(staff, partner)
    client = Client()
    client.force_login(staff)
    pages = {}
    for prefix in ["", "/ar"]:
        pages[f"{prefix or '/en'} insights"] = client.get(f"{prefix}/insights/{QUERY}")
        pages[f"{prefix or '/en'} bad period"] = client.get(f"{prefix}/insights/?start=2025-13")
        pages[f"{prefix or '/en'} default"] = client.get(f"{prefix}/insights/")
    assert [response.status_code for response in pages.values()] == [200, 400, 200] * 2
    errors = html_errors(
        {name: response.content.decode() for name, response in pages.items()}, tmp_path
    )
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)
