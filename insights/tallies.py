"""Keeping the insight page's tallies (insights.models) true to what they count.

Each change to a lesson or a comment counts again, in its own transaction, the little the
change touches: its writer's month, and the comment or parent that a reply answers. A
PostgreSQL advisory lock on each of those, taken before counting, makes concurrent changes
count one after the other, each seeing the others' committed rows. A load of any size (the
demo content, the seeded data, a migration) counts everything again: rebuild().
"""

import contextvars
import datetime
import functools
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, F, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from taggit.models import TaggedItem

from accounts.models import Voice
from discussion.commentable import commentable_models
from discussion.models import Comment
from followups.models import FollowUp, State
from insights.models import Answer, Tagging, Writing
from insights.periods import Period
from posts.models import Post
from publishing.signals import hashtags_changed, while_loading, writing_changed
from seminars.models import SeminarReport

# Beyond this many writer-months, counting everything again is quicker than one by one.
MOST_COUNTED_ONE_BY_ONE = 200
WRITING_LOCK = 7101
LESSON_LOCK = 7105
ANSWER_LOCK = 7102
ANSWER_LOCKS = 1024
TAGGING_LOCK = {Tagging.Kind.PUBLISHED: 7103, Tagging.Kind.APPLIED: 7104}
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


def _lesson_writing(lessons) -> list[Writing]:
    """Tallies of these lessons, by writer and month."""
    return [
        Writing(kind=Writing.Kind.LESSON, writer_id=row.pop("author_id"), **row)
        for row in lessons.order_by()
        .annotate(month=_month("published_at"))
        .values("month", "author_id", *COUNTED)
        .annotate(count=Count("pk"))
    ]


def _comment_writing(comments) -> list[Writing]:
    """Tallies of these comments and replies, by writer and month."""
    reply = models.ExpressionWrapper(Q(level__gt=0), output_field=models.BooleanField())
    counted = []
    for row in (
        comments.order_by()
        .annotate(month=_month("submit_date"), reply=reply)
        .values("month", "user_id", "reply", *COUNTED)
        .annotate(count=Count("pk"))
    ):
        kind = Writing.Kind.REPLY if row.pop("reply") else Writing.Kind.COMMENT
        counted.append(Writing(kind=kind, writer_id=row.pop("user_id"), **row))
    return counted


def _forget(tallies) -> None:
    """Delete these tallies in one statement: no kept page shows them, so no signal is
    sent for each (which every delete of a model with receivers would otherwise do)."""
    tallies._raw_delete(tallies.db)


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


def count_writing(keys: set[tuple[int | None, datetime.date]], *, lessons: bool) -> None:
    """Count again the lessons, or else the comments and replies, of each (writer's id,
    month)."""
    kinds = [Writing.Kind.LESSON] if lessons else [Writing.Kind.COMMENT, Writing.Kind.REPLY]
    with transaction.atomic(savepoint=False):
        _lock(
            LESSON_LOCK if lessons else WRITING_LOCK,
            [(writer or 0) * DAYS + month.toordinal() for writer, month in keys],
        )
        for writer, month in sorted(keys, key=lambda key: (key[0] or 0, key[1])):
            one = Period(month, month)
            _forget(Writing.objects.filter(writer_id=writer, month=month, kind__in=kinds))
            if lessons:
                counted = _lesson_writing(
                    Post.objects.published().filter(
                        author_id=writer, published_at__gte=one.start, published_at__lt=one.end
                    )
                )
            else:
                counted = _comment_writing(
                    Comment.objects.published().filter(
                        user_id=writer, submit_date__gte=one.start, submit_date__lt=one.end
                    )
                )
            Writing.objects.bulk_create(counted)


def count_answers(pks: set[int]) -> None:
    """Count again whether, and when, each of these comments was answered."""
    with transaction.atomic(savepoint=False):
        # A few locks however many comments (a lesson deleted with its discussion): two
        # comments that share one wait for each other, briefly.
        _lock(ANSWER_LOCK, {pk % ANSWER_LOCKS for pk in pks})
        _forget(Answer.objects.filter(comment_id__in=pks))
        Answer.objects.bulk_create(_answers(Comment.objects.filter(pk__in=pks)))


# Hashtags are joined to what they tag by hand: taggit's generic relation compares the
# tagged item's id as a cast, which no index can serve.
PUBLISHED_TAGS = """
    SELECT tagged.tag_id, COUNT(*) FROM {item} item
    JOIN {tagged} tagged ON tagged.content_type_id = %(item_type)s AND tagged.object_id = item.id
    WHERE item.status = %(published)s AND item.published_at >= %(start)s
        AND item.published_at < %(end)s
    GROUP BY tagged.tag_id
"""
APPLIED_TAGS = """
    SELECT tagged.tag_id, COUNT(*) FROM {follow_up} follow_up
    JOIN {item} lesson ON lesson.id = follow_up.object_id AND lesson.status = %(published)s
    JOIN {tagged} tagged
        ON tagged.content_type_id = %(item_type)s AND tagged.object_id = follow_up.object_id
    WHERE follow_up.content_type_id = %(item_type)s AND follow_up.state = %(applied)s
        AND follow_up.happened_on >= %(first)s AND follow_up.happened_on < %(next)s
    GROUP BY tagged.tag_id
"""


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _tag_counts(sql: str, model, month: datetime.date, **params) -> list[tuple[int, int]]:
    one = Period(month, month)
    ops = connection.ops
    params |= {
        "item_type": ContentType.objects.get_for_model(model).pk,
        "published": model.Status.PUBLISHED,
        "start": ops.adapt_datetimefield_value(one.start),
        "end": ops.adapt_datetimefield_value(one.end),
        "first": ops.adapt_datefield_value(one.first),
        "next": ops.adapt_datefield_value(one.end.date()),
    }
    sql = sql.format(item=_table(model), tagged=_table(TaggedItem), follow_up=_table(FollowUp))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def count_tags(kind: str, months: set[datetime.date]) -> None:
    """Count again, for each of these months, the publications each hashtag is on
    (published) or the follow-ups marking its lessons applied (applied)."""
    with transaction.atomic(savepoint=False):
        _lock(TAGGING_LOCK[kind], [month.toordinal() for month in months])
        for month in sorted(months):
            if kind == Tagging.Kind.PUBLISHED:
                counted = [
                    row
                    for model in (Post, SeminarReport)
                    for row in _tag_counts(PUBLISHED_TAGS, model, month)
                ]
            else:
                counted = _tag_counts(APPLIED_TAGS, Post, month, applied=State.APPLIED)
            totals = {}
            for tag, count in counted:
                totals[tag] = totals.get(tag, 0) + count
            _forget(Tagging.objects.filter(kind=kind, month=month))
            Tagging.objects.bulk_create(
                Tagging(kind=kind, month=month, tag_id=tag, count=count)
                for tag, count in totals.items()
            )


def _applied_months(lesson) -> set[datetime.date]:
    if not isinstance(lesson, Post):
        return set()
    applied = FollowUp.objects.of(lesson).filter(state=State.APPLIED)
    return {day.replace(day=1) for day in applied.dates("happened_on", "month")}


def publication_changed(publication, *months: datetime.date) -> None:
    """Count again the hashtags of the publication's months (and of the months its
    follow-ups marked it applied in, since those count only while it is published)."""
    if months:
        count_tags(Tagging.Kind.PUBLISHED, set(months))
    applied = _applied_months(publication)
    if applied:
        count_tags(Tagging.Kind.APPLIED, applied)


def comments_changed(comments) -> None:
    """Count again what these comments, and the comments they reply to, count in."""
    keys = {(comment.user_id, month_of(comment.submit_date)) for comment in comments}
    if len(keys) > MOST_COUNTED_ONE_BY_ONE:
        rebuild()
        return
    count_writing(keys, lessons=False)
    pks = {comment.pk for comment in comments}
    count_answers(pks | {comment.parent_id for comment in comments if comment.parent_id})


def rebuild() -> None:
    """Count everything again."""
    with transaction.atomic():
        _forget(Writing.objects.all())
        Writing.objects.bulk_create(
            _lesson_writing(Post.objects.published())
            + _comment_writing(Comment.objects.published()),
            batch_size=5_000,
        )
        _forget(Answer.objects.all())
        Answer.objects.bulk_create(_answers(Comment.objects.all()), batch_size=5_000)
    rebuild_tags()


def rebuild_tags() -> None:
    """Count every hashtag's publications and applied follow-ups again."""
    with transaction.atomic():
        _forget(Tagging.objects.all())
        published = {
            month.date()
            for model in (Post, SeminarReport)
            for month in model.objects.published().datetimes("published_at", "month")
        }
        count_tags(Tagging.Kind.PUBLISHED, published)
        applied = FollowUp.objects.filter(state=State.APPLIED).dates("happened_on", "month")
        count_tags(Tagging.Kind.APPLIED, set(applied))


def _publication_before(sender, instance, raw=False, **kwargs):
    """Where the publication was counted before this save, to count that month again too."""
    if raw or instance.pk is None:
        return
    instance._counted_as = (
        sender.objects.filter(pk=instance.pk).values_list("author_id", "published_at").first()
    )


def _publication_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    keys = set()
    for writer, published_at in [
        (instance.author_id, instance.published_at),
        getattr(instance, "_counted_as", None) or (None, None),
    ]:
        if published_at is not None:
            keys.add((writer, month_of(published_at)))
    if keys and sender is Post:
        count_writing(keys, lessons=True)
    publication_changed(instance, *{month for _writer, month in keys})


def _hashtags_changed(sender, publication=None, everything=False, **kwargs):
    if everything:
        rebuild_tags()
    elif publication is not None and publication.published_at is not None:
        publication_changed(publication, month_of(publication.published_at))


def _follow_up_before(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        instance._counted_on = (
            FollowUp.objects.filter(pk=instance.pk).values_list("happened_on", flat=True).first()
        )


def _follow_up_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    days = {instance.happened_on, getattr(instance, "_counted_on", None)} - {None}
    count_tags(Tagging.Kind.APPLIED, {day.replace(day=1) for day in days})


def _comment_changed(sender, instance, raw=False, created=False, **kwargs):
    # django-comments-xtd saves a new comment twice, the second time with its place in its
    # thread: that save counts it.
    if not raw and not created:
        comments_changed([instance])


def _writing_changed(sender, comments=(), everything=False, **kwargs):
    if everything:
        rebuild()
    elif comments:
        comments_changed(comments)


_loading = contextvars.ContextVar("loading", default=False)


@contextmanager
def counted_at_the_end():
    """A load (publishing.signals.loading()): the tallies wait, and count everything once
    at its end, if it succeeds."""
    token = _loading.set(True)
    try:
        yield
    finally:
        _loading.reset(token)
    rebuild()


def _unless_loading(receiver):
    @functools.wraps(receiver)
    def receiving(*args, **kwargs):
        if not _loading.get():
            receiver(*args, **kwargs)

    return receiving


def connect() -> None:
    def on(signal, receiver, sender, uid):
        signal.connect(_unless_loading(receiver), sender=sender, weak=False, dispatch_uid=uid)

    for model in (Post, SeminarReport):
        name = model._meta.label_lower
        on(pre_save, _publication_before, model, f"insights-{name}")
        for signal in (post_save, post_delete):
            on(signal, _publication_changed, model, f"insights-{name}-{signal}")
    on(pre_save, _follow_up_before, FollowUp, "insights-follow-up")
    for signal in (post_save, post_delete):
        on(signal, _comment_changed, Comment, f"insights-comment-{signal}")
        on(signal, _follow_up_changed, FollowUp, f"insights-follow-up-{signal}")
    on(writing_changed, _writing_changed, None, "insights-writing")
    on(hashtags_changed, _hashtags_changed, None, "insights-hashtags")
    while_loading(counted_at_the_end)


def count_after_migrating(sender, using="default", **kwargs) -> None:
    """A database that has writing but no tallies yet (one that was here before them) is
    counted once, when every migration has run, with the models as they are then."""
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if Writing.objects.using(using).exists() or Answer.objects.using(using).exists():
        return
    if Post.objects.using(using).published().exists() or Comment.objects.using(using).exists():
        rebuild()
