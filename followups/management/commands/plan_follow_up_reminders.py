from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from followups.lessons import lesson_model
from followups.models import FOLLOW_UP_AFTER, FollowUp
from followups.tasks import REMINDER_KEY, remind_follow_up
from mailing.models import Delivery


class Command(BaseCommand):
    help = (
        "Plan the follow-up reminder of every published lesson that has no follow-up: for "
        "lessons published before reminders existed, or imported. Lessons already reminded "
        "are left out, and each writer hears once per lesson however often this runs."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        reminded = {
            int(key.removeprefix(REMINDER_KEY))
            for key in Delivery.objects.filter(
                key__startswith=REMINDER_KEY, sent_at__isnull=False
            ).values_list("key", flat=True)
        }
        lessons = (
            lesson_model()
            .objects.published()
            .filter(translation_of__isnull=True)
            .exclude(Exists(FollowUp.objects.of(OuterRef("pk"))))
            .exclude(pk__in=reminded)
            .values_list("pk", "published_at")
        )
        planned = 0
        for pk, published_at in lessons.iterator():
            remind_follow_up.using(run_after=max(published_at + FOLLOW_UP_AFTER, now)).enqueue(pk)
            planned += 1
        self.stdout.write(f"Planned {planned} reminders.")
