"""What seminar reports and posts share: the publishing fields and the record of revisions."""

from math import ceil
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from publishing.languages import CONTENT_LANGUAGE_CHOICES, language_direction, language_name

BODY_MAX_LENGTH = 30_000
# Open Graph names a locale with its country; these are the ones its readers expect.
OPEN_GRAPH_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES", "ar": "ar_AR"}
WORDS_READ_PER_MINUTE = 200
# Items of one kind under a hashtag, beyond which they are matched rather than listed.
FEW_TAGGED = 2_000


class EditorAction(models.TextChoices):
    """What the editor's buttons ask for when a writer sends the form."""

    PREVIEW = "preview"
    SAVE = "save"
    SUBMIT = "submit"
    PUBLISH = "publish"


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=self.model.Status.PUBLISHED)

    def plain_search(self, word: str):
        """Items with the word in any searchable field or hashtag: the fallback to full text."""
        matches = models.Q(tags__name__icontains=word)
        for field in self.model.SEARCH_FIELDS:
            matches |= models.Q(**{f"{field}__icontains": word})
        return self.filter(matches)

    def tagged(self, tag):
        """Items carrying the hashtag (a Tag, or its slug), found by the hashtag's rows: a
        join through taggit's relation compares each item's key as a cast, which no index
        serves. The keys of a rare hashtag's items are read first and looked up one by one;
        a common one's are matched while items are read in order, where they are soon found."""
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            **({"tag__slug": tag} if isinstance(tag, str) else {"tag": tag}),
        ).values_list("object_id", flat=True)
        few = list(tagged[: FEW_TAGGED + 1])
        return self.filter(pk__in=few if len(few) <= FEW_TAGGED else tagged)

    def newest_first(self):
        return self.order_by(models.F("published_at").desc(nulls_first=True), "-pk")

    def for_display(self):
        """What pages show of each item: its hashtags fetched in one query, as `hashtags`, and
        not its search index, which only the database reads.

        The hashtags are kept as a plain list: filling `tags.all()` instead makes taggit build
        a queryset for each item, which costs more than the query itself.
        """
        return self.prefetch_related(models.Prefetch("tags", to_attr="hashtag_list")).defer(
            "search_vector"
        )

    def with_uploads(self):
        """Each item's photos and files, as `photo_list` and `file_list`, in two queries."""
        return self.prefetch_related(
            models.Prefetch("photos", to_attr="photo_list"),
            models.Prefetch("attachments", to_attr="file_list"),
        )


class Publication(models.Model):
    """Fields of anything written, reviewed and published on the site.

    Each kind declares `kind` (its name in lists and search, such as "post"), its card in
    lists of every kind (`card_template`, which calls the item `card_name`), its own
    `Status` choices, with DRAFT and PUBLISHED members, and `status` field, SEARCH_FIELDS
    (its searchable fields) and EXCERPT_FIELDS (text that search results quote).
    """

    SEARCH_FIELDS = ["title", "summary", "body"]
    EXCERPT_FIELDS = ["summary", "body"]

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True, allow_unicode=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in lists.")
    )
    body = models.TextField(
        _("body"),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Markdown: **bold**, _italic_, [links](https://…), lists, > quotes, #hashtags."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"), max_length=10, choices=CONTENT_LANGUAGE_CHOICES, default="en"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="%(app_label)s_%(class)ss",
    )
    tags = TaggableManager(verbose_name=_("hashtags"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    revisions = GenericRelation("publishing.Revision", object_id_field="object_id")
    photos = GenericRelation("uploads.Photo", object_id_field="object_id")
    attachments = GenericRelation("uploads.Attachment", object_id_field="object_id")
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def versioned_text(self) -> str:
        """The text a revision keeps besides title and summary; kinds add their own parts."""
        return self.body

    def search_parts(self, hashtags: list[str]) -> list[tuple[str, str]]:
        """Searchable text with its weight, A (most) to D; kinds add their own parts."""
        return [(self.title, "A"), (" ".join([self.summary, *hashtags]), "B"), (self.body, "C")]

    @property
    def hashtags(self) -> list:
        try:
            return self.hashtag_list
        except AttributeError:
            return list(self.tags.all())

    @property
    def reading_minutes(self) -> int:
        return max(1, ceil(len(self.body.split()) / WORDS_READ_PER_MINUTE))

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def language_direction(self) -> str:
        return language_direction(self.language)

    @property
    def open_graph_locale(self) -> str:
        return OPEN_GRAPH_LOCALES.get(self.language, "")


class Revision(models.Model):
    """One saved version of a publication's text, kept so staff can see what changed."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    publication = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    body = models.TextField(_("body"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("edited by"), on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return f"{self.title} ({self.created_at:%Y-%m-%d %H:%M})"


class Hashtag(NamedTuple):
    """What a page shows of a hashtag: lighter to make than taggit's Tag."""

    pk: int
    name: str
    slug: str


def load_hashtags(items) -> None:
    """Read the hashtags of publications of any kinds in one query, as `hashtags`, in the
    order they were given: for a page of several kinds, where prefetching costs a query a
    kind and more in building it than in reading."""
    by_model = {}
    for item in items:
        item.hashtag_list = []
        by_model.setdefault(type(item), {})[item.pk] = item
    if not by_model:
        return
    content_types = ContentType.objects.get_for_models(*by_model)
    keys = {content_types[model].pk: found for model, found in by_model.items()}
    wanted = models.Q()
    for content_type, found in keys.items():
        wanted |= models.Q(content_type_id=content_type, object_id__in=list(found))
    rows = TaggedItem.objects.filter(wanted).order_by("pk")
    for content_type, key, *hashtag in rows.values_list(
        "content_type_id", "object_id", "tag_id", "tag__name", "tag__slug"
    ):
        keys[content_type][key].hashtag_list.append(Hashtag(*hashtag))
