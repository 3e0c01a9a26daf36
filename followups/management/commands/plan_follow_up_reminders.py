from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef
from django.utils import timezone

from followups.lessons import lesson_model
from followups.models import FOLLOW_UP_AFTER, FollowUp
from followups.tasks import remind_follow_up


class Command(BaseCommand):
    help = (
        "Plan the follow-up reminder of every published lesson that has no follow-up: for "
        "lessons published before reminders existed, or imported. Each writer still hears "
        "once per lesson, however often this runs."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        lessons = (
            lesson_model()
            .objects.published()
            .filter(translation_of__isnull=True)
            .exclude(Exists(FollowUp.objects.filter(lesson=OuterRef("pk"))))
            .values_list("pk", "published_at")
        )
        planned = 0
        for pk, published_at in lessons.iterator():
            remind_follow_up.using(run_after=max(published_at + FOLLOW_UP_AFTER, now)).enqueue(pk)
            planned += 1
        self.stdout.write(f"Planned {planned} reminders.")
