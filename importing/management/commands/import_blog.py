"""python manage.py import_blog FILE: a WordPress or Blogger export, imported whole."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.models import Organisation
from importing.exports import ExportError
from importing.services import KINDS, Options, Summary, blog_import
from publishing.rendering import hashtag_slug


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, Tools > Export) or a Blogger export (Atom): posts as "
        "lessons or seminar reports, comments, hashtags, images, and old addresses that "
        "redirect. Run it again to bring changes; nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would happen; change nothing"
        )
        parser.add_argument(
            "--kind", choices=["lesson", "seminar"], default="lesson",
            help="what posts become (default: lesson)",
        )  # fmt: skip
        parser.add_argument(
            "--rule", action="append", default=[], metavar="LABEL=KIND",
            help="posts with this category or tag become KIND (lesson or seminar); repeatable",
        )  # fmt: skip
        parser.add_argument(
            "--organisation", help="the organisation (name or address) the posts are from"
        )
        parser.add_argument(
            "--uploads", type=Path, metavar="DIR",
            help="a copy of the blog's media folder (e.g. wp-content/uploads)",
        )  # fmt: skip
        parser.add_argument(
            "--language", default="", help="the posts' language when the export does not say"
        )
        parser.add_argument(
            "--author-email", default="",
            help="the member who wrote posts whose author the export names by no address",
        )  # fmt: skip

    def handle(self, *, file, dry_run, kind, rule, organisation, uploads, language,
               author_email, verbosity, **options):  # fmt: skip
        if not file.is_file():
            raise CommandError(f"{file}: no such file.")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"{uploads}: no such folder.")
        settings = Options(
            kind=kind,
            rules=self.rules(rule),
            organisation=self.organisation(organisation),
            uploads=uploads,
            language=language,
            author_email=author_email,
            dry_run=dry_run,
        )
        progress = self.progress if verbosity > 0 and sys.stderr.isatty() else None
        try:
            summary = blog_import(path=file, options=settings, progress=progress)
        except ExportError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        if progress is not None:
            self.stderr.write("")
        self.report(summary, dry_run=dry_run)

    def rules(self, rules: list[str]) -> dict[str, str]:
        found = {}
        for rule in rules:
            label, _sign, kind = rule.rpartition("=")
            if not label or kind not in KINDS:
                raise CommandError(f"--rule {rule}: write LABEL=lesson or LABEL=seminar.")
            found[hashtag_slug(label)] = kind
        return found

    def organisation(self, name: str | None) -> Organisation | None:
        if not name:
            return None
        found = Organisation.objects.filter(Q(slug=name) | Q(name__iexact=name)).first()
        if found is None:
            known = ", ".join(Organisation.objects.values_list("name", flat=True)[:20])
            raise CommandError(f"--organisation {name}: no such organisation (known: {known}).")
        return found

    def progress(self, done: int, size: int) -> None:
        share = done / size if size else 1
        bar = "#" * int(share * 30)
        self.stderr.write(f"\r[{bar:<30}] {share:4.0%}", ending="")
        self.stderr.flush()

    def report(self, summary: Summary, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write("Dry run: nothing was changed. The import would give:")
        for title, counts in (("Created", summary.created), ("Updated", summary.updated),
                              ("Unchanged", summary.unchanged)):  # fmt: skip
            if counts:
                parts = ", ".join(f"{count} {what}" for what, count in sorted(counts.items()))
                self.stdout.write(f"{title}: {parts}.")
        if summary.old_addresses:
            self.stdout.write(f"Old addresses redirecting here: {summary.old_addresses}.")
        if summary.skipped:
            self.stdout.write("Skipped:")
            for (what, reason), count in sorted(summary.skipped.items()):
                self.stdout.write(f"  {count} {what}: {reason}")
        if summary.notes:
            self.stdout.write("To look at:")
            for note in summary.notes:
                self.stdout.write(f"  {note}")
