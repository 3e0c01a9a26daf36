from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Organisation, voice_field
from followups.models import waiting_for_follow_up, with_follow_up_counts
from publishing.models import BODY_MAX_LENGTH, Publication, PublicationQuerySet

SECTION_MAX_LENGTH = 5_000


class PostQuerySet(PublicationQuerySet):
    def for_list(self):
        return with_follow_up_counts(
            self.select_related("author", "organisation")
            .prefetch_related("author__groups")
            .for_display()
            .newest_first()
        )

    def for_detail(self):
        return (
            self.select_related("author", "organisation", "translation_of")
            .prefetch_related("author__groups")
            .for_display()
            .with_uploads()
        )

    def waiting_for_follow_up(self):
        """Published lessons out for six months or more that nobody has followed up."""
        return waiting_for_follow_up(self.published(), now=timezone.now())

    def visible_to(self, user):
        """Published posts, with the writer's own unpublished ones, and everything for staff."""
        if user.has_perm("posts.review_post"):
            return self
        if user.is_authenticated:
            return self.filter(Q(status=Post.Status.PUBLISHED) | Q(author=user))
        return self.published()

    def translations_of(self, post):
        """The other published versions: the original and the original's translations."""
        original_id = post.translation_of_id or post.pk
        return (
            self.published()
            .filter(Q(pk=original_id) | Q(translation_of_id=original_id))
            .exclude(pk=post.pk)
            .order_by("language")
        )


class Post(Publication):
    kind = "post"
    card_template = "posts/includes/post_card.html"
    card_name = "post"
    # The structured lesson, in the order the editor and the page show it.
    LESSON_FIELDS = ["context", "what_worked", "what_did_not_work", "what_we_would_change"]
    SEARCH_FIELDS = [*Publication.SEARCH_FIELDS, *LESSON_FIELDS]
    EXCERPT_FIELDS = ["summary", *LESSON_FIELDS, "body"]

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for review")
        RETURNED = "returned", _("Returned with a note")
        PUBLISHED = "published", _("Published")

    body = models.TextField(
        _("the whole story"),
        max_length=BODY_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Optional. Markdown: **bold**, _italic_, [links](https://…), lists, > quotes, "
            "#hashtags."
        ),
    )
    context = models.TextField(
        _("context"),
        max_length=SECTION_MAX_LENGTH,
        help_text=_("Where, when, with whom, and why."),
    )
    what_worked = models.TextField(_("what worked"), max_length=SECTION_MAX_LENGTH, blank=True)
    what_did_not_work = models.TextField(
        _("what did not work"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    what_we_would_change = models.TextField(
        _("what we would do differently"), max_length=SECTION_MAX_LENGTH, blank=True
    )
    shares_failure = models.BooleanField(
        _("shares a failure"),
        default=False,
        help_text=_("Tick if the lesson is mostly about something that did not work."),
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
    )
    country = CountryField(_("country"), blank=True)
    voice = voice_field()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_note = models.TextField(_("note from the reviewer"), blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    # Deleting a lesson deletes its follow-ups; follow-ups find their lesson as `post`.
    follow_ups = GenericRelation("followups.FollowUp", related_query_name="post")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Covering: the insight page counts what was published when from the index alone.
            models.Index(
                fields=["status", "-published_at"],
                include=["id", "translation_of"],
                name="posts_published_covering",
            ),
            # The filters' choices: each language and country found by one index lookup.
            models.Index(fields=["status", "language"], name="posts_published_language"),
            models.Index(fields=["status", "country"], name="posts_published_country"),
        ]
        permissions = [("review_post", "Can publish posts and return them with a note")]
        verbose_name = _("lessons-learned post")
        verbose_name_plural = _("lessons-learned posts")

    def get_absolute_url(self):
        return reverse("posts:detail", args=[self.slug])

    def search_parts(self, hashtags: list[str]) -> list[tuple[str, str]]:
        lesson = " ".join(getattr(self, name) for name in self.LESSON_FIELDS)
        return [*super().search_parts(hashtags), (lesson, "B")]

    def versioned_text(self) -> str:
        # Fixed English labels, so a version does not change with the editor's language.
        parts = [
            (name.replace("_", " ").capitalize(), getattr(self, name))
            for name in self.LESSON_FIELDS
        ]
        sections = "\n\n".join(f"## {label}\n{text}" for label, text in parts if text)
        flags = f"[{self.language}]" + (" [shares a failure]" if self.shares_failure else "")
        return f"{flags}\n\n{sections}\n\n{self.body}".strip()

    @property
    def original(self):
        return self.translation_of or self

    def can_be_edited_by(self, user) -> bool:
        """Staff edit any post; writers who may still write edit theirs until it is published."""
        if user.has_perm("posts.change_post"):
            return True
        return (
            self.author_id == user.pk and user.has_perm("posts.add_post") and not self.is_published
        )
