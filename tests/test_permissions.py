"""Every view that changes data, against every role, from one table.

302 is a redirect after success, or to the sign-in page for visitors (the test tells them
apart); 403 and 404 refuse; 422 is a form sent back with errors.
"""

from datetime import date

import pytest
from django.urls import reverse

from followups.models import FollowUp
from followups.services import follow_up_save
from tests.factories import comment_form_data, make_comment, make_post, make_report, make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "member", "partner", "staff", "superuser"]
SIGN_IN = "sign-in"


def report_fields(title="A report"):
    return {
        "title": title, "summary": "What we learned.", "body": "Notes.", "language": "en",
        "event_name": "Forum", "organiser": "Us", "event_date": "2026-05-01",
        "place": "Kampala", "takeaways": "Listen first.", "action": "publish",
    }  # fmt: skip


def post_fields(title="A lesson", action="save"):
    return {
        "title": title, "summary": "What we learned.", "context": "Where.",
        "what_worked": "Listening.", "language": "en", "action": action,
    }  # fmt: skip


def follow_up_fields():
    return {"state": "applied", "country": "KE", "happened_on": "2026-03-15", "language": "en"}


# action: (how to build the request from the world, expected status for each role in ROLES)
ACTIONS = {
    "write a seminar report": (
        lambda w: ("/seminars/new/", report_fields()),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "edit a seminar report": (
        lambda w: (f"/seminars/{w['report'].slug}/edit/", report_fields("Changed")),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "unpublish a seminar report": (
        lambda w: (f"/seminars/{w['report'].slug}/unpublish/", {}),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "write a lesson": (
        lambda w: ("/posts/new/", post_fields()),
        [SIGN_IN, 403, 403, 302, 302, 302],
    ),
    "edit someone else's lesson": (
        lambda w: (f"/posts/{w['draft'].slug}/edit/", post_fields("Changed")),
        [SIGN_IN, 404, 404, 404, 302, 302],  # a draft is not found by those who cannot see it
    ),
    "publish a lesson": (
        lambda w: (f"/posts/{w['submitted'].slug}/publish/", {}),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "return a lesson": (
        lambda w: (
            f"/posts/{w['submitted'].slug}/return/",
            {f"post-{w['submitted'].pk}-note": "Add dates."},
        ),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "unpublish a lesson": (
        lambda w: (f"/posts/{w['post'].slug}/unpublish/", {}),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "comment": (
        lambda w: (reverse("discussion:post"), comment_form_data(w["report"], "Hello.")),
        [SIGN_IN, 403, 302, 302, 302, 302],
    ),
    "reply": (
        lambda w: (
            reverse("discussion:post"),
            comment_form_data(w["report"], "Hello.", reply_to=w["comment"].pk),
        ),
        [SIGN_IN, 403, 302, 302, 302, 302],
    ),
    "flag a comment": (
        lambda w: (reverse("discussion:flag", args=[w["comment"].pk]), {"reason": "spam"}),
        [SIGN_IN, 403, 302, 302, 302, 302],
    ),
    "approve a comment": (
        lambda w: (reverse("discussion:approve", args=[w["held"].pk]), {}),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "remove a comment": (
        lambda w: (reverse("discussion:remove", args=[w["comment"].pk]), {"reason": "Rude."}),
        [SIGN_IN, 403, 403, 403, 302, 302],
    ),
    "edit someone else's comment": (
        lambda w: (reverse("discussion:edit", args=[w["comment"].pk]), {"comment": "Mine now."}),
        [SIGN_IN, 403, 403, 403, 403, 403],
    ),
    "delete someone else's comment": (
        lambda w: (reverse("discussion:delete", args=[w["comment"].pk]), {}),
        [SIGN_IN, 403, 403, 403, 403, 403],
    ),
    "follow a discussion": (
        lambda w: (
            reverse("discussion:follow"),
            {"content_type": "seminars.seminarreport", "object_pk": w["report"].pk, "follow": "1"},
        ),
        [SIGN_IN, 302, 302, 302, 302, 302],
    ),
    "follow up someone else's lesson": (
        lambda w: (f"/posts/{w['post'].slug}/follow-ups/new/", follow_up_fields()),
        [SIGN_IN, 404, 404, 404, 302, 302],
    ),
    "edit someone else's follow-up": (
        lambda w: (
            f"/posts/{w['post'].slug}/follow-ups/{w['follow_up'].pk}/edit/",
            follow_up_fields(),
        ),
        [SIGN_IN, 404, 404, 404, 302, 302],
    ),
    "remove someone else's follow-up": (
        lambda w: (f"/posts/{w['post'].slug}/follow-ups/{w['follow_up'].pk}/remove/", {}),
        [SIGN_IN, 404, 404, 404, 302, 302],
    ),
    "edit one's profile": (
        lambda w: (
            reverse("accounts:profile_edit"),
            {"name": "New Name", "preferred_language": "", "country": "", "bio": ""},
        ),
        [SIGN_IN, 302, 302, 302, 302, 302],
    ),
}


@pytest.fixture
def world(staff):
    writer = make_user(groups=("Partners",))
    commenter = make_user(groups=("Partners",))
    report = make_report(author=staff)
    post = make_post(author=writer)
    follow_up = follow_up_save(
        follow_up=FollowUp(state="planned", country="UG", happened_on=date(2026, 1, 5),
                           language="en"),
        lesson=post, by=writer,
    )  # fmt: skip
    return {
        "report": report,
        "post": post,
        "follow_up": follow_up,
        "draft": make_post(author=writer, action="save"),
        "submitted": make_post(author=writer, action="submit"),
        "comment": make_comment(target=report, author=commenter),
        "held": make_comment(target=report, author=make_user(), published=False),
    }


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_role_against_action(client, request, world, role, action):
    build, expected = ACTIONS[action]
    expected = expected[ROLES.index(role)]
    if role == "unverified":
        client.force_login(make_user(verified=False))
    elif role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    url, data = build(world)
    response = client.post(url, data)
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content.decode()[:500]
        if expected == 302:
            assert not response["Location"].startswith(reverse("account_login"))
