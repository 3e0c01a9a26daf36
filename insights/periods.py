"""The period the insight page counts: whole months, from a first month to a last one."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 2000
LONGEST_MONTHS = 120
DEFAULT_MONTHS = 12
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})")


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """How many months from first to last, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def current_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


@dataclass(frozen=True)
class Period:
    first: datetime.date  # the first day of the first month
    last: datetime.date  # the first day of the last month, included

    @classmethod
    def default(cls) -> "Period":
        """The last twelve months, the current one included."""
        last = current_month()
        return cls(add_months(last, 1 - DEFAULT_MONTHS), last)

    @property
    def months(self) -> list[datetime.date]:
        return [add_months(self.first, n) for n in range(len(self))]

    def __len__(self) -> int:
        return months_between(self.first, self.last)

    @property
    def start(self) -> datetime.datetime:
        return _midnight(self.first)

    @property
    def end(self) -> datetime.datetime:
        """The first moment after the period."""
        return _midnight(add_months(self.last, 1))

    @property
    def before(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(add_months(self.first, -len(self)), add_months(self.first, -1))

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}_{self.last:%Y-%m}"

    def query(self) -> dict[str, str]:
        return {"start": f"{self.first:%Y-%m}", "end": f"{self.last:%Y-%m}"}


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=timezone.get_current_timezone())


class MonthInput(forms.TextInput):
    input_type = "month"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = context["widget"]["value"]
        # What was typed is given back as typed; a month picker may only hold a month.
        if typed and not _is_month(typed):
            context["widget"]["type"] = "text"
        return context


def _is_month(text: str) -> bool:
    match = MONTH_PATTERN.fullmatch(text)
    return bool(match) and 1 <= int(match[2]) <= 12


class MonthField(forms.Field):
    """A month typed as YYYY-MM, as browsers' month pickers send it."""

    widget = MonthInput

    def to_python(self, value) -> datetime.date | None:
        value = str(value or "").strip()
        if not value:
            return None
        if not _is_month(value):
            raise forms.ValidationError(
                _("Enter a month as year and month, such as 2026-03."), code="invalid"
            )
        month = datetime.date(int(value[:4]), int(value[5:]), 1)
        if month.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("Choose a month from %(year)s on."),
                code="too_early",
                params={"year": EARLIEST_YEAR},
            )
        if month > current_month():
            raise forms.ValidationError(_("Choose a month that has already begun."), code="future")
        return month


class PeriodForm(forms.Form):
    start = MonthField(label=_("From (month)"))
    end = MonthField(label=_("To (month, included)"))

    @classmethod
    def from_query(cls, query) -> "PeriodForm":
        """The form filled from the address, the default period for what it leaves out."""
        default = Period.default().query()
        return cls({name: query.get(name, default[name]) for name in default})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Choose a last month on or after the first month."))
            elif months_between(start, end) > LONGEST_MONTHS:
                self.add_error(
                    "end",
                    forms.ValidationError(
                        _("Choose a period of at most %(years)s years."),
                        code="too_long",
                        params={"years": LONGEST_MONTHS // 12},
                    ),
                )
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])
