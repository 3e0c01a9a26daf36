"""Every kind of publication, and reads across them: one list of reports and posts together.

The kinds are the installed models built on Publication, found when first asked for: this
app knows none of them by name.
"""

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Value

from page_cache.versions import (
    hashtag_topic,
    kept_while_publications_unchanged,
    kept_while_unchanged,
)
from publishing.models import Publication


def publication_kinds() -> dict[str, type[Publication]]:
    """Each kind's name (its `kind`) and model, in the order of INSTALLED_APPS."""
    return {model.kind: model for model in apps.get_models() if issubclass(model, Publication)}


class CombinedList:
    """The published items of several kinds as one list, newest first, with its total
    counted kind by kind and kept until a publication changes (`name` says which list it
    is).

    A slice reads the newest rows of each kind by that kind's own index, and merges them:
    a UNION ordered as a whole (or counted) makes the database read every row of a popular
    hashtag.
    """

    ORDER = ("-published_at", "-pk")

    def __init__(self, parts, *, name: str, topic: str | None = None):
        self.parts = parts
        self.name = name
        self.topic = topic

    def count(self) -> int:
        """Kept until the topic of what is listed changes, or any publication."""
        key = f"published-count:{self.name}"

        def counted():
            return sum(part.count() for part in self.parts)

        if self.topic is not None:
            return kept_while_unchanged(key, counted, self.topic)
        return kept_while_publications_unchanged(key, counted)

    def __getitem__(self, index: slice) -> list[dict]:
        rows = [row for part in self.parts for row in part.order_by(*self.ORDER)[: index.stop]]
        # Newest first; at the same moment, by kind, then newest first again.
        rows.sort(key=lambda row: -row["pk"])
        rows.sort(key=lambda row: row["kind"])
        rows.sort(key=lambda row: row["published_at"], reverse=True)
        return rows[index]


def published_keys(*, page_number, per_page: int, tag=None) -> Page:
    """One page of published items of every kind together, newest first, each as
    {"kind": name, "pk": key, "published_at": when}, chosen from each kind's newest keys:
    the page costs the same few queries however much is published."""
    keys = []
    for kind, model in publication_kinds().items():
        published = model.objects.published()
        if tag is not None:
            published = published.tagged(tag)
        keys.append(
            published.annotate(kind=Value(kind, output_field=CharField())).values(
                "pk", "published_at", "kind"
            )
        )
    if tag is None:
        listed = CombinedList(keys, name="all")
    else:
        listed = CombinedList(keys, name=f"tag-{tag.pk}", topic=hashtag_topic(tag.pk))
    return Paginator(listed, per_page).get_page(page_number)


def published_page(*, page_number, per_page: int, tag=None) -> Page:
    """The same page, each item as {"kind": name, "item": publication}: its items are
    fetched kind by kind."""
    page = published_keys(page_number=page_number, per_page=per_page, tag=tag)
    objects = {}
    for kind, model in publication_kinds().items():
        wanted = [row["pk"] for row in page.object_list if row["kind"] == kind]
        if wanted:
            objects.update(
                ((kind, item.pk), item) for item in model.objects.filter(pk__in=wanted).for_list()
            )
    page.object_list = [
        {"kind": row["kind"], "item": objects[(row["kind"], row["pk"])]}
        for row in page.object_list
    ]
    return page
