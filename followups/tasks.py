"""The one reminder a lesson's writer gets when no follow-up came in FOLLOW_UP_AFTER."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.models import MailFrequency
from followups.lessons import lesson_model
from followups.models import FOLLOW_UP_AFTER, FollowUp
from mailing.digests import site_url, stop_url
from mailing.messages import Mail
from mailing.tasks import deliver
from page_cache.versions import member_topic, topics_changed

REMINDER_KEY = "follow-up-reminder:"


@task()
def remind_follow_up(lesson_id: int) -> str:
    """Mail the writer of a lesson out for FOLLOW_UP_AFTER with no follow-up, once, in
    their language, unless they want no mail from the site."""
    lesson = lesson_model().objects.select_related("author").filter(pk=lesson_id).first()
    if lesson is None or not lesson.is_published:
        return "not published; planned again when it is published again"
    if lesson.published_at + FOLLOW_UP_AFTER > timezone.now():
        return "not due yet"
    if FollowUp.objects.of(lesson).exists():
        return "followed up"
    # From now on the lesson waits on its writer's profile and in the staff's list.
    topics_changed(member_topic(lesson.author_id))
    writer = lesson.author
    if writer is None or not writer.is_active:
        return "no writer to remind"
    if writer.mail_frequency == MailFrequency.NEVER:
        return "writer wants no mail"
    with translation.override(writer.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "writer": writer,
            "lesson": lesson,
            "follow_up_url": site_url(reverse("posts:followups:create", args=[lesson.slug])),
            "waiting_url": site_url(reverse("pages:profile", args=[writer.pk])),
            "stop_url": stop_url(writer),
        }
        subject = render_to_string("followups/reminder_subject.txt", context)
        mail = Mail(
            key=f"{REMINDER_KEY}{lesson.pk}",
            to=writer.email,
            subject=" ".join(subject.split()),
            body=render_to_string("followups/reminder_message.txt", context),
            list_name="reminders",
            unsubscribe_url=stop_url(writer),
        )
    deliver.enqueue(mail.as_task_argument())
    return "reminded"
