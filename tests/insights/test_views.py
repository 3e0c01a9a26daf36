import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from followups.models import FollowUp
from followups.services import follow_up_save
from insights import views
from insights.tables import TABLE_SLUGS
from tests.factories import make_post, make_user
from tests.helpers import client_as
from tests.insights.conftest import at, comment, published_on

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "partner", "staff", "superuser"]
ADDRESSES = [reverse("insights:page")] + [reverse("insights:csv", args=[s]) for s in TABLE_SLUGS]


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 404), ("partner", 404), ("staff", 200), ("superuser", 200)],
)
def test_only_staff_and_superusers_see_insights(client, request, role, status, address):
    response = client_as(client, request, role).get(address, {"start": "2025-01"})
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login") + "?next=")
        assert "insights" in response["Location"]


def test_the_page_shows_every_figure_with_chart_table_and_csv_link(staff_client, community):
    response = staff_client.get(reverse("insights:page"), {"start": "2025-01", "end": "2025-04"})
    page = response.content.decode()
    assert response.status_code == 200
    for slug in TABLE_SLUGS:
        assert f"/insights/{slug}.csv?start=2025-01&amp;end=2025-04" in page
    # No hashtag in the community: those two tables say there is nothing to count.
    assert page.count('<svg class="chart" role="img"') == 8
    assert page.count("<table>") == 7
    assert page.count("Nothing to count in this period.") == 2
    assert "<script" not in page and "style=" not in page
    assert "Chidi" not in page and "Pablo" not in page


def test_the_default_period_is_the_last_twelve_months(staff_client):
    response = staff_client.get(reverse("insights:page"))
    assert response.status_code == 200
    period = response.context["period"]
    assert len(period) == 12


def test_the_csv_is_an_attachment_with_the_same_numbers(staff_client, community):
    address = reverse("insights:csv", args=["voices-comments"])
    response = staff_client.get(address, {"start": "2025-01", "end": "2025-04"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="insights-voices-comments-2025-01-2025-04.csv"'
    )
    assert rows_of(response) == [
        ["Month", "Local and national partners", "Staff", "Other members", "All",
         "Partners' share"],
        ["2025-01", "3", "0", "1", "4", "75.0"],
        ["2025-02", "0", "0", "0", "0", ""],
        ["2025-03", "2", "0", "0", "2", "100.0"],
        ["2025-04", "0", "0", "0", "0", ""],
    ]  # fmt: skip


def test_answers_csv_gives_shares_and_median_hours(staff_client, community):
    address = reverse("insights:csv", args=["answers"])
    response = staff_client.get(address, {"start": "2025-01", "end": "2025-03"})
    assert rows_of(response)[1:] == [
        ["2025-01", "4", "2", "50.0", "3.5"],
        ["2025-02", "0", "0", "", ""],
        ["2025-03", "2", "2", "100.0", "8.0"],
    ]


def test_small_groups_are_folded_on_the_page_and_in_the_csv(staff_client, staff):
    post = make_post(author=staff)
    for n in range(4):
        comment(post, make_user(name=f"Vanuatu {n}", country="VU"), at(2025, 1, 3))
    for n in range(5):
        comment(post, make_user(name=f"Chad {n}", country="TD"), at(2025, 1, 3))
    query = {"start": "2025-01", "end": "2025-02"}
    page = staff_client.get(reverse("insights:page"), query).content.decode()
    assert '<th scope="row">Chad</th>' in page
    assert "Vanuatu" not in page
    assert '<th scope="row">Other</th><td>0</td><td>–</td><td>4</td>' in page
    rows = rows_of(staff_client.get(reverse("insights:csv", args=["countries"]), query))
    assert rows[1:] == [["Chad", "0", "", "5", "55.6"], ["Other", "0", "", "4", "44.4"]]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "March 2025"}, "start", "Enter a month as year and month, such as 2026-03."),
        ({"start": "2025-13"}, "start", "Enter a month as year and month, such as 2026-03."),
        ({"end": "2025-1"}, "end", "Enter a month as year and month, such as 2026-03."),
        ({"start": "1999-12", "end": "2000-01"}, "start", "Choose a month from 2000 on."),
        ({"start": "2025-01", "end": "2999-01"}, "end", "Choose a month that has already begun."),
        ({"start": "2025-03", "end": "2025-02"}, "end",
         "Choose a last month on or after the first month."),
        ({"start": "2010-01", "end": "2020-01"}, "end",
         "Choose a period of at most 10 years."),
    ],
)  # fmt: skip
def test_a_bad_period_is_refused_with_a_clear_error_next_to_its_field(
    staff_client, query, field, message
):
    response = staff_client.get(reverse("insights:page"), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert response.context["form"].errors[field] == [message]
    assert f'value="{query[field]}"' in page
    assert "<table>" not in page
    csv_response = staff_client.get(reverse("insights:csv", args=["answers"]), query)
    assert csv_response.status_code == 400
    assert message in csv_response.content.decode()


def test_an_unknown_table_is_not_found(staff_client):
    assert staff_client.get("/insights/members.csv").status_code == 404


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(text):
    assert views._safe(text) == f"'{text}"
    assert views._safe("Kenya") == "Kenya"


def test_hashtags_in_the_csv_keep_their_hash_sign(staff_client, staff):
    post = make_post(author=staff, hashtags=["Sum"])
    published_on(post, at(2025, 2, 1))
    Tag.objects.filter(name="Sum").update(name="=SUM(A1)")
    address = reverse("insights:csv", args=["rising-hashtags"])
    rows = rows_of(staff_client.get(address, {"start": "2025-01", "end": "2025-03"}))
    assert rows[1] == ["#=SUM(A1)", "0", "1", "1"]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("member", 404), ("staff", 405)])
def test_the_page_takes_no_post_and_says_nothing_to_others(client, request, role, status):
    response = client_as(client, request, role).post(reverse("insights:page"))
    assert response.status_code == status


def test_a_follow_up_or_a_publication_changes_the_figures_on_the_next_request(
    staff_client, staff, community
):
    address = reverse("insights:csv", args=["follow-ups"])
    before = rows_of(staff_client.get(address))
    lesson = make_post(author=staff, title="Counted now")
    after_publishing = rows_of(staff_client.get(address))
    assert after_publishing != before
    follow_up_save(
        follow_up=FollowUp(state="planned", country="KE", happened_on=timezone.localdate(),
                           language="en"),
        lesson=lesson, by=staff,
    )  # fmt: skip
    assert rows_of(staff_client.get(address)) != after_publishing


def test_a_new_comment_changes_the_figures_on_the_next_request(staff_client, community, member):
    address = reverse("insights:csv", args=["voices-comments"])
    query = {"start": "2025-01", "end": "2025-04"}
    assert rows_of(staff_client.get(address, query))[4][3] == "0"
    comment(community["later"], member, at(2025, 4, 2))
    assert rows_of(staff_client.get(address, query))[4][3] == "1"


def test_figures_are_kept_until_something_changes(staff_client, community):
    address = reverse("insights:page")
    query = {"start": "2025-01", "end": "2025-04"}
    staff_client.get(address, query)
    with CaptureQueriesContext(connection) as context:
        assert staff_client.get(address, query).status_code == 200
    counting = [q["sql"] for q in context.captured_queries if "django_comments" in q["sql"]]
    assert counting == []


def test_the_staff_navigation_links_to_insights(staff_client, member_client):
    assert reverse("insights:page") in staff_client.get(reverse("pages:home")).content.decode()
    assert (
        reverse("insights:page") not in member_client.get(reverse("pages:home")).content.decode()
    )


def test_the_page_leads_to_the_lessons_waiting_for_a_follow_up(staff_client):
    page = staff_client.get(reverse("insights:page")).content.decode()
    assert f'href="{reverse("posts:followups:waiting")}"' in page
