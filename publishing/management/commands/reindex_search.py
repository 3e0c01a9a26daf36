from django.core.management.base import BaseCommand

from page_cache.versions import pages_changed
from publishing.kinds import publication_kinds
from publishing.search import is_postgres
from publishing.services import index_for_search


class Command(BaseCommand):
    help = "Rebuild the full-text search text of every report and post (PostgreSQL only)."

    def handle(self, *args, **options):
        if not is_postgres():
            self.stdout.write("SQLite searches the text directly: nothing to rebuild.")
            return
        for kind, model in publication_kinds().items():
            count = 0
            for item in model.objects.prefetch_related("tags").iterator(chunk_size=500):
                index_for_search(publication=item, hashtags=[t.name for t in item.tags.all()])
                count += 1
            self.stdout.write(f"{kind}: {count} indexed")
        pages_changed()  # search results kept for visitors may have changed
