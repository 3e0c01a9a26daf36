"""Keeping the insight page's tallies (insights.models) true to what they count.

Each change to a lesson or a comment counts again, in its own transaction, the little the
change touches: its writer's month, and the comment or parent that a reply answers. A
PostgreSQL advisory lock on each of those, taken before counting, makes concurrent changes
count one after the other, each seeing the others' committed rows. A load of any size (the
demo content, the seeded data, a migration) counts everything again: rebuild().
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from accounts.models import Voice
from discussion.commentable import commentable_models
from discussion.models import Comment
from insights.models import Answer, Writing
from insights.periods import Period
from posts.models import Post
from publishing.signals import writing_changed

# Beyond this many writer-months, counting everything again is quicker than one by one.
MOST_COUNTED_ONE_BY_ONE = 200
WRITING_LOCK = 7101
ANSWER_LOCK = 7102
LOCK_RANGE = 2**31 - 1
DAYS = 1_000_000  # more than any ordinal of a day before the year 2738
COUNTED = ("voice", "country", "language")


def month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=models.DateField())


def _lock(kind: int, keys) -> None:
    """Wait for any other transaction counting the same things, until this one ends."""
    if connection.vendor != "postgresql":
        return  # SQLite lets one transaction write at a time.
    with connection.cursor() as cursor:
        for key in sorted({key % LOCK_RANGE for key in keys}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [kind, key])


def _writing(lessons, comments) -> list[Writing]:
    """Tallies of these lessons and comments, by writer and month."""
    counted = [
        Writing(kind=Writing.Kind.LESSON, writer_id=row.pop("author_id"), **row)
        for row in lessons.order_by()
        .annotate(month=_month("published_at"))
        .values("month", "author_id", *COUNTED)
        .annotate(count=Count("pk"))
    ]
    reply = models.ExpressionWrapper(Q(level__gt=0), output_field=models.BooleanField())
    for row in (
        comments.order_by()
        .annotate(month=_month("submit_date"), reply=reply)
        .values("month", "user_id", "reply", *COUNTED)
        .annotate(count=Count("pk"))
    ):
        kind = Writing.Kind.REPLY if row.pop("reply") else Writing.Kind.COMMENT
        counted.append(Writing(kind=kind, writer_id=row.pop("user_id"), **row))
    return counted


def _item_writer():
    """The writer of the report or post a comment is on."""
    return models.Case(
        *(
            When(
                content_type=ContentType.objects.get_for_model(model),
                then=Subquery(
                    model.objects.filter(
                        pk=Cast(OuterRef("object_pk"), models.BigIntegerField())
                    ).values("author_id")[:1]
                ),
            )
            for model in commentable_models()
        ),
        default=Value(None),
        output_field=models.BigIntegerField(),
    )


def _answers(comments) -> list[Answer]:
    """Of these comments, those by partners that can be replied to, each with its wait for
    the first reply from staff or from the writer of what it is on."""
    first_answer = (
        Comment.objects.published()
        .order_by()
        # A reply is in its parent's thread: the thread's index finds it.
        .filter(thread_id=OuterRef("thread_id"), parent_id=OuterRef("pk"), level__gt=0)
        .filter(Q(voice=Voice.STAFF) | Q(user_id=OuterRef("item_writer")))
        # A writer adding to their own comment on their own lesson answers nobody.
        .exclude(user_id=OuterRef("user_id"))
        .values("parent_id")
        .annotate(first=Min("submit_date"))
        .values("first")
    )
    waited = models.ExpressionWrapper(
        F("answered_at") - F("submit_date"), output_field=models.DurationField()
    )
    rows = (
        comments.published()
        .order_by()
        .filter(voice=Voice.PARTNER, level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL)
        .annotate(item_writer=_item_writer(), answered_at=Subquery(first_answer))
        .annotate(month=_month("submit_date"), waited=waited)
        .values_list("pk", "month", "waited")
    )
    return [Answer(comment_id=pk, month=month, wait=wait) for pk, month, wait in rows]


def count_writing(keys: set[tuple[int | None, datetime.date]]) -> None:
    """Count again the writing of each (writer's id, month)."""
    with transaction.atomic():
        _lock(WRITING_LOCK, [(writer or 0) * DAYS + month.toordinal() for writer, month in keys])
        for writer, month in sorted(keys, key=lambda key: (key[0] or 0, key[1])):
            one = Period(month, month)
            start, end = one.start, one.end
            Writing.objects.filter(writer_id=writer, month=month).delete()
            Writing.objects.bulk_create(
                _writing(
                    Post.objects.published().filter(
                        author_id=writer, published_at__gte=start, published_at__lt=end
                    ),
                    Comment.objects.published().filter(
                        user_id=writer, submit_date__gte=start, submit_date__lt=end
                    ),
                )
            )


def count_answers(pks: set[int]) -> None:
    """Count again whether, and when, each of these comments was answered."""
    with transaction.atomic():
        _lock(ANSWER_LOCK, pks)
        Answer.objects.filter(comment_id__in=pks).delete()
        Answer.objects.bulk_create(_answers(Comment.objects.filter(pk__in=pks)))


def comments_changed(comments) -> None:
    """Count again what these comments, and the comments they reply to, count in."""
    keys = {(comment.user_id, month_of(comment.submit_date)) for comment in comments}
    if len(keys) > MOST_COUNTED_ONE_BY_ONE:
        rebuild()
        return
    count_writing(keys)
    pks = {comment.pk for comment in comments}
    count_answers(pks | {comment.parent_id for comment in comments if comment.parent_id})


def rebuild() -> None:
    """Count everything again."""
    with transaction.atomic():
        Writing.objects.all().delete()
        Writing.objects.bulk_create(
            _writing(Post.objects.published(), Comment.objects.published()), batch_size=5_000
        )
        Answer.objects.all().delete()
        Answer.objects.bulk_create(_answers(Comment.objects.all()), batch_size=5_000)


def _lesson_before(sender, instance, raw=False, **kwargs):
    """Where the lesson was counted before this save, to count that month again too."""
    if raw or instance.pk is None:
        return
    instance._counted_as = (
        Post.objects.filter(pk=instance.pk).values_list("author_id", "published_at").first()
    )


def _lesson_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    keys = set()
    for writer, published_at in [
        (instance.author_id, instance.published_at),
        getattr(instance, "_counted_as", None) or (None, None),
    ]:
        if published_at is not None:
            keys.add((writer, month_of(published_at)))
    if keys:
        count_writing(keys)


def _comment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        comments_changed([instance])


def _writing_changed(sender, comments=(), everything=False, **kwargs):
    if everything:
        rebuild()
    elif comments:
        comments_changed(comments)


def connect() -> None:
    pre_save.connect(_lesson_before, sender=Post, dispatch_uid="insights-lesson-before")
    for signal in (post_save, post_delete):
        signal.connect(_lesson_changed, sender=Post, dispatch_uid=f"insights-lesson-{signal}")
        signal.connect(_comment_changed, sender=Comment, dispatch_uid=f"insights-comment-{signal}")
    writing_changed.connect(_writing_changed, dispatch_uid="insights-writing")


def count_after_migrating(sender, using="default", **kwargs) -> None:
    """A database that has writing but no tallies yet (one that was here before them) is
    counted once, with the models as they are after every migration."""
    if Writing.objects.using(using).exists() or Answer.objects.using(using).exists():
        return
    if Post.objects.using(using).published().exists() or Comment.objects.using(using).exists():
        rebuild()
