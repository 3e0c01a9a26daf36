"""What the insight page adds up instead of counting a million comments each time: kept up
to date in the transaction of every change to what they count (insights.tallies)."""

from django.conf import settings
from django.db import models
from taggit.models import Tag

from accounts.models import voice_field
from discussion.models import Comment


class Writing(models.Model):
    """How many lessons, comments or replies one member published in one month, by the
    voice, country and language they carry. A removed or held comment is not counted."""

    class Kind(models.TextChoices):
        LESSON = "lesson"
        COMMENT = "comment"
        REPLY = "reply"

    month = models.DateField()
    # A member who deletes their account leaves their writing, and its tally, nameless.
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    voice = voice_field()
    country = models.CharField(max_length=2, blank=True)
    language = models.CharField(max_length=10, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # Covering: the page adds up a period's tallies from the index alone.
            models.Index(
                fields=["month"],
                include=["kind", "voice", "country", "language", "writer", "count"],
                name="insights_writing_month",
            ),
            models.Index(fields=["writer", "month"], name="insights_writing_writer"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.kind} {self.voice}: {self.count}"


class Answer(models.Model):
    """A published comment by a partner that can be replied to, and how long it waited for
    its first reply from staff or from the writer of what it is on (none yet: null)."""

    comment = models.OneToOneField(
        Comment, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    wait = models.DurationField(null=True)

    class Meta:
        indexes = [models.Index(fields=["month", "wait"], name="insights_answer_month")]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.wait or 'not answered'}"


class Tagging(models.Model):
    """How many publications of one month carry a hashtag (published), and how many
    follow-ups of one month mark one of its lessons applied (applied)."""

    class Kind(models.TextChoices):
        PUBLISHED = "published"
        APPLIED = "applied"

    month = models.DateField()
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "month"], name="insights_tagging_month")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.kind} {self.tag_id}: {self.count}"
