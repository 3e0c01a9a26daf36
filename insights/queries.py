"""The insight page's figures, each counted by the database for a period of whole months.

Every function returns plain data (months, codes and numbers, nothing translated), so the
whole result can be kept in the cache and shown in any language.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Cast, RowNumber, TruncMonth
from taggit.models import Tag

from accounts.models import Voice
from discussion.commentable import commentable_models
from discussion.models import Comment
from followups.models import NO_FOLLOW_UP, FollowUp, State, follow_ups_of_each
from insights.periods import Period
from posts.models import Post
from seminars.models import SeminarReport

VOICES = [Voice.PARTNER, Voice.STAFF, Voice.MEMBER]
# A group written by fewer people than this is counted under OTHER, so that no one is known
# by a small country or language.
SMALLEST_GROUP = 5
OTHER = "other"
NOT_STATED = ""
TOP_HASHTAGS = 10


def _month(field: str) -> TruncMonth:
    return TruncMonth(field, output_field=models.DateField())


def _by_month(period: Period, rows, fields: list[str]) -> list[dict]:
    """One row a month of the period, with zeros for months the database found nothing in."""
    found = {_as_date(row["month"]): row for row in rows}
    empty = dict.fromkeys(fields, 0)
    return [
        {"month": month, **{field: found.get(month, empty)[field] for field in fields}}
        for month in period.months
    ]


def _as_date(value) -> datetime.date:
    return value.date() if isinstance(value, datetime.datetime) else value


def lessons(period: Period):
    """Published lessons of the period, translations included (each is written by someone)."""
    return Post.objects.published().filter(
        published_at__gte=period.start, published_at__lt=period.end
    )


def comments(period: Period):
    """Published comments of the period, on any content; removed and held ones do not count."""
    return (
        Comment.objects.published()
        .filter(submit_date__gte=period.start, submit_date__lt=period.end)
        .order_by()
    )


def voices(period: Period) -> dict[str, list[dict]]:
    """Lessons, comments and replies of each month, by the writer's voice when they wrote."""
    per_voice = {voice: Count("pk", filter=Q(voice=voice)) for voice in VOICES}
    lesson_rows = (
        lessons(period)
        .order_by()
        .annotate(month=_month("published_at"))
        .values("month")
        .annotate(**per_voice)
    )
    comment_counts = {}
    for kind, level in (("comments", Q(level=0)), ("replies", Q(level__gt=0))):
        for voice in VOICES:
            comment_counts[f"{kind}_{voice}"] = Count("pk", filter=level & Q(voice=voice))
    comment_rows = (
        comments(period)
        .annotate(month=_month("submit_date"))
        .values("month")
        .annotate(**comment_counts)
    )
    by_month = _by_month(period, comment_rows, list(comment_counts))
    return {
        "lessons": _by_month(period, lesson_rows, VOICES),
        "comments": [
            {"month": row["month"], **{v: row[f"comments_{v}"] for v in VOICES}}
            for row in by_month
        ],
        "replies": [
            {"month": row["month"], **{v: row[f"replies_{v}"] for v in VOICES}} for row in by_month
        ],
    }


def _groups(queryset, field: str, writer: str) -> dict[str, dict]:
    rows = (
        queryset.order_by()
        .values(field)
        .annotate(count=Count("pk"), people=Count(writer, distinct=True))
    )
    return {row[field]: row for row in rows}


def breakdown(period: Period, field: str) -> list[dict]:
    """Lessons and comments (replies included) by country or language, each group shown on
    its own only if every count in it comes from at least SMALLEST_GROUP people (or none):
    the others are added up under OTHER."""
    lesson_groups = _groups(lessons(period), field, "author_id")
    comment_groups = _groups(comments(period), field, "user_id")
    rows, other = [], {"key": OTHER, "lessons": 0, "comments": 0}
    for key in lesson_groups.keys() | comment_groups.keys():
        counted = [lesson_groups.get(key), comment_groups.get(key)]
        row = {
            "key": key,
            "lessons": counted[0]["count"] if counted[0] else 0,
            "comments": counted[1]["count"] if counted[1] else 0,
        }
        if all(group is None or group["people"] >= SMALLEST_GROUP for group in counted):
            rows.append(row)
        else:
            other["lessons"] += row["lessons"]
            other["comments"] += row["comments"]
    rows.sort(key=lambda row: (row["key"] == NOT_STATED, -row["comments"] - row["lessons"]))
    if other["lessons"] or other["comments"]:
        rows.append(other)
    return rows


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


def answers(period: Period) -> list[dict]:
    """Of partners' comments (those that can be replied to), how many got a reply from staff
    or from the writer of what they are on, and the median time to the first such reply,
    month by month (the month of the partner's comment)."""
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
    partner_comments = (
        comments(period)
        .filter(voice=Voice.PARTNER, level__lt=settings.COMMENTS_XTD_MAX_THREAD_LEVEL)
        .annotate(item_writer=_item_writer())
        .annotate(month=_month("submit_date"), answered_at=Subquery(first_answer))
    )
    wait = models.ExpressionWrapper(
        F("answered_at") - F("submit_date"), output_field=models.DurationField()
    )
    month = [F("month")]
    # One pass: each month's counts on every row, and each answered comment's place among
    # the month's answered ones by wait (unanswered ones after them). The first row carries
    # the counts; the middle row, or the two middle rows, the median.
    ranked = partner_comments.annotate(
        wait=wait,
        partner=Window(Count("pk"), partition_by=month),
        answered=Window(Count("answered_at"), partition_by=month),
        position=Window(
            RowNumber(), partition_by=month, order_by=[F("wait").asc(nulls_last=True), F("pk")]
        ),
    )
    middle = Q(answered__gt=0) & (
        Q(position=(F("answered") + 1) / 2) | Q(position=(F("answered") + 2) / 2)
    )
    found = {}
    for row in ranked.filter(Q(position=1) | middle).values(
        "month", "partner", "answered", "position", "wait"
    ):
        counted = found.setdefault(
            _as_date(row["month"]),
            {"month": row["month"], "partner": row["partner"], "answered": row["answered"],
             "waits": []},
        )  # fmt: skip
        answered = row["answered"]
        if answered and row["position"] in {(answered + 1) // 2, (answered + 2) // 2}:
            counted["waits"].append(row["wait"])
    rows = _by_month(period, list(found.values()), ["partner", "answered", "waits"])
    for row in rows:
        waits = row.pop("waits") or []
        row["median"] = sum(waits, datetime.timedelta()) / len(waits) if waits else None
    return rows


def follow_up_states(period: Period) -> dict:
    """Original lessons published in the period, by the states of their follow-ups so far
    (a lesson followed up twice can be in two states), and those with none yet."""
    originals = lessons(period).filter(translation_of__isnull=True).order_by()
    each = follow_ups_of_each()
    counts = originals.aggregate(
        total=Count("pk"),
        **{state: Count("pk", filter=Q(Exists(each.filter(state=state)))) for state in State},
        **{NO_FOLLOW_UP: Count("pk", filter=~Q(Exists(each)))},
    )
    return counts


def applied_hashtags(period: Period) -> list[dict]:
    """Hashtags of the lessons with the most follow-ups marked applied in the period."""
    rows = (
        FollowUp.objects.filter(
            state=State.APPLIED,
            happened_on__gte=period.first,
            happened_on__lt=period.end.date(),
            post__status=Post.Status.PUBLISHED,
        )
        .exclude(post__tags=None)
        .order_by()
        .values(name=F("post__tags__name"), slug=F("post__tags__slug"))
        .annotate(count=Count("pk"))
        .order_by("-count", "name")[:TOP_HASHTAGS]
    )
    return list(rows)


def rising_hashtags(period: Period) -> list[dict]:
    """Hashtags by how many more publications (lessons and seminar reports) carried them in
    the period than in the period of the same length just before it."""
    before = period.before
    now = Q(published_at__gte=period.start, published_at__lt=period.end)
    earlier = Q(published_at__gte=before.start, published_at__lt=before.end)
    tagged = {}
    for model in (Post, SeminarReport):
        rows = (
            model.objects.published()
            .filter(published_at__gte=before.start, published_at__lt=period.end)
            .exclude(tags=None)
            .order_by()
            .values(tag=F("tags__pk"))
            .annotate(now=Count("pk", filter=now), before=Count("pk", filter=earlier))
        )
        for row in rows:
            counted = tagged.setdefault(row["tag"], {"now": 0, "before": 0})
            counted["now"] += row["now"]
            counted["before"] += row["before"]
    rising = sorted(
        ((counted["now"] - counted["before"], tag) for tag, counted in tagged.items()),
        key=lambda change: (-change[0], change[1]),
    )
    top = [tag for change, tag in rising[:TOP_HASHTAGS] if change > 0]
    names = dict(Tag.objects.filter(pk__in=top).values_list("pk", "name"))
    return [{"name": names[tag], **tagged[tag]} for tag in top]


def figures(period: Period) -> dict:
    """Everything the page shows for the period."""
    return {
        "voices": voices(period),
        "countries": breakdown(period, "country"),
        "languages": breakdown(period, "language"),
        "answers": answers(period),
        "follow_ups": follow_up_states(period),
        "applied_hashtags": applied_hashtags(period),
        "rising_hashtags": rising_hashtags(period),
    }
