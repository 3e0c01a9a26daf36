"""Edits are moderated as new comments are, and every link a reader could follow counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from discussion.models import Comment
from discussion.services import MOST_LINKS_PUBLISHED_AT_ONCE
from publishing.rendering import count_links
from tests.factories import comment_form_data, make_comment, make_report, make_user
from tests.helpers import run_tasks

pytestmark = pytest.mark.django_db

HELD = "Your comment waits for a moderator"

# One link each, written every way a reader could follow it (or copy it into a browser);
# {n} makes each of several links its own.
LINK_FORMS = {
    "https": "https://site{n}.example/page",
    "http": "http://site{n}.example",
    "upper-case scheme": "HTTPS://SITE{n}.EXAMPLE/PAGE",
    "www": "www.site{n}.example",
    "protocol-relative": "//site{n}.example/path",
    "markdown": "[notes](https://site{n}.example)",
    "markdown, upper-case scheme": "[notes](HtTpS://site{n}.example)",
    "markdown, protocol-relative": "[notes](//site{n}.example/path)",
    "markdown, angle brackets": "[notes](<//site{n}.example/path>)",
    "reference": "[notes][r{n}]\n\n[r{n}]: //site{n}.example",
    "autolink": "<https://site{n}.example>",
    "autolink, upper-case": "<HTTPS://SITE{n}.EXAMPLE>",
    "e-mail autolink": "<someone{n}@site.example>",
    "mailto autolink": "<mailto:someone{n}@site.example>",
    "mailto link": "[write](mailto:someone{n}@site.example)",
    "mailto link, upper-case": "[write](MAILTO:someone{n}@site.example)",
    "full-width dots": "[notes](//site{n}．example/path)",
    "full-width slashes": "[notes](https：／／site{n}．example)",
    "full-width, written out": "ｈｔｔｐｓ：／／site{n}．example",
    "html": '<a href="//site{n}.example">notes</a>',
    "entity": "https&#58;//site{n}.example",
    "escaped dots": "www\\.site{n}\\.example",
    "backslash": "[notes](/\\site{n}.example)",
    "scheme without slashes": "[notes](http:site{n}.example)",
}


def links(form: str, count: int) -> str:
    return "\n\n".join(f"Point {n}: {LINK_FORMS[form].format(n=n)}" for n in range(1, count + 1))


TOO_MANY = MOST_LINKS_PUBLISHED_AT_ONCE + 1


@pytest.fixture
def report(staff):
    return make_report(author=staff, title="Listening first")


@pytest.fixture
def approved_member(report, staff):
    """A member a moderator has approved once, who now publishes at once."""
    from discussion.services import comment_approve

    member = make_user(name="Amina Approved")
    earlier = make_comment(target=report, author=member, text="My first.", published=False)
    comment_approve(comment=earlier, by=staff)
    return member


def post(client, report, text):
    return client.post(reverse("discussion:post"), comment_form_data(report, text))


def edit(client, comment, text):
    return client.post(reverse("discussion:edit", args=[comment.pk]), {"comment": text})


@pytest.mark.parametrize("form", LINK_FORMS)
def test_every_form_of_link_counts_once(form):
    assert count_links(links(form, 1)) == 1
    assert count_links(links(form, TOO_MANY)) == TOO_MANY


def test_plain_text_has_no_links():
    text = "We met on 12/05/2026 and/or the day after // Kisumu.Nairobi, e.g. at www or http."
    assert count_links(text) == 0


@pytest.mark.parametrize("form", LINK_FORMS)
def test_a_partners_comment_with_too_many_links_of_any_form_waits(partner_client, report, form):
    response = post(partner_client, report, links(form, TOO_MANY))
    assert response.status_code == 302
    assert not Comment.objects.get().is_public
    assert HELD in partner_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("form", LINK_FORMS)
def test_a_partners_comment_with_few_links_publishes(partner_client, report, form):
    post(partner_client, report, links(form, MOST_LINKS_PUBLISHED_AT_ONCE))
    assert Comment.objects.get().is_public


@pytest.mark.parametrize("form", LINK_FORMS)
def test_a_new_members_comment_with_links_waits(member_client, report, form):
    post(member_client, report, links(form, TOO_MANY))
    assert not Comment.objects.get().is_public


@pytest.mark.parametrize("form", LINK_FORMS)
@pytest.mark.parametrize("author", ["partner", "approved_member"])
def test_an_edit_with_too_many_links_of_any_form_goes_back_to_a_moderator(
    client, request, report, author, form
):
    author = request.getfixturevalue(author)
    client.force_login(author)
    comment = make_comment(target=report, author=author, text="Nothing to see.")
    response = edit(client, comment, links(form, TOO_MANY))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_public and comment.comment == links(form, TOO_MANY)
    # Told as for a new comment that waits, and still shown to its author as waiting.
    page = client.get(response["Location"]).content.decode()
    assert HELD in page and "Waiting for a moderator." in page


@pytest.mark.parametrize("form", LINK_FORMS)
@pytest.mark.parametrize("author", ["partner", "approved_member"])
def test_an_edit_with_few_links_stays_published(client, request, report, author, form):
    author = request.getfixturevalue(author)
    client.force_login(author)
    comment = make_comment(target=report, author=author, text="Nothing to see.")
    response = edit(client, comment, links(form, MOST_LINKS_PUBLISHED_AT_ONCE))
    comment.refresh_from_db()
    assert comment.is_public
    assert "Your comment is updated." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("text", ["Just a typo fixed.", links("markdown", TOO_MANY)])
def test_a_new_members_edit_of_their_approved_comment_goes_back_to_a_moderator(
    member_client, member, staff_client, report, text
):
    """Its approval was for the text it replaces: a member trusted by this comment alone is
    a new member still."""
    comment = make_comment(target=report, author=member, text="Harmless.", published=False)
    staff_client.post(reverse("discussion:approve", args=[comment.pk]))
    response = edit(member_client, comment, text)
    comment.refresh_from_db()
    assert not comment.is_public
    assert HELD in member_client.get(response["Location"]).content.decode()
    page = staff_client.get(reverse("discussion:moderation")).content.decode()
    held = page[page.index('id="held"') : page.index('id="reported"')]
    assert f'id="comment-{comment.pk}"' in held


def test_a_new_members_edit_of_a_held_comment_stays_held(member_client, member, report):
    comment = make_comment(target=report, author=member, text="Waiting.", published=False)
    edit(member_client, comment, "Still waiting.")
    comment.refresh_from_db()
    assert not comment.is_public and comment.comment == "Still waiting."


def test_visitors_kept_page_drops_a_comment_whose_edit_waits(
    client, partner_client, partner, report
):
    comment = make_comment(target=report, author=partner, text="Harmless words.")
    url = report.get_absolute_url()
    assert "Harmless words." in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as kept:
        assert "Harmless words." in client.get(url).content.decode()
    assert len(kept.captured_queries) == 0  # the visitor's page is kept
    edit(partner_client, comment, links("protocol-relative", TOO_MANY))
    page = client.get(url).content.decode()
    assert "site1.example" not in page and "Harmless words." not in page
    assert f'id="comment-{comment.pk}"' not in page


def test_a_held_comment_edited_down_to_few_links_publishes_and_notifies(
    partner_client, partner, report, mailoutbox
):
    """As a new comment with that text would: nobody had heard of it yet."""
    post(partner_client, report, links("https", TOO_MANY))
    run_tasks()
    comment = Comment.objects.get()
    assert not comment.is_public and mailoutbox == []
    edit(partner_client, comment, links("https", 1))
    run_tasks()
    comment.refresh_from_db()
    assert comment.is_public
    assert [message.to[0] for message in mailoutbox] == [report.author.email]
