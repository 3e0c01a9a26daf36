"""The page's tables, built from the figures in the reader's language: each with its chart
(the same numbers drawn), its cells for the page and its values for the CSV download."""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from accounts.models import Voice
from followups.models import NO_FOLLOW_UP, State
from insights.charts import Series, axis_number, category_chart, month_chart, share_chart
from insights.queries import NOT_STATED, OTHER, VOICES
from publishing.languages import language_name

MONTH = "month"
COUNT = "count"
SHARE = "share"
HOURS = "hours"
TEXT = "text"


@dataclass
class Column:
    heading: str
    kind: str


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list]
    chart: SafeString
    legend: list[tuple[str, str]] = field(default_factory=list)
    # A second drawing of the same table's numbers (the answers' times).
    second_chart: SafeString | None = None
    second_title: str = ""

    def cells(self) -> list[list[str]]:
        """Each row as the page shows it, in the reader's language."""
        kinds = [column.kind for column in self.columns]
        return [[_shown(value, kind) for value, kind in zip(row, kinds, strict=True)]
                for row in self.rows]  # fmt: skip


TABLE_SLUGS = [
    "voices-lessons", "voices-comments", "voices-replies", "countries", "languages",
    "answers", "follow-ups", "applied-hashtags", "rising-hashtags",
]  # fmt: skip
VOICE_CLASSES = {Voice.PARTNER: "chart__partner", Voice.STAFF: "chart__staff",
                 Voice.MEMBER: "chart__member"}  # fmt: skip
KIND_TITLES = {
    "lessons": gettext_lazy("Lessons by whose voice they carry"),
    "comments": gettext_lazy("Comments by whose voice they carry"),
    "replies": gettext_lazy("Replies by whose voice they carry"),
}


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def hours(wait: datetime.timedelta | None) -> float | None:
    return wait.total_seconds() / 3600 if wait is not None else None


def _shown(value, kind: str) -> str:
    if value is None:
        return "–"
    if kind == MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    if kind == SHARE:
        return f"{number_format(value * 100, 1)}%"
    if kind == HOURS:
        return number_format(value, 1)
    if kind == COUNT:
        return number_format(value, force_grouping=True)
    return str(value)


def _months_described(total: int, what: str) -> str:
    return _("%(what)s month by month: %(total)s in all. The table below gives each month.") % {
        "what": what, "total": number_format(total, force_grouping=True)
    }  # fmt: skip


def voice_tables(figures: dict, months, rtl: bool) -> list[Table]:
    tables = []
    for kind in ("lessons", "comments", "replies"):
        rows = figures["voices"][kind]
        wholes = [sum(row[voice] for voice in VOICES) for row in rows]
        title = str(KIND_TITLES[kind])
        chart = share_chart(
            months,
            [Series(VOICE_CLASSES[voice],
                    [share(row[voice], whole) or 0
                     for row, whole in zip(rows, wholes, strict=True)])
             for voice in VOICES],
            chart_id=f"chart-voices-{kind}",
            title=title,
            description=_months_described(sum(wholes), title)
            + " "
            + _("Each month's bar is split by share: partners at the bottom, then staff, then "
                "other members; an empty month has no bar."),
            rtl=rtl,
        )  # fmt: skip
        tables.append(
            Table(
                slug=f"voices-{kind}",
                title=title,
                columns=[
                    Column(_("Month"), MONTH),
                    *(Column(str(Voice(voice).label), COUNT) for voice in VOICES),
                    Column(_("All"), COUNT),
                    Column(_("Partners' share"), SHARE),
                ],
                rows=[
                    [
                        row["month"],
                        *(row[voice] for voice in VOICES),
                        whole,
                        share(row[Voice.PARTNER], whole),
                    ]
                    for row, whole in zip(rows, wholes, strict=True)
                ],  # fmt: skip
                chart=chart,
                legend=[(VOICE_CLASSES[voice], str(Voice(voice).label)) for voice in VOICES],
            )
        )
    return tables


def _group_name(key: str, field_name: str) -> str:
    if key == OTHER:
        return _("Other")
    if key == NOT_STATED:
        return _("Not stated")
    return countries.name(key) or key if field_name == "country" else language_name(key)


def breakdown_table(figures: dict, field_name: str, rtl: bool) -> Table:
    rows = figures["countries" if field_name == "country" else "languages"]
    lessons = sum(row["lessons"] for row in rows)
    comments = sum(row["comments"] for row in rows)
    names = [_group_name(row["key"], field_name) for row in rows]
    if field_name == "country":
        slug, title, heading = "countries", _("Lessons and comments by country"), _("Country")
    else:
        slug, title, heading = "languages", _("Lessons and comments by language"), _("Language")
    chart = category_chart(
        names,
        [Series("chart__lessons", [share(row["lessons"], lessons) or 0 for row in rows]),
         Series("chart__comments", [share(row["comments"], comments) or 0 for row in rows])],
        chart_id=f"chart-{slug}",
        title=title,
        description=_("Each group's share of the period's lessons (upper bar) and of its "
                      "comments and replies (lower bar); the table below gives the numbers."),
        rtl=rtl,
        value_label=lambda value: f"{number_format(value * 100, 0)}%",
    )  # fmt: skip
    return Table(
        slug=slug,
        title=title,
        columns=[
            Column(heading, TEXT),
            Column(_("Lessons"), COUNT),
            Column(_("Share of lessons"), SHARE),
            Column(_("Comments and replies"), COUNT),
            Column(_("Share of comments and replies"), SHARE),
        ],
        rows=[
            [
                name,
                row["lessons"],
                share(row["lessons"], lessons),
                row["comments"],
                share(row["comments"], comments),
            ]
            for name, row in zip(names, rows, strict=True)
        ],  # fmt: skip
        chart=chart,
        legend=[("chart__lessons", _("Lessons")), ("chart__comments", _("Comments and replies"))],
    )


def answers_table(figures: dict, months, rtl: bool) -> Table:
    rows = figures["answers"]
    shares = [share(row["answered"], row["partner"]) for row in rows]
    waits = [hours(row["median"]) for row in rows]
    title = _("Partners' comments answered by staff or the writer")
    share_chart_svg = share_chart(
        months,
        [Series("chart__answered", [value or 0 for value in shares])],
        chart_id="chart-answers",
        title=title,
        description=_("The share of each month's comments by partners that got a reply from "
                      "staff or from the writer of what they are on; the table below gives the "
                      "numbers."),
        rtl=rtl,
    )  # fmt: skip
    longest = max((wait for wait in waits if wait is not None), default=0)
    wait_title = _("Median time to the first answer, in hours")
    wait_chart = month_chart(
        months,
        [Series("chart__wait", [wait or 0 for wait in waits])],
        chart_id="chart-answer-times",
        title=wait_title,
        description=_("For each month's answered comments by partners, the median time from "
                      "the comment to its first reply by staff or the writer, in hours; a month "
                      "with no answered comment has no bar."),
        rtl=rtl,
        top=_round_up(longest),
        axis_label=axis_number,
    )  # fmt: skip
    return Table(
        slug="answers",
        title=title,
        columns=[
            Column(_("Month"), MONTH),
            Column(_("Comments by partners"), COUNT),
            Column(_("Answered by staff or the writer"), COUNT),
            Column(_("Share answered"), SHARE),
            Column(_("Median hours to the first answer"), HOURS),
        ],
        rows=[
            [row["month"], row["partner"], row["answered"], answered, wait]
            for row, answered, wait in zip(rows, shares, waits, strict=True)
        ],
        chart=share_chart_svg,
        second_chart=wait_chart,
        second_title=wait_title,
    )


def _round_up(value: float) -> float:
    """A round top for a value axis: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor:
                return step * factor
        step *= 10


def follow_up_table(figures: dict, rtl: bool) -> Table:
    counts = figures["follow_ups"]
    states = [(state.value, str(state.label)) for state in State]
    states.append((NO_FOLLOW_UP, _("No follow-up yet")))
    title = _("Lessons by what was done with them")
    chart = category_chart(
        [label for _state, label in states],
        [Series("chart__lessons", [counts[state] for state, _label in states])],
        chart_id="chart-follow-ups",
        title=title,
        description=_("How many of the period's lessons have a follow-up in each state, and how "
                      "many have none yet; the table below gives the numbers."),
        rtl=rtl,
        value_label=lambda value: number_format(value, force_grouping=True),
    )  # fmt: skip
    return Table(
        slug="follow-ups",
        title=title,
        columns=[
            Column(_("What was done"), TEXT),
            Column(_("Lessons"), COUNT),
            Column(_("Share of the period's lessons"), SHARE),
        ],
        rows=[
            [label, counts[state], share(counts[state], counts["total"])]
            for state, label in states
        ],  # fmt: skip
        chart=chart,
    )


def applied_hashtags_table(figures: dict, rtl: bool) -> Table:
    rows = figures["applied_hashtags"]
    title = _("Hashtags with the most follow-ups marked applied")
    names = [f"#{row['name']}" for row in rows]
    chart = category_chart(
        names,
        [Series("chart__applied", [row["count"] for row in rows])],
        chart_id="chart-applied-hashtags",
        title=title,
        description=_("The hashtags whose lessons were most often followed up as applied in "
                      "the period; the table below gives the numbers."),
        rtl=rtl,
        value_label=lambda value: number_format(value, force_grouping=True),
    )  # fmt: skip
    return Table(
        slug="applied-hashtags",
        title=title,
        columns=[Column(_("Hashtag"), TEXT), Column(_("Follow-ups marked applied"), COUNT)],
        rows=[[name, row["count"]] for name, row in zip(names, rows, strict=True)],
        chart=chart,
    )


def rising_hashtags_table(figures: dict, rtl: bool) -> Table:
    rows = figures["rising_hashtags"]
    title = _("Rising hashtags")
    names = [f"#{row['name']}" for row in rows]
    chart = category_chart(
        names,
        [Series("chart__before", [row["before"] for row in rows]),
         Series("chart__now", [row["now"] for row in rows])],
        chart_id="chart-rising-hashtags",
        title=title,
        description=_("For the hashtags that gained most, how many lessons and seminar reports "
                      "carried them in the period before (upper bar) and in this period (lower "
                      "bar); the table below gives the numbers."),
        rtl=rtl,
        value_label=lambda value: number_format(value, force_grouping=True),
    )  # fmt: skip
    return Table(
        slug="rising-hashtags",
        title=title,
        columns=[
            Column(_("Hashtag"), TEXT),
            Column(_("Period before"), COUNT),
            Column(_("This period"), COUNT),
            Column(_("Gained"), COUNT),
        ],
        rows=[
            [name, row["before"], row["now"], row["now"] - row["before"]]
            for name, row in zip(names, rows, strict=True)
        ],  # fmt: skip
        chart=chart,
        legend=[("chart__before", _("Period before")), ("chart__now", _("This period"))],
    )


def tables(figures: dict, months, rtl: bool) -> dict[str, Table]:
    """Every table of the page, by slug (with underscores, as templates name them)."""
    made = [
        *voice_tables(figures, months, rtl),
        breakdown_table(figures, "country", rtl),
        breakdown_table(figures, "language", rtl),
        answers_table(figures, months, rtl),
        follow_up_table(figures, rtl),
        applied_hashtags_table(figures, rtl),
        rising_hashtags_table(figures, rtl),
    ]
    return {table.slug.replace("-", "_"): table for table in made}
