"""One reminder, six months after a lesson is published with no follow-up: sent once, in
its writer's language, never to writers who want no mail."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import PARTNERS_GROUP, MailFrequency
from followups.models import FOLLOW_UP_AFTER, FollowUp, State
from followups.services import follow_up_save
from mailing.models import Delivery
from posts.models import Post
from posts.services import post_unpublish, post_write
from tests.factories import make_post, make_user
from tests.helpers import run_tasks
from tests.mailing.test_mail import make_due

pytestmark = pytest.mark.django_db

TASK = "followups.tasks.remind_follow_up"


@pytest.fixture
def writer(organisation):
    return make_user(
        name="Wanjiru Writer", organisation=organisation, groups=(PARTNERS_GROUP,),
        preferred_language="fr",
    )  # fmt: skip


def waiting_reminders():
    return DBTaskResult.objects.filter(task_path=TASK, status="READY")


def six_months_pass(lesson) -> None:
    """The lesson was published FOLLOW_UP_AFTER ago, and its reminder is due."""
    Post.objects.filter(pk=lesson.pk).update(
        published_at=timezone.now() - FOLLOW_UP_AFTER - timedelta(hours=1)
    )
    make_due()


def test_publishing_a_lesson_plans_its_reminder_six_months_on_and_only_once(writer, staff):
    lesson = make_post(author=writer, action="publish")
    (planned,) = waiting_reminders()
    assert planned.run_after == lesson.published_at + FOLLOW_UP_AFTER
    assert planned.args_kwargs["args"] == [lesson.pk]
    # Saved again: nothing more. Unpublished and published again: planned again for the
    # same day (the task sends at most one mail).
    post_write(post=lesson, by=staff, extra_hashtags=[], action="save")
    assert waiting_reminders().count() == 1
    post_unpublish(post=lesson)
    post_write(post=lesson, by=staff, extra_hashtags=[], action="publish")
    assert {task.run_after for task in waiting_reminders()} == {planned.run_after}
    # Drafts and translations plan none: a translation's follow-ups are its original's.
    make_post(author=writer, action="save")
    make_post(author=staff, language="fr", translation_of=lesson)
    assert waiting_reminders().count() == 2


def test_the_writer_is_reminded_once_in_their_language(writer, mailoutbox):
    lesson = make_post(author=writer, title="Comités de l'eau", language="fr")
    run_tasks()
    assert mailoutbox == []  # not before six months
    six_months_pass(lesson)
    run_tasks()
    (message,) = mailoutbox
    assert message.to == [writer.email]
    assert "Comités de l'eau" in message.subject
    assert "Quelqu’un a-t-il appliqué votre leçon" in message.subject
    assert f"/fr{lesson.get_absolute_url()}follow-ups/new/" in message.body
    assert f"/fr/members/{writer.pk}/" in message.body
    assert "/stop/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Asked again (a second worker, the planning command): still one mail.
    call_command("plan_follow_up_reminders", stdout=None)
    make_due()
    run_tasks()
    assert len(mailoutbox) == 1
    assert Delivery.objects.filter(key=f"follow-up-reminder:{lesson.pk}").count() == 1


def test_writers_who_want_no_mail_are_not_reminded(writer, mailoutbox):
    writer.mail_frequency = MailFrequency.NEVER
    writer.save()
    lesson = make_post(author=writer)
    six_months_pass(lesson)
    run_tasks()
    assert mailoutbox == []
    assert DBTaskResult.objects.get(task_path=TASK).return_value == "writer wants no mail"


def test_a_lesson_followed_up_in_time_sends_no_reminder(writer, staff, mailoutbox):
    lesson = make_post(author=writer)
    follow_up_save(
        follow_up=FollowUp(state=State.PLANNED, country="KE", happened_on=timezone.localdate(),
                           language="en"),
        lesson=lesson, by=staff,
    )  # fmt: skip
    six_months_pass(lesson)
    run_tasks()
    assert mailoutbox == []


def test_a_lesson_unpublished_when_due_is_reminded_once_published_again(writer, staff, mailoutbox):
    lesson = make_post(author=writer)
    post_unpublish(post=lesson)
    six_months_pass(lesson)
    run_tasks()
    assert mailoutbox == []
    post_write(post=Post.objects.get(pk=lesson.pk), by=staff, extra_hashtags=[],
               action="publish")  # fmt: skip
    run_tasks()
    assert len(mailoutbox) == 1


def test_the_reminder_shows_the_lesson_waiting_on_a_profile_already_kept(client, writer):
    lesson = make_post(author=writer, title="Kept profile lesson")
    profile = f"/members/{writer.pk}/"
    assert "Lessons waiting for a follow-up" not in client.get(profile).content.decode()
    six_months_pass(lesson)
    run_tasks()
    assert (
        "Kept profile lesson" in client.get(profile).content.decode().split("waiting-heading")[-1]
    )


def test_lessons_from_before_reminders_are_planned_by_a_command(writer, mailoutbox):
    old = make_post(author=writer, title="From the old days")
    DBTaskResult.objects.all().delete()
    Post.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=900))
    recent = make_post(author=writer, title="Recent")
    DBTaskResult.objects.all().delete()
    call_command("plan_follow_up_reminders", stdout=None)
    due_now, later = sorted(waiting_reminders(), key=lambda task: task.run_after)
    assert due_now.args_kwargs["args"] == [old.pk] and due_now.run_after <= timezone.now()
    assert later.args_kwargs["args"] == [recent.pk]
    run_tasks()
    (message,) = mailoutbox
    assert "From the old days" in message.subject


def test_the_planning_command_leaves_out_lessons_already_reminded(writer, mailoutbox):
    lesson = make_post(author=writer)
    six_months_pass(lesson)
    run_tasks()
    assert len(mailoutbox) == 1
    call_command("plan_follow_up_reminders", stdout=None)
    assert not waiting_reminders().exists()
