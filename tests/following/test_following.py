"""Following hashtags from their page, mail at once or in digests, in each member's
language, once per period, nothing when nothing is new, stopped by one click."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from accounts.models import MailFrequency
from discussion.models import Subscription
from discussion.services import comment_post, digest_comments
from following.models import HashtagFollow
from mailing.digests import digest_planned, period_start
from mailing.models import Digest
from posts.services import post_unpublish, post_write
from tests.factories import make_post, make_report, make_user
from tests.helpers import run_tasks
from tests.mailing.test_mail import make_due

pytestmark = pytest.mark.django_db


def follow(client, slug, follow=True):
    return client.post(f"/tags/{slug}/follow/", {"follow": "1" if follow else "0"})


def test_members_follow_and_stop_following_a_hashtag_from_its_page(member_client, member, client):
    make_post(body="#WaterAccess")
    page = member_client.get("/tags/wateraccess/").content.decode()
    assert "Follow #WaterAccess by e-mail" in page
    response = follow(member_client, "wateraccess")
    assert response.status_code == 302 and response["Location"] == "/tags/wateraccess/"
    assert HashtagFollow.objects.filter(member=member, tag__slug="wateraccess").exists()
    page = member_client.get("/tags/wateraccess/").content.decode()
    assert "You follow #WaterAccess." in page and "Stop following #WaterAccess" in page
    follow(member_client, "wateraccess", follow=False)
    assert not HashtagFollow.objects.exists()
    # Visitors see no button, and cannot follow.
    assert "by e-mail</button>" not in client.get("/tags/wateraccess/").content.decode()
    assert follow(client, "wateraccess").status_code == 302
    assert not HashtagFollow.objects.exists()
    assert member_client.get("/tags/wateraccess/follow/").status_code == 405
    assert follow(member_client, "no-such-tag").status_code == 404


def test_a_new_publication_reaches_its_hashtags_followers_at_once_in_their_language(mailoutbox):
    make_post(body="#Resilience", title="Older")
    tag = Tag.objects.get(name="Resilience")
    french = make_user(preferred_language="fr")
    never = make_user(mail_frequency=MailFrequency.NEVER)
    for member in (french, never):
        HashtagFollow.objects.create(member=member, tag=tag)
    writer = make_user(groups=("Partners",))
    HashtagFollow.objects.create(member=writer, tag=tag)
    run_tasks()
    mailoutbox.clear()
    post = make_post(author=writer, body="Radios first. #Resilience", title="Radios first")
    make_post(author=writer, body="#Resilience", title="A draft", action="save")
    run_tasks()
    (message,) = mailoutbox
    assert message.to == [french.email]
    assert "Nouveau sur Learning Exchange" in message.subject and "Radios first" in message.subject
    assert f"/fr{post.get_absolute_url()}" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Published again after a pause: no second mail.

    post_unpublish(post=post)
    post_write(post=post, by=writer, extra_hashtags=[], action="publish")
    run_tasks()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("frequency", [MailFrequency.DAILY, MailFrequency.WEEKLY])
def test_a_digest_lists_what_is_new_once_per_period(frequency, mailoutbox, staff):
    reader = make_user(mail_frequency=frequency, preferred_language="es", country="PE")
    report = make_report(author=staff, body="#Flooding", title="Flood maps")
    HashtagFollow.objects.create(member=reader, tag=Tag.objects.get(name="Flooding"))
    Subscription.objects.create(user=reader, content_type_id=ct(report), object_pk=str(report.pk))
    writer = make_user(groups=("Partners",), name="Joseph Otieno")
    run_tasks()
    mailoutbox.clear()
    make_post(author=writer, body="We mapped the river. #Flooding", title="River maps",
              summary="Maps drawn with the fishers.")  # fmt: skip
    comment_post(target=report, author=writer, text="We did the same in Kisumu.")
    run_tasks()
    # Nothing at once for digest readers (the report's writer hears of the comment).
    assert [message.to for message in mailoutbox] == [[staff.email]]
    mailoutbox.clear()
    (digest,) = Digest.objects.filter(member=reader)
    assert digest.period_start == period_start(frequency, timezone.now())
    waiting = DBTaskResult.objects.get(task_path="mailing.digests.send_digest", status="READY")
    assert waiting.run_after == digest.period_start + (
        timedelta(days=1) if frequency == MailFrequency.DAILY else timedelta(days=7)
    )
    # The period ends; two workers race for it: one mail.
    make_due()
    DBTaskResult.objects.create(**{
        field.name: getattr(waiting, field.name)
        for field in DBTaskResult._meta.concrete_fields if field.name != "id"
    })  # fmt: skip
    run_tasks()
    (message,) = mailoutbox
    assert message.to == [reader.email]
    assert "Learning Exchange" in message.subject
    body = message.body
    assert "River maps" in body and "Maps drawn with the fishers." in body
    assert "Joseph Otieno" in body and "We did the same in Kisumu." in body
    assert "/es/" in body  # links in the reader's language
    assert message.extra_headers["List-Id"].startswith("Learning Exchange digests")
    # Nothing new since: the next period sends nothing.
    Digest.objects.update(period_start=timezone.now() - timedelta(days=30))
    run_tasks()
    assert len(mailoutbox) == 1


def test_nothing_new_sends_no_digest(mailoutbox, staff):

    reader = make_user(mail_frequency=MailFrequency.DAILY)
    digest_planned(reader)
    make_due()
    run_tasks()
    assert mailoutbox == []
    assert Digest.objects.get(member=reader).done_at is not None


def test_one_click_stops_all_mail_about_what_one_follows(mailoutbox, staff):
    reader = make_user(mail_frequency=MailFrequency.AT_ONCE)
    make_report(author=staff, body="#Seeds")
    run_tasks()
    HashtagFollow.objects.create(member=reader, tag=Tag.objects.get(name="Seeds"))
    make_report(author=staff, body="#Seeds", title="More seeds")
    run_tasks()
    (message,) = mailoutbox
    address = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = "/" + address.split("/", 3)[3]
    assert Client().get(path).status_code == 200
    reader.refresh_from_db()
    assert reader.mail_frequency == MailFrequency.AT_ONCE  # a GET changes nothing
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.mail_frequency == MailFrequency.NEVER
    assert Client().get("/mail/stop/forged/").status_code == 404


def test_members_choose_how_often_in_their_profile(member_client, member):
    page = member_client.get("/accounts/profile/").content.decode()
    assert "A weekly digest" in page
    data = {"name": member.name, "preferred_language": "", "country": "", "bio": "",
            "mail_frequency": "weekly"}  # fmt: skip
    assert member_client.post("/accounts/profile/", data).status_code == 302
    member.refresh_from_db()
    assert member.mail_frequency == MailFrequency.WEEKLY


def ct(item) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(item).pk


def test_a_digests_comments_come_from_what_the_member_follows_wrote_or_said(
    staff, django_assert_max_num_queries
):
    reader = make_user(groups=("Partners",), mail_frequency=MailFrequency.DAILY)
    writer = make_user(groups=("Partners",))
    since = timezone.now() - timedelta(minutes=1)

    def say(**comment):
        cache.clear()  # the rate limit is not under test here
        return comment_post(**comment)

    followed, own, answered, muted, elsewhere = (
        make_report(author=staff, title="Followed"), make_post(author=reader, title="Own"),
        make_report(author=staff, title="Answered"), make_post(author=reader, title="Muted"),
        make_report(author=staff, title="Elsewhere"),
    )  # fmt: skip
    Subscription.objects.create(user=reader, content_type_id=ct(followed),
                                object_pk=str(followed.pk))  # fmt: skip
    said = say(target=answered, author=reader, text="What did the partners say?")
    Subscription.objects.filter(user=reader).exclude(object_pk=str(followed.pk)).delete()
    Subscription.objects.create(user=reader, content_type_id=ct(muted),
                                object_pk=str(muted.pk), muted=True)  # fmt: skip
    for item in (followed, own, muted, elsewhere):
        say(target=item, author=writer, text=f"On {item.title}.")
    say(target=answered, author=writer, text="A reply to the reader.", reply_to=said.comment.pk)
    say(target=answered, author=writer, text="Not to the reader.")
    say(target=followed, author=reader, text="The reader's own.")
    with django_assert_max_num_queries(8):
        _title, entries = digest_comments(reader, since, timezone.now())
    assert [entry.line for entry in entries] == [
        "On Followed.",
        "On Own.",
        "A reply to the reader.",
    ]
