"""Charts drawn on the server as small inline SVG: no script, no style attribute, colours
from the site's stylesheet (classes), text from the page's language.

Right to left (Arabic), the drawing is mirrored: months run from right to left and bars
grow leftwards, and text anchored at its "end" still sits beside the bar or axis it labels,
since the chart takes the page's direction.
"""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
MONTH_HEIGHT = 200
# Room for the value axis's labels and the month labels under the bars.
AXIS = 44
BOTTOM = 36
TOP = 10
ROW = 22
BAR = 8
LABEL = 170


@dataclass
class Series:
    css_class: str
    values: list[float]


class _Canvas:
    def __init__(self, *, rtl: bool):
        self.rtl = rtl
        self.parts: list[str] = []

    def x(self, x: float, width: float = 0) -> float:
        """Where x lands: mirrored right to left."""
        return WIDTH - x - width if self.rtl else x

    def rect(self, css_class: str, x: float, y: float, width: float, height: float) -> None:
        if width <= 0 or height <= 0:
            return
        self.parts.append(
            f'<rect class="{css_class}" x="{_n(self.x(x, width))}" y="{_n(y)}" '
            f'width="{_n(width)}" height="{_n(height)}"/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, css_class: str) -> None:
        self.parts.append(
            f'<line class="{css_class}" x1="{_n(self.x(x1))}" y1="{_n(y1)}" '
            f'x2="{_n(self.x(x2))}" y2="{_n(y2)}"/>'
        )

    def text(self, text: str, x: float, y: float, anchor: str, css_class: str = "chart__label"):
        self.parts.append(
            f'<text class="{css_class}" x="{_n(self.x(x))}" y="{_n(y)}" '
            f'text-anchor="{anchor}">{escape(text)}</text>'
        )

    def svg(self, *, chart_id: str, title: str, description: str, height: float) -> SafeString:
        direction = ' direction="rtl"' if self.rtl else ""
        return format_html(
            '<svg class="chart" role="img" aria-labelledby="{0}-title {0}-desc" '
            'viewBox="0 0 {1} {2}" width="{1}" height="{2}"{3}>'
            '<title id="{0}-title">{4}</title><desc id="{0}-desc">{5}</desc>{6}</svg>',
            chart_id,
            WIDTH,
            _n(height),
            mark_safe(direction),
            title,
            description,
            mark_safe("".join(self.parts)),
        )


def _n(value: float) -> str:
    """A coordinate, short: whole pixels and one decimal at most."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def month_labels(months) -> list[tuple[str, str]]:
    """Each month's short name, and its year under January and the first month."""
    return [
        (date_format(month, "M"), date_format(month, "Y") if n == 0 or month.month == 1 else "")
        for n, month in enumerate(months)
    ]


def month_chart(
    months,
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool,
    top: float,
    axis_label,
) -> SafeString:
    """Bars a month, the series stacked, on a value axis from 0 to top (axis_label(value)
    writes its labels)."""
    canvas = _Canvas(rtl=rtl)
    plot_width = WIDTH - AXIS - 8
    plot_height = MONTH_HEIGHT - TOP - BOTTOM
    base = TOP + plot_height
    for fraction in (0, 0.5, 1):
        y = base - plot_height * fraction
        canvas.line(AXIS, y, WIDTH - 8, y, "chart__grid")
        canvas.text(axis_label(top * fraction), AXIS - 4, y + 4, "end")
    slot = plot_width / max(len(months), 1)
    bar = max(slot * 0.7, 1)
    # Label fewer months when there are many, so names do not overlap.
    every = max(1, round(len(months) / 12))
    for n, (name, year) in enumerate(month_labels(months)):
        x = AXIS + slot * n + (slot - bar) / 2
        y = base
        for one in series:
            height = plot_height * one.values[n] / top if top else 0
            canvas.rect(one.css_class, x, y - height, bar, height)
            y -= height
        if n % every == 0 or year:
            middle = AXIS + slot * n + slot / 2
            canvas.text(name, middle, base + 14, "middle")
            if year:
                canvas.text(year, middle, base + 28, "middle")
    return canvas.svg(chart_id=chart_id, title=title, description=description, height=MONTH_HEIGHT)


def axis_number(value: float) -> str:
    """A value axis's label: whole numbers whole, others with one decimal."""
    return number_format(value, 0 if value == int(value) else 1)


def share_chart(months, series: list[Series], **kwargs) -> SafeString:
    """Shares of a whole each month (0 to 1), stacked to 100%."""
    return month_chart(
        months, series, top=1, axis_label=lambda value: f"{axis_number(value * 100)}%", **kwargs
    )


def category_chart(
    labels: list[str],
    series: list[Series],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool,
    value_label,
) -> SafeString:
    """A group of horizontal bars for each label, one bar for each series, each bar's
    length its value against the largest, its value written beside it."""
    canvas = _Canvas(rtl=rtl)
    largest = max((value for one in series for value in one.values), default=0) or 1
    room = WIDTH - LABEL - 60
    row = max(ROW, BAR * len(series) + 8)
    for n, label in enumerate(labels):
        y = TOP + row * n
        canvas.text(label, LABEL - 6, y + row / 2 + 4, "end")
        for k, one in enumerate(series):
            width = room * one.values[n] / largest
            bar_y = y + (row - BAR * len(series)) / 2 + BAR * k
            canvas.rect(one.css_class, LABEL, bar_y, width, BAR - 1)
            canvas.text(
                value_label(one.values[n]), LABEL + width + 4, bar_y + BAR - 1, "start",
                "chart__value",
            )  # fmt: skip
    canvas.line(LABEL, TOP, LABEL, TOP + row * len(labels), "chart__axis")
    height = TOP * 2 + row * max(len(labels), 1)
    return canvas.svg(chart_id=chart_id, title=title, description=description, height=height)
