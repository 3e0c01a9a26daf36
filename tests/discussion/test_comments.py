import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from discussion.models import Comment, Flag
from tests.factories import comment_form_data, make_comment, make_post, make_report, make_user
from tests.helpers import client_as, run_tasks

pytestmark = pytest.mark.django_db

POST_URL = reverse("discussion:post")


@pytest.fixture
def report(staff):
    return make_report(author=staff, title="Listening first")


def send(client, target, text="A thoughtful comment.", **extra):
    return client.post(POST_URL, comment_form_data(target, text, **extra))


def test_partner_comment_publishes_at_once_with_badge_and_organisation(
    partner_client, partner, report
):
    response = send(partner_client, report, "We tried *this* in Kisumu.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{report.get_absolute_url()}#comment-{comment.pk}"
    assert comment.is_public and comment.user == partner
    page = partner_client.get(report.get_absolute_url()).content.decode()
    assert "We tried <em>this</em> in Kisumu." in page
    assert "Local partner" in page
    assert "Maji Safi Self-Help Group" in page
    assert "Kenya" in page


def test_staff_comment_shows_the_staff_badge(staff_client, report, client):
    send(staff_client, report, "Thank you all.")
    page = client.get(report.get_absolute_url()).content.decode()
    assert '<span class="badge badge--staff">Staff</span>' in page


def test_new_member_comment_waits_for_a_moderator_until_one_is_approved(
    member_client, member, report, client, staff_client
):
    response = send(member_client, report, "My first comment.")
    comment = Comment.objects.get()
    assert not comment.is_public
    assert "waits for a moderator" in member_client.get(response["Location"]).content.decode()
    # The author sees it, marked as waiting; a visitor does not.
    assert (
        "Waiting for a moderator" in member_client.get(report.get_absolute_url()).content.decode()
    )
    assert "My first comment." not in client.get(report.get_absolute_url()).content.decode()

    assert staff_client.post(reverse("discussion:approve", args=[comment.pk])).status_code == 302
    assert "My first comment." in client.get(report.get_absolute_url()).content.decode()
    # Once approved, the member publishes at once.
    cache.clear()
    send(member_client, report, "My second comment.")
    assert Comment.objects.get(comment="My second comment.").is_public


def test_comment_with_more_than_two_links_is_held_even_for_partners(partner_client, report):
    text = "See https://a.example, https://b.example and [this](https://c.example)."
    send(partner_client, report, text)
    assert not Comment.objects.get().is_public


def test_reply_nests_under_its_comment(partner_client, staff, report):
    question = make_comment(target=report, author=staff, text="What worked?")
    send(partner_client, report, "Listening.", reply_to=question.pk)
    reply = Comment.objects.exclude(pk=question.pk).get()
    assert (reply.parent_id, reply.level, reply.thread_id) == (question.pk, 1, question.pk)


def test_reply_to_the_deepest_level_joins_its_thread(partner_client, staff, partner, report):
    first = make_comment(target=report, author=staff)
    second = make_comment(target=report, author=partner, parent=first)
    third = make_comment(target=report, author=staff, parent=second)
    assert third.level == 2
    response = send(partner_client, report, "Deeper still.", reply_to=third.pk)
    assert response.status_code == 302
    fourth = Comment.objects.get(comment="Deeper still.")
    assert (fourth.level, fourth.parent_id) == (2, second.pk)
    page = partner_client.get(report.get_absolute_url()).content.decode()
    assert page.index("Deeper still.") > page.index(f'id="comment-{third.pk}"')


def test_thread_renders_nested_lists_three_levels_deep(staff, partner, report, client):
    first = make_comment(target=report, author=staff, text="Level zero.")
    second = make_comment(target=report, author=partner, parent=first, text="Level one.")
    make_comment(target=report, author=staff, parent=second, text="Level two.")
    make_comment(target=report, author=partner, text="Another thread.")
    page = client.get(report.get_absolute_url()).content.decode()
    thread = page[
        page.index('<ol class="thread">') : page.index(
            "</section>", page.index('<ol class="thread">')
        )
    ]
    assert thread.count('<ol class="replies">') == 2
    assert thread.count("<ol") == thread.count("</ol>")
    assert thread.count("<li>") == thread.count("</li>") == 4


def test_arabic_reply_carries_its_own_language_and_direction(partner_client, report):
    send(partner_client, report, "شكرًا على المشاركة", language="ar")
    page = partner_client.get(report.get_absolute_url()).content.decode()
    assert 'class="comment__body" lang="ar" dir="rtl"' in page


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '"><iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_comments_are_sanitised(partner_client, report, text):
    send(partner_client, report, text)
    body = Comment.objects.get().body_html
    for danger in ("<script", "onerror", "onload", "javascript:", "<iframe", "<style", "<svg"):
        assert danger not in body.lower()


def test_links_in_comments_are_nofollow_ugc(partner_client, report):
    send(partner_client, report, "Read [our notes](https://example.org/notes).")
    assert 'rel="nofollow ugc noopener"' in Comment.objects.get().body_html


def test_empty_or_overlong_comment_keeps_the_text_and_says_why(partner_client, report):
    response = send(partner_client, report, "   ")
    assert response.status_code == 422
    assert "Write something before sending." in response.content.decode()
    text = "long " * 700
    response = send(partner_client, report, text)
    assert response.status_code == 422
    assert "at most 3000 characters" in response.content.decode()
    assert text.strip()[:100] in response.content.decode()
    assert not Comment.objects.exists()


def test_second_comment_within_15_seconds_is_refused_and_kept(partner_client, report):
    send(partner_client, report, "First.")
    response = send(partner_client, report, "Second, too soon.")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Wait 15 seconds" in page
    assert "Second, too soon." in page
    assert Comment.objects.count() == 1


def test_new_members_send_at_most_20_comments_a_day(member_client, member, report):
    for number in range(20):
        cache.delete(f"comments:recent:{member.pk}")
        assert send(member_client, report, f"Comment {number}.").status_code == 302
    cache.delete(f"comments:recent:{member.pk}")
    response = send(member_client, report, "One too many.")
    assert response.status_code == 429
    assert "20 comments a day" in response.content.decode()
    assert Comment.objects.count() == 20


def test_a_filled_honeypot_or_forged_hash_is_a_bad_request(partner_client, report):
    assert send(partner_client, report, honeypot="spam").status_code == 400
    assert send(partner_client, report, security_hash="0" * 40).status_code == 400
    assert not Comment.objects.exists()


def test_an_expired_form_keeps_the_text_and_can_be_sent_again(partner_client, report):
    old = int((timezone.now() - datetime.timedelta(hours=3)).timestamp())
    data = comment_form_data(report, "Written slowly.")
    from discussion.forms import CommentForm

    data |= {
        "timestamp": str(old),
        "security_hash": CommentForm(report).initial_security_hash(old),
    }
    response = partner_client.post(POST_URL, data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "opened a long time ago" in page and "Written slowly." in page
    fresh = response.context["form"].data
    assert partner_client.post(POST_URL, fresh).status_code == 302


def test_unverified_member_cannot_comment_and_keeps_the_text(client, report):
    unverified = make_user(verified=False)
    client.force_login(unverified)
    response = send(client, report, "Hello.")
    assert response.status_code == 403
    assert "Verify your e-mail address" in response.content.decode()
    assert "Hello." in response.content.decode()
    assert not Comment.objects.exists()


def test_visitors_are_sent_to_sign_in(client, report):
    response = send(client, report)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Sign in to join the discussion" in page
    assert not Comment.objects.exists()


def test_drafts_take_no_comments(partner_client, staff):
    draft = make_report(author=staff, publish=False)
    assert send(partner_client, draft).status_code == 404


def test_comments_on_posts_too(partner_client, staff):
    post = make_post(author=staff)
    send(partner_client, post, "On a post.")
    assert "On a post." in partner_client.get(post.get_absolute_url()).content.decode()


ROLES = ["anonymous", "member", "partner", "staff", "superuser"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 200), ("partner", 200), ("staff", 200), ("superuser", 200)],
)
def test_who_can_open_the_reply_page(client, request, role, status, report, staff):
    comment = make_comment(target=report, author=staff)
    response = client_as(client, request, role).get(reverse("discussion:reply", args=[comment.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("member", 302), ("partner", 302), ("staff", 302), ("superuser", 302)],
)
def test_every_member_can_flag_a_comment(client, request, role, status, report, staff):
    author = make_user(groups=("Partners",))
    comment = make_comment(target=report, author=author)
    response = client_as(client, request, role).post(
        reverse("discussion:flag", args=[comment.pk]), {"reason": "spam", "note": "Adverts."}
    )
    assert response.status_code == status
    assert Flag.objects.filter(comment=comment).exists() == (role != "anonymous")


def test_flag_needs_a_reason(member_client, report, staff):
    comment = make_comment(target=report, author=staff)
    response = member_client.post(reverse("discussion:flag", args=[comment.pk]), {"note": "x"})
    assert response.status_code == 422
    assert not Flag.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("anonymous", False), ("member", False), ("partner", False), ("staff", True),
     ("superuser", True)],
)  # fmt: skip
def test_who_can_approve_and_remove(client, request, role, allowed, report):
    newcomer = make_user()
    held = make_comment(target=report, author=newcomer, published=False)
    shown = make_comment(target=report, author=newcomer, text="Rude words.")
    client = client_as(client, request, role)
    approve = client.post(reverse("discussion:approve", args=[held.pk]))
    remove = client.post(reverse("discussion:remove", args=[shown.pk]), {"reason": "Rude."})
    expected = 302 if allowed else (302 if role == "anonymous" else 403)
    assert (approve.status_code, remove.status_code) == (expected, expected)
    held.refresh_from_db()
    shown.refresh_from_db()
    assert held.is_public == allowed
    assert shown.is_removed == allowed


def test_the_author_of_a_report_moderates_its_discussion(client, report, staff):
    writer = make_user(groups=("Partners",))
    post = make_post(author=writer)
    newcomer = make_user()
    held = make_comment(target=post, author=newcomer, published=False)
    client.force_login(writer)
    page = client.get(reverse("discussion:moderation")).content.decode()
    assert held.comment in page
    assert client.post(reverse("discussion:approve", args=[held.pk])).status_code == 302
    elsewhere = make_comment(target=report, author=newcomer, published=False)
    assert client.post(reverse("discussion:approve", args=[elsewhere.pk])).status_code == 403


def test_moderation_page_is_for_moderators(client, member_client, staff_client):
    assert client.get(reverse("discussion:moderation")).status_code == 302
    assert member_client.get(reverse("discussion:moderation")).status_code == 403
    assert staff_client.get(reverse("discussion:moderation")).status_code == 200


def test_moderation_lists_held_and_flagged_in_their_sections_and_dismisses(
    staff_client, report, partner, member
):
    newcomer = make_user()
    flagged = make_comment(target=report, author=partner, text="Flagged one.")
    Comment.objects.filter(pk=flagged.pk).update(
        submit_date=timezone.now() - datetime.timedelta(days=1)
    )
    make_comment(target=report, author=newcomer, text="Held one.", published=False)
    flag = Flag.objects.create(comment=flagged, reporter=member, reason="abuse", note="Unkind.")
    page = staff_client.get(reverse("discussion:moderation")).content.decode()
    # Held comments come first, in their own section, whatever the age of the reports.
    assert page.index('id="held"') < page.index("Held one.") < page.index('id="reported"')
    assert page.index('id="reported"') < page.index("Flagged one.")
    assert "Unkind." in page and "Listening first" in page
    staff_client.post(reverse("discussion:dismiss_flag", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.dismissed_at is not None
    assert (
        "Flagged one." not in staff_client.get(reverse("discussion:moderation")).content.decode()
    )


def test_removed_comment_keeps_its_replies(staff_client, staff, partner, report, client):
    parent = make_comment(target=report, author=partner, text="Something unkind.")
    make_comment(target=report, author=staff, parent=parent, text="A calm reply.")
    staff_client.post(reverse("discussion:remove", args=[parent.pk]), {"reason": "Unkind."})
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Something unkind." not in page
    assert "Removed by a moderator." in page
    assert "A calm reply." in page


def test_removal_needs_a_reason(staff_client, partner, report):
    comment = make_comment(target=report, author=partner)
    response = staff_client.post(reverse("discussion:remove", args=[comment.pk]), {"reason": ""})
    assert response.status_code == 422
    comment.refresh_from_db()
    assert not comment.is_removed


def test_authors_edit_their_comment_for_15_minutes(partner_client, partner, report, client):
    comment = make_comment(target=report, author=partner, text="Typo here.")
    url = reverse("discussion:edit", args=[comment.pk])
    assert partner_client.post(url, {"comment": "Fixed here.", "language": ""}).status_code == 302
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Fixed here." in page and "edited" in page
    Comment.objects.filter(pk=comment.pk).update(
        submit_date=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert partner_client.post(url, {"comment": "Too late.", "language": ""}).status_code == 403


@pytest.mark.parametrize("role", ["member", "partner", "staff", "superuser"])
def test_nobody_edits_or_deletes_another_members_comment(client, request, role, report):
    comment = make_comment(target=report, author=make_user(), text="Mine.")
    client = client_as(client, request, role)
    edit = client.post(reverse("discussion:edit", args=[comment.pk]), {"comment": "Theirs."})
    delete = client.post(reverse("discussion:delete", args=[comment.pk]))
    assert (edit.status_code, delete.status_code) == (403, 403)
    comment.refresh_from_db()
    assert comment.comment == "Mine." and not comment.is_removed


def test_authors_delete_their_comment_and_its_replies_stay(
    partner_client, partner, staff, report, client
):
    comment = make_comment(target=report, author=partner, text="Second thoughts.")
    make_comment(target=report, author=staff, parent=comment, text="The answer.")
    assert partner_client.post(reverse("discussion:delete", args=[comment.pk])).status_code == 302
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Deleted by its author." in page
    assert "Second thoughts." not in page and "The answer." in page


def test_notifications_go_to_the_writer_and_the_replied_to_in_their_language(
    client, report, partner, mailoutbox
):
    writer = report.author
    writer.preferred_language = "fr"
    writer.save()
    replied_to = make_user(preferred_language="es", groups=("Partners",))
    question = make_comment(target=report, author=replied_to, text="¿Cómo?")
    client.force_login(partner)
    send(client, report, "Like this.", reply_to=question.pk)
    run_tasks()
    by_address = {message.to[0]: message for message in mailoutbox}
    assert set(by_address) == {writer.email, replied_to.email}
    assert "a commenté" in by_address[writer.email].subject
    assert "respondió a tu comentario" in by_address[replied_to.email].subject
    reply = Comment.objects.get(comment="Like this.")
    assert f"/fr{report.get_absolute_url()}#comment-{reply.pk}" in by_address[writer.email].body


def test_no_notification_for_held_comments_until_approved(
    member_client, staff_client, report, mailoutbox
):
    send(member_client, report, "Held.")
    run_tasks()
    assert mailoutbox == []
    staff_client.post(reverse("discussion:approve", args=[Comment.objects.get().pk]))
    run_tasks()
    assert [message.to[0] for message in mailoutbox] == [report.author.email]


def test_followers_hear_of_new_comments_and_mute_by_the_link(
    client, member_client, member, partner_client, staff_client, report,
    mailoutbox,
):  # fmt: skip
    follow = {"content_type": "seminars.seminarreport", "object_pk": report.pk, "follow": "1"}
    assert member_client.post(reverse("discussion:follow"), follow).status_code == 302
    send(partner_client, report, "News.")
    run_tasks()
    to_member = [message for message in mailoutbox if message.to == [member.email]]
    assert len(to_member) == 1
    mute_url = next(
        line.split()[-1] for line in to_member[0].body.splitlines() if "/comments/mute/" in line
    )
    path = mute_url.split("testserver", 1)[-1] if "testserver" in mute_url else mute_url
    path = "/" + path.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    mailoutbox.clear()
    cache.clear()
    send(staff_client, report, "More news.")
    run_tasks()
    assert member.email not in [message.to[0] for message in mailoutbox]


def test_a_forged_mute_link_is_not_found(client):
    assert client.get(reverse("discussion:mute", args=["forged"])).status_code == 404


def test_comment_counts_on_lists_and_recent_discussion_on_home(client, report, partner):
    make_comment(target=report, author=partner, text="Counted.")
    make_comment(target=report, author=partner, text="Held.", published=False)
    assert "1 comment" in client.get(reverse("seminars:list")).content.decode()
    home = client.get(reverse("pages:home")).content.decode()
    assert "Recent discussion" in home and "Counted." in home and "Held." not in home


def test_thread_page_costs_the_same_queries_for_10_and_200_comments(
    client, staff, partner, report, django_assert_max_num_queries
):
    from tests.helpers import queries_for

    def grow_to(count):
        existing = Comment.objects.count()
        parents = [None]
        for number in range(existing, count):
            parent = parents[number % len(parents)]
            comment = make_comment(
                target=report, author=(staff, partner)[number % 2], parent=parent
            )
            if comment.level < 2:
                parents.append(comment)

    grow_to(10)
    anonymous_small = queries_for(client, report.get_absolute_url())
    client.force_login(partner)
    signed_in_small = queries_for(client, report.get_absolute_url())
    grow_to(200)
    assert queries_for(client, report.get_absolute_url()) == signed_in_small
    client.logout()
    assert queries_for(client, report.get_absolute_url()) == anonymous_small


@pytest.mark.parametrize(
    ("role", "status", "published"),
    [
        ("anonymous", 302, None),
        ("unverified", 403, None),
        ("member", 302, False),
        ("partner", 302, True),
        ("staff", 302, True),
        ("superuser", 302, True),
    ],
)
def test_who_can_comment_and_whose_comments_publish_at_once(
    client, request, role, status, published, report
):
    if role == "unverified":
        client.force_login(make_user(verified=False))
    else:
        client = client_as(client, request, role)
    response = send(client, report, "Hello from every role.")
    assert response.status_code == status
    comment = Comment.objects.filter(comment="Hello from every role.").first()
    assert (comment.is_public if comment else None) == published


def test_moderation_leaves_out_comments_on_items_no_longer_published(staff_client, staff):
    from seminars.services import report_unpublish

    report = make_report(author=staff, title="Soon a draft again")
    make_comment(target=report, author=make_user(), text="Held here.", published=False)
    report_unpublish(report=report)
    page = staff_client.get(reverse("discussion:moderation"))
    assert page.status_code == 200 and "Held here." not in page.content.decode()


@pytest.mark.parametrize("object_pk", ["abc", "", "1; DROP TABLE posts_post", "-1"])
def test_a_forged_target_is_not_found(partner_client, object_pk, report):
    data = comment_form_data(report, "Hello.") | {"object_pk": object_pk}
    assert partner_client.post(POST_URL, data).status_code == 404
    follow = {"content_type": "seminars.seminarreport", "object_pk": object_pk, "follow": "1"}
    assert partner_client.post(reverse("discussion:follow"), follow).status_code == 404
