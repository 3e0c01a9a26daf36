"""Writing follow-ups, and the one reminder a lesson's writer gets when none came."""

from django.db import transaction

from accounts.models import voice_of
from followups.models import FOLLOW_UP_AFTER, FollowUp, lesson_topics
from followups.tasks import remind_follow_up
from page_cache.versions import topics_changed
from publishing.rendering import render_comment


def can_follow_up(user, lesson) -> bool:
    """The lesson's writer, partners of the organisation it was written for, and staff
    record what was done with a published lesson. A translation's follow-ups are its
    original's: whoever may follow up the original, from any of its versions."""
    original = lesson.original
    if not user.is_authenticated or not (lesson.is_published and original.is_published):
        return False
    if user.is_staff_member or original.author_id == user.pk:
        return True
    return (
        user.is_partner
        and user.organisation_id is not None
        and user.organisation_id == original.organisation_id
    )


@transaction.atomic
def follow_up_save(*, follow_up: FollowUp, lesson, by) -> FollowUp:
    """Add a follow-up to a lesson (its original, shared by its translations), or save
    changes to one. The lesson's page and the lists that count follow-ups change."""
    if follow_up.pk is None:
        follow_up.lesson = lesson.original
        follow_up.author = by
        follow_up.voice = voice_of(by)
    follow_up.note_html = render_comment(follow_up.note) if follow_up.note else ""
    follow_up.save()
    topics_changed(*lesson_topics(follow_up))
    return follow_up


@transaction.atomic
def follow_up_delete(*, follow_up: FollowUp) -> None:
    topics_changed(*lesson_topics(follow_up))
    follow_up.delete()


def follow_up_reminder_planned(*, lesson) -> None:
    """A published original lesson: its writer hears once, FOLLOW_UP_AFTER after it was
    first published (at once if that is past), if no follow-up has come by then."""
    if lesson.translation_of_id is None:
        # Enqueued in the same transaction as the lesson: both are saved, or neither.
        remind_follow_up.using(run_after=lesson.published_at + FOLLOW_UP_AFTER).enqueue(lesson.pk)
