"""Tasks a worker was running when it was killed (no chance to finish them) are left marked
running for ever. Run before starting a worker under a fixed id (docker-compose.yml uses
the container's host name, kept across restarts): what that id left running is made ready
again. Every task here may run twice safely: mail is sent once per key, a digest once per
period."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Make the tasks left running by a stopped worker ready to run again."

    def add_arguments(self, parser):
        parser.add_argument("worker_id", help="the --worker-id the stopped worker had")

    def handle(self, *, worker_id, **options):
        with transaction.atomic():
            stalled = [
                result
                for result in DBTaskResult.objects.running().select_for_update()
                if result.worker_ids[-1:] == [worker_id]
            ]
            for result in stalled:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
        self.stdout.write(f"{len(stalled)} task(s) left running by {worker_id} made ready again.")
