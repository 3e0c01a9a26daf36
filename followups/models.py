"""Follow-ups on lessons: what was done with a lesson afterwards, where and when.

A follow-up belongs to its lesson by a generic relation: this app knows the lesson model
only as registered in followups.lessons.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import voice_field
from followups.lessons import lesson_model
from page_cache.versions import item_topic, item_topic_of, member_topic
from publishing.languages import CONTENT_LANGUAGE_CHOICES, language_direction

NOTE_MAX_LENGTH = 3_000
# A lesson published this long ago with no follow-up waits for one.
FOLLOW_UP_AFTER = timedelta(days=182)


class State(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PARTLY = "partly", _("Partly applied")
    PLANNED = "planned", _("Planned")
    NOT_APPLIED = "not_applied", _("Not applied")


def _lesson_type() -> ContentType:
    return ContentType.objects.get_for_model(lesson_model())


class FollowUpQuerySet(models.QuerySet):
    def of(self, lesson):
        """The follow-ups of this lesson, or of the lesson with this key (an expression such
        as OuterRef("pk") too): an original's, as translations have none of their own."""
        key = lesson.pk if isinstance(lesson, models.Model) else lesson
        return self.filter(content_type=_lesson_type(), object_id=key)

    def timeline(self):
        """Oldest first, with their writers."""
        return self.select_related("author").order_by("happened_on", "created_at", "pk")


class FollowUp(models.Model):
    """What was done with a lesson: applied, partly, planned or not (and why)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    lesson = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="follow_ups",
    )
    state = models.CharField(_("what was done"), max_length=20, choices=State.choices)
    country = CountryField(_("where"))
    happened_on = models.DateField(_("when"))
    note = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    note_html = models.TextField(editable=False, default="")
    language = models.CharField(_("written in"), max_length=10, choices=CONTENT_LANGUAGE_CHOICES)
    voice = voice_field()
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return f"{self.get_state_display()}, {self.country.name}, {self.happened_on}"

    def get_absolute_url(self):
        return f"{self.lesson.get_absolute_url()}#follow-up-{self.pk}"

    @property
    def direction(self) -> str:
        return language_direction(self.language)

    def edit_url(self) -> str:
        return reverse("posts:followups:edit", args=[self.lesson.slug, self.pk])

    def can_be_changed_by(self, user) -> bool:
        """Its writer and staff correct or remove it."""
        return user.is_authenticated and (self.author_id == user.pk or user.is_staff_member)


def _original(ref: str = "pk"):
    """The original lesson of each lesson in a query: follow-ups belong to originals and
    show on every translation."""
    return Coalesce(OuterRef("translation_of_id"), OuterRef(ref))


def follow_ups_of_each():
    return FollowUp.objects.filter(content_type=_lesson_type(), object_id=_original()).order_by()


def with_follow_up_counts(lessons):
    """Each lesson with `follow_up_count` and `applied_countries` (the countries where it
    was applied), counted by the database, two subqueries whatever the number of lessons."""
    counted = follow_ups_of_each().values("object_id")
    return lessons.annotate(
        follow_up_count=Coalesce(models.Subquery(counted.annotate(n=Count("pk")).values("n")), 0),
        applied_countries=Coalesce(
            models.Subquery(
                counted.filter(state=State.APPLIED)
                .annotate(n=Count("country", distinct=True))
                .values("n")
            ),
            0,
        ),
    )


NO_FOLLOW_UP = "none"


def with_follow_up_state(lessons, state: str):
    """Lessons with a follow-up in this state, or with none at all (NO_FOLLOW_UP). A page
    that lists them says it shows FOLLOW_UP_STATES."""
    if state == NO_FOLLOW_UP:
        return lessons.exclude(Exists(follow_ups_of_each()))
    return lessons.filter(Exists(follow_ups_of_each().filter(state=state)))


def waiting_for_follow_up(lessons, *, now):
    """Published originals out for FOLLOW_UP_AFTER or longer with no follow-up yet."""
    return lessons.filter(
        Q(translation_of__isnull=True),
        published_at__lte=now - FOLLOW_UP_AFTER,
    ).exclude(Exists(FollowUp.objects.of(OuterRef("pk"))))


# Which lessons are in which follow-up state: what lists filtered by it show.
FOLLOW_UP_STATES = "followups:states"


def lesson_topics(follow_up: FollowUp) -> list[str]:
    """What a follow-up changes: its lesson's pages (the original's and its translations'),
    its writer's profile, which lists the lessons waiting for one, and the lists filtered
    by follow-up state."""
    lesson = follow_up.lesson
    if lesson is None:  # going with its lesson, whose own deletion replaces its pages
        return [FOLLOW_UP_STATES]
    label = lesson._meta.label_lower
    translations = lesson.translations.values_list("pk", flat=True)
    return [
        item_topic(lesson),
        *(item_topic_of(label, pk) for pk in translations),
        member_topic(lesson.author_id),
        FOLLOW_UP_STATES,
    ]


def state_choices() -> list[tuple[str, str]]:
    return [*State.choices, (NO_FOLLOW_UP, _("No follow-up yet"))]
