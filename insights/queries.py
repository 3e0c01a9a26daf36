"""The insight page's figures, each counted by the database for a period of whole months.

Every function returns plain data (months, codes and numbers, nothing translated), so the
whole result can be kept in the cache and shown in any language.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from accounts.models import Voice
from followups.models import NO_FOLLOW_UP, FollowUp, State
from insights.models import Answer, Tagging, Writing
from insights.periods import Period
from posts.models import Post

VOICES = [Voice.PARTNER, Voice.STAFF, Voice.MEMBER]
# A group written by fewer people than this is counted under OTHER, so that no one is known
# by a small country or language.
SMALLEST_GROUP = 5
OTHER = "other"
NOT_STATED = ""
TOP_HASHTAGS = 10


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


def _writing(period: Period):
    return Writing.objects.filter(month__gte=period.first, month__lte=period.last).order_by()


def voices(period: Period) -> dict[str, list[dict]]:
    """Lessons, comments and replies of each month, by the writer's voice when they wrote."""
    per_voice = {voice: Sum("count", filter=Q(voice=voice), default=0) for voice in VOICES}
    rows = _writing(period).values("month", "kind").annotate(**per_voice)
    return {
        name: _by_month(period, [row for row in rows if row["kind"] == kind], VOICES)
        for name, kind in (
            ("lessons", Writing.Kind.LESSON),
            ("comments", Writing.Kind.COMMENT),
            ("replies", Writing.Kind.REPLY),
        )
    }


def _groups(writing, field: str) -> dict[str, dict]:
    rows = writing.values(field).annotate(
        count=Sum("count"), people=Count("writer", distinct=True)
    )
    return {row[field]: row for row in rows}


def breakdown(period: Period, field: str) -> list[dict]:
    """Lessons and comments (replies included) by country or language, each group shown on
    its own only if every count in it comes from at least SMALLEST_GROUP people (or none):
    the others are added up under OTHER."""
    lesson = Q(kind=Writing.Kind.LESSON)
    lesson_groups = _groups(_writing(period).filter(lesson), field)
    comment_groups = _groups(_writing(period).exclude(lesson), field)
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


def answers(period: Period) -> list[dict]:
    """Of partners' comments (those that can be replied to), how many got a reply from staff
    or from the writer of what they are on, and the median time to the first such reply,
    month by month (the month of the partner's comment)."""
    asked = Answer.objects.filter(month__gte=period.first, month__lte=period.last).order_by()
    counts = asked.values("month").annotate(partner=Count("pk"), answered=Count("wait"))
    month = [F("month")]
    # Each answered comment's place among the month's answered ones by wait: the middle
    # row, or the two middle rows, give the median.
    ranked = asked.filter(wait__isnull=False).annotate(
        answered=Window(Count("pk"), partition_by=month),
        position=Window(RowNumber(), partition_by=month, order_by=[F("wait"), F("pk")]),
    )
    middle = Q(position=(F("answered") + 1) / 2) | Q(position=(F("answered") + 2) / 2)
    waits = {}
    for row in ranked.filter(middle).values("month", "wait"):
        waits.setdefault(_as_date(row["month"]), []).append(row["wait"])
    rows = _by_month(period, counts, ["partner", "answered"])
    for row in rows:
        middle_waits = waits.get(row["month"])
        row["median"] = (
            sum(middle_waits, datetime.timedelta()) / len(middle_waits) if middle_waits else None
        )
    return rows


def follow_up_states(period: Period) -> dict:
    """Original lessons published in the period, by the states of their follow-ups so far
    (a lesson followed up twice can be in two states), and those with none yet."""
    originals = (
        Post.objects.published()
        .filter(
            published_at__gte=period.start,
            published_at__lt=period.end,
            translation_of__isnull=True,
        )
        .order_by()
    )
    lessons = Count("object_id", distinct=True)
    followed = FollowUp.objects.filter(
        content_type=ContentType.objects.get_for_model(Post),
        object_id__in=originals.values("pk"),
    ).aggregate(
        followed=lessons,
        **{state: Count("object_id", distinct=True, filter=Q(state=state)) for state in State},
    )
    total = originals.count()
    return {
        "total": total,
        **{state: followed[state] for state in State},
        NO_FOLLOW_UP: total - followed["followed"],
    }


def applied_hashtags(period: Period) -> list[dict]:
    """Hashtags of the lessons with the most follow-ups marked applied in the period."""
    rows = (
        Tagging.objects.filter(
            kind=Tagging.Kind.APPLIED, month__gte=period.first, month__lte=period.last
        )
        .values(name=F("tag__name"), slug=F("tag__slug"))
        .annotate(count=Sum("count"))
        .order_by("-count", "name")[:TOP_HASHTAGS]
    )
    return list(rows)


def rising_hashtags(period: Period) -> list[dict]:
    """Hashtags by how many more publications (lessons and seminar reports) carried them in
    the period than in the period of the same length just before it."""
    now = Q(month__gte=period.first)
    rows = (
        Tagging.objects.filter(
            kind=Tagging.Kind.PUBLISHED, month__gte=period.before.first, month__lte=period.last
        )
        .values("tag_id")
        .annotate(
            name=F("tag__name"),
            now=Sum("count", filter=now, default=0),
            before=Sum("count", filter=~now, default=0),
        )
        .annotate(change=F("now") - F("before"))
        .filter(change__gt=0)
        .order_by("-change", "tag_id")[:TOP_HASHTAGS]
    )
    return [{"name": row["name"], "now": row["now"], "before": row["before"]} for row in rows]


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
