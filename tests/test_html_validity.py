"""The Nu HTML Checker (npm's vnu-jar, run with Java) on every page type, in English and
Arabic, signed out and signed in: no errors."""

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from discussion.services import mute_token
from followups.models import FollowUp
from followups.services import follow_up_save
from mailing.messages import stop_token
from tests.factories import add_photo_gallery, make_comment, make_post, make_report, make_user
from tests.helpers import missing_tool

VNU = Path(settings.BASE_DIR, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


@pytest.fixture
def checker():
    if shutil.which("java") is None:
        missing_tool(
            "Java is missing: apt-get install default-jre-headless", required_by="BROWSER_TESTS"
        )
    if not VNU.exists():
        missing_tool("vnu-jar is not installed: run `npm ci`", required_by="BROWSER_TESTS")


def html_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """The checker's errors for each page, by name; one Java run for all of them."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
         *(str(folder / file_name) for file_name in names)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    errors = {}
    for message in json.loads(result.stdout)["messages"]:
        name = names[message["url"].rsplit("/", 1)[-1]]
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
        )
    return errors


def fetch(client: Client, path: str, *, method: str = "get", data=None) -> str:
    response = getattr(client, method)(path, data or {})
    assert response.status_code in (200, 404, 422), f"{path} answered {response.status_code}"
    return response.content.decode()


@pytest.mark.django_db
def test_every_page_type_is_valid_html(checker, tmp_path, staff, partner):
    report = make_report(
        title="Listening first",
        body="#LocalKnowledge ![](https://example.org/a.png)",
        author=staff,
    )
    add_photo_gallery(report, by=staff)
    post = make_post(title="Radios first", body="#LocalKnowledge", author=partner)
    make_post(title="Waiting", author=partner, action="submit")
    question = make_comment(target=report, author=partner, text="How did you *listen*?")
    answer = make_comment(target=report, author=staff, parent=question, text="By walking.")
    make_comment(target=report, author=make_user(), text="Waiting for approval.", published=False)
    make_comment(target=post, author=staff, text="شكرًا", language="ar")
    follow_up = follow_up_save(
        follow_up=FollowUp(state="applied", country="JO", happened_on=date(2026, 2, 1),
                           language="ar", note="طبقنا الدرس في **قريتين**."),
        lesson=post, by=staff,
    )  # fmt: skip
    mute = mute_token(
        user_id=partner.pk, content_type_id=question.content_type_id, object_pk=str(report.pk)
    )
    public = [
        "/", "/seminars/", report.get_absolute_url(), "/posts/", post.get_absolute_url(),
        "/tags/", "/tags/localknowledge/", "/search/?q=radio", "/search/?q=",
        "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/",
        f"/members/{partner.pk}/", f"/comments/mute/{mute}/", "/no-such-page/",
    ]  # fmt: skip
    staff_only = [
        "/seminars/new/", f"/seminars/{report.slug}/edit/", f"/seminars/{report.slug}/history/",
        "/tags/localknowledge/", f"/mail/stop/{stop_token(partner.pk)}/",
        "/posts/new/", "/posts/review/", f"/posts/{post.slug}/edit/",
        f"/posts/{post.slug}/history/", "/accounts/profile/", f"/members/{staff.pk}/",
        "/moderation/", f"/comments/{question.pk}/reply/", f"/comments/{question.pk}/flag/",
        f"/comments/{question.pk}/remove/", f"/comments/{answer.pk}/edit/",
        f"/comments/{answer.pk}/delete/", f"/posts/{post.slug}/follow-ups/new/",
        f"/posts/{post.slug}/follow-ups/{follow_up.pk}/edit/",
        f"/posts/{post.slug}/follow-ups/{follow_up.pk}/remove/", "/posts/waiting-for-follow-up/",
        "/posts/?follow_up=applied",
    ]  # fmt: skip
    visitor, member = Client(), Client()
    member.force_login(staff)
    pages = {}
    for prefix in ["", "/ar"]:
        for path in public:
            pages[f"signed out {prefix}{path}"] = fetch(visitor, prefix + path)
        for path in staff_only:
            pages[f"staff {prefix}{path}"] = fetch(member, prefix + path)
        # Forms answered with errors, and a preview.
        pages[f"sign-up errors {prefix}"] = fetch(
            Client(), f"{prefix}/accounts/signup/", method="post", data={"email": "x"}
        )
        pages[f"report preview {prefix}"] = fetch(
            member,
            f"{prefix}/seminars/{report.slug}/edit/",
            method="post",
            data={"title": "Listening first", "summary": "S", "event_name": "E",
                  "organiser": "O", "event_date": "2026-05-01", "place": "Kampala",
                  "body": "Text ![](https://example.org/b.png)", "language": "en",
                  "action": "preview"},
        )  # fmt: skip
        pages[f"report errors {prefix}"] = fetch(
            member, f"{prefix}/seminars/new/", method="post", data={"action": "save"}
        )
        pages[f"follow-up errors {prefix}"] = fetch(
            member, f"{prefix}/posts/{post.slug}/follow-ups/new/", method="post",
            data={"state": "not_applied", "happened_on": "2999-01-01"},
        )  # fmt: skip
    errors = html_errors(pages, tmp_path)
    assert errors == {}, json.dumps(errors, indent=1, ensure_ascii=False)
