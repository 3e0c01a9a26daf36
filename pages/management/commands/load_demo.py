from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import load_demo_accounts
from posts.demo import load_demo_posts
from seminars.demo import load_demo_discussion, load_demo_reports


class Command(BaseCommand):
    help = "Load the demo community (safe to run again: it updates what is there)."

    def handle(self, *args, **options):
        with transaction.atomic():
            sign_ins = load_demo_accounts()
            load_demo_reports()
            load_demo_posts()
            load_demo_discussion()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        for email, password in sign_ins:
            self.stdout.write(f"  sign in as {email} with password {password}")
