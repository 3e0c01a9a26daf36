"""axe-core on every page type, in English and Arabic, signed out and signed in."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from discussion.services import mute_token
from followups.models import FollowUp
from followups.services import follow_up_save
from tests.browser.conftest import sign_in
from tests.factories import add_photo_gallery, make_comment, make_post, make_report, make_user
from tests.helpers import missing_tool

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR, "node_modules", "axe-core", "axe.min.js")


@pytest.fixture
def axe_page(browser, browser_context_args):
    if not AXE.exists():
        missing_tool(
            "axe-core is not installed: run `npm ci` (make install-dev does)",
            required_by="BROWSER_TESTS",
        )
    # axe runs as a script in the page, so this window has JavaScript on.
    context = browser.new_context(**{**browser_context_args, "java_script_enabled": True})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def violations(page, url):
    response = page.goto(url)
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        "axe.run({runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',"
        " 'best-practice']}).then(r => r.violations.map("
        "v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    return response.status, found


def test_every_page_type_has_no_accessibility_violations(live_server, axe_page, staff, partner):
    report = make_report(title="Listening first", body="#LocalKnowledge", author=staff)
    add_photo_gallery(report, by=staff)
    post = make_post(title="Radios first", body="#LocalKnowledge", author=partner)
    make_post(title="Waiting", author=partner, action="submit")
    question = make_comment(target=report, author=partner, text="How did you *listen*?")
    answer = make_comment(target=report, author=staff, parent=question, text="By walking.")
    make_comment(target=report, author=make_user(), text="Waiting for approval.", published=False)
    make_comment(target=post, author=staff, text="شكرًا", language="ar")
    follow_up = follow_up_save(
        follow_up=FollowUp(state="not_applied", country="JO", happened_on=date(2026, 2, 1),
                           language="ar", note="لم نطبقه: **لا ميزانية**."),
        lesson=post, by=partner,
    )  # fmt: skip
    public = [
        "/",
        "/seminars/",
        report.get_absolute_url(),
        "/posts/",
        post.get_absolute_url(),
        "/tags/",
        "/tags/localknowledge/",
        "/search/?q=radio",
        "/accounts/login/",
        "/accounts/signup/",
        f"/members/{partner.pk}/",
        "/comments/mute/{}/".format(
            mute_token(user_id=partner.pk, content_type_id=question.content_type_id, object_pk="1")
        ),
        "/no-such-page/",
    ]
    staff_only = [
        "/tags/localknowledge/",
        "/seminars/new/",
        f"/seminars/{report.slug}/edit/",
        f"/seminars/{report.slug}/history/",
        "/posts/review/",
        f"/posts/{post.slug}/edit/",
        "/accounts/profile/",
        f"/members/{staff.pk}/",
        "/moderation/",
        f"/comments/{question.pk}/reply/",
        f"/comments/{question.pk}/flag/",
        f"/comments/{question.pk}/remove/",
        f"/comments/{answer.pk}/edit/",
        f"/comments/{answer.pk}/delete/",
        f"/posts/{post.slug}/follow-ups/new/",
        f"/posts/{post.slug}/follow-ups/{follow_up.pk}/edit/",
        f"/posts/{post.slug}/follow-ups/{follow_up.pk}/remove/",
        "/posts/waiting-for-follow-up/",
    ]
    problems = {}
    for prefix in ["", "/ar"]:
        for path in public:
            status, found = violations(axe_page, live_server.url + prefix + path)
            if found:
                problems[f"signed out {prefix}{path}"] = found
    sign_in(axe_page, live_server.url, staff.email)
    for prefix in ["", "/ar"]:
        for path in public[:8] + staff_only:
            status, found = violations(axe_page, live_server.url + prefix + path)
            assert status == 200, f"{prefix}{path} answered {status}"
            if found:
                problems[f"signed in {prefix}{path}"] = found
    assert problems == {}, json.dumps(problems, indent=1, ensure_ascii=False)
