"""Threaded comments on seminar reports and posts, built on django-comments-xtd's model."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment, XtdCommentManager
from django_countries import countries
from django_countries.fields import CountryField

from accounts.models import PARTNERS_GROUP, STAFF_GROUP, voice_field
from discussion.commentable import commentable_models
from publishing.languages import CONTENT_LANGUAGE_CHOICES, language_direction

EDIT_WINDOW = timezone.timedelta(minutes=15)


def _in_group(name: str):
    return Exists(Group.objects.filter(name=name, user=OuterRef("user_id")).values("pk"))


def _on(items) -> Q:
    """Comments on one of these items: each looks its item up by key (object_pk is text;
    reports and posts have number keys)."""
    return Q(
        Exists(items.filter(pk=Cast(OuterRef("object_pk"), models.BigIntegerField()))),
        content_type=ContentType.objects.get_for_model(items.model),
    )


class CommentQuerySet(models.QuerySet):
    def on(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_pk=str(target.pk)
        )

    def published(self):
        return self.filter(is_public=True, is_removed=False)

    def held(self):
        return self.filter(is_public=False, is_removed=False)

    def on_items(self, items):
        """Comments on these items, all of one kind."""
        return self.filter(_on(items))

    def _on_any(self, querysets):
        condition = Q()
        for items in querysets:
            condition |= _on(items)
        return self.filter(condition)

    def on_published_content(self):
        """Comments whose report or post is published. For many comments, ask kind by kind
        with on_items: PostgreSQL then looks each item up rather than reading them all."""
        return self._on_any(model.objects.published() for model in commentable_models())

    def on_content_by(self, author):
        return self._on_any(model.objects.filter(author=author) for model in commentable_models())

    def reported(self):
        """Published comments with a report no moderator has settled: found through the
        open flags, not by reading every published comment. (Held ones, reported or not,
        are held(), found through the index of migration 0003.)"""
        open_reports = Flag.objects.filter(dismissed_at=None).order_by().values("comment_id")
        return self.filter(pk__in=open_reports, is_public=True, is_removed=False)

    def with_authors(self):
        """What a comment shows of its author (name, organisation, country, role), as
        columns of the same query rather than related objects."""
        return self.annotate(
            author_name=Coalesce(NullIf("user__name", Value("")), "user_name"),
            author_country=F("user__country"),
            organisation_name=F("user__organisation__name"),
            organisation_country=F("user__organisation__country"),
            author_is_staff=Q(user__is_superuser=True) | _in_group(STAFF_GROUP),
            author_is_partner=_in_group(PARTNERS_GROUP),
        )

    def thread_for(self, target, user):
        """What a page shows of a discussion: published and removed comments in thread
        order, and a signed-in member's own comments that wait for a moderator."""
        visible = Q(is_public=True)
        if user.is_authenticated:
            visible |= Q(user=user)
        return (
            self.on(target)
            .filter(visible)
            .with_authors()
            .defer("comment", "user_email", "user_url", "ip_address")
            .order_by("thread_id", "order")
        )


class CommentManager(XtdCommentManager.from_queryset(CommentQuerySet)):
    def get_queryset(self):
        # django-comments-xtd's manager joins every comment to its user and content type;
        # a thread reads what it shows of authors as columns (with_authors()) instead.
        return CommentQuerySet(self.model, using=self._db).order_by("thread_id", "order")


class Comment(XtdComment):
    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="discussion_comment",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=CONTENT_LANGUAGE_CHOICES, blank=True
    )
    body_html = models.TextField(editable=False, default="")
    voice = voice_field()
    country = CountryField(_("country"), blank=True, default="", db_default="", editable=False)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=500, blank=True)

    objects = CommentManager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["thread_id", "order"]

    def get_absolute_url(self):
        return f"{self.content_object.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_held(self) -> bool:
        return not self.is_public and not self.is_removed

    @property
    def removed_by_author(self) -> bool:
        return self.is_removed and self.removed_by_id == self.user_id

    @property
    def country_name(self) -> str:
        """The author's country, or else their organisation's (with with_authors())."""
        code = self.author_country or self.organisation_country
        return countries.name(code) if code else ""

    @property
    def direction(self) -> str:
        return language_direction(self.language) if self.language else ""

    def can_be_changed_by(self, user) -> bool:
        """Its author may edit or delete it for a quarter of an hour after writing it."""
        return (
            user.is_authenticated
            and self.user_id == user.pk
            and not self.is_removed
            and timezone.now() - self.submit_date < EDIT_WINDOW
        )


class Flag(models.Model):
    """A member's report that a comment breaks the community's rules."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Abusive, hateful or harassing")
        PRIVATE = "private", _("Shares someone's private information")
        OFF_TOPIC = "off_topic", _("Off topic")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_flag_per_member")
        ]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"


class Subscription(models.Model):
    """A member following the discussion of one report or post by e-mail, or muting it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_pk = models.CharField(max_length=64)
    muted = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_pk"], name="one_subscription_per_item"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {'mutes' if self.muted else 'follows'} {self.object_pk}"


class ReplyUsed(models.Model):
    """A reply address that brought a comment by e-mail: each works once."""

    address = models.CharField(max_length=200, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.address
