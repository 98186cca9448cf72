"""Dates and periods in foreign files: ``Jan 2027``, ``2027-01``, ``Q1 2027``, ``Jan-27``,
``FY2027``, real dates, Excel serial numbers, text dates.

A header or a date cell becomes a ``PeriodRef``: its first and last day and its
grain (``day``, ``month``, ``quarter``, ``half``, ``year``).

**Which date a period's value is stored on (decided here).** A value for a
period is stored on the period's **first day** — the day the app names its
buckets by (``domain.bucketing``: "a bucket is named by its first day"), the day
``parsing.parse_date`` gives ``Mar 2027`` and ``2027-03``, and the day the demo
and the workbook's Measurements sheet use for monthly values. So a monthly
column lands in that month's bucket whatever the reporting grain, a key result
linked to the node sees the current month's value as soon as it is imported
(a month-end date would lie in the future until the month is over), and an
imported ``Q1 2027`` falls in the January / Q1 / 2027 bucket. When the node
already holds exactly one value *inside* the period (say one dated on the 31st),
the plan updates that one instead of adding a second value to the bucket
(``plan``), so nothing is ever counted twice.

Day-level dates keep their day. Text dates go through ``parsing.parse_date``
(``day_first`` from the vote over the column); numbers in a date column are
Excel serial numbers; in a header, a whole number 1900..2199 is a year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ..parsing import _MONTHS, ParseError, _fold, excel_serial_to_date, parse_date

GRAINS = ("day", "month", "quarter", "half", "year")
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH_NAME_YEAR = re.compile(rf"^({_MONTH_WORDS})\.?[\s\-/'’.]*(\d{{4}}|\d{{2}})$")
_YEAR_MONTH_NAME = re.compile(rf"^(\d{{4}})[\s\-/.]*({_MONTH_WORDS})\.?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.\s]?(?:m)?(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_QUARTER = re.compile(r"^(?:q([1-4])[\s\-/'’.]*(?:fy)?(\d{4}|\d{2})|(?:fy)?(\d{4})[\s\-/.]*q([1-4]))$")
_HALF = re.compile(r"^(?:h([12])[\s\-/'’.]*(?:fy)?(\d{4}|\d{2})|(?:fy)?(\d{4})[\s\-/.]*h([12]))$")
_YEAR = re.compile(r"^(?:fy|cy|year)?\s*'?(\d{4})$")
_HEADER_YEARS = range(1900, 2200)


@dataclass(frozen=True, slots=True)
class PeriodRef:
    """A day or a calendar period: ``start``..``end`` inclusive, of ``grain``."""

    start: dt.date
    end: dt.date
    grain: str = "day"

    @property
    def date(self) -> dt.date:
        """The date a value for this period is stored on (its first day; module notes)."""
        return self.start

    def label(self) -> str:
        """``Jan 2027``, ``Q1 2027``, ``H2 2027``, ``2027`` or ``2027-01-31``."""
        if self.grain == "month":
            return self.start.strftime("%b %Y")
        if self.grain == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.grain == "half":
            return f"H{1 if self.start.month == 1 else 2} {self.start.year}"
        if self.grain == "year":
            return str(self.start.year)
        return self.start.isoformat()


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def month(year: int, number: int) -> PeriodRef:
    return PeriodRef(dt.date(year, number, 1), _month_end(year, number), "month")


def quarter(year: int, number: int) -> PeriodRef:
    first = 3 * (number - 1) + 1
    return PeriodRef(dt.date(year, first, 1), _month_end(year, first + 2), "quarter")


def half(year: int, number: int) -> PeriodRef:
    first = 1 if number == 1 else 7
    return PeriodRef(dt.date(year, first, 1), _month_end(year, first + 5), "half")


def year(number: int) -> PeriodRef:
    return PeriodRef(dt.date(number, 1, 1), dt.date(number, 12, 31), "year")


def day(value: dt.date) -> PeriodRef:
    return PeriodRef(value, value, "day")


def _year(text: str) -> int:
    number = int(text)
    return 2000 + number if len(text) == 2 else number


def parse_period_text(text: str, *, day_first: bool | None = None) -> PeriodRef:
    """The period a text names (module notes); ParseError when it names none."""
    folded = _fold(text.strip()).replace("\u2013", "-").replace("\u2014", "-")
    folded = re.sub(r"\s+", " ", folded)
    try:
        if m := _MONTH_NAME_YEAR.match(folded):
            return month(_year(m[2]), _MONTHS[m[1]])
        if m := _YEAR_MONTH_NAME.match(folded):
            return month(int(m[1]), _MONTHS[m[2]])
        if (m := _YEAR_MONTH.match(folded)) and 1 <= int(m[2]) <= 12 and (
                len(folded) > 5 or not folded.isdigit()):
            return month(int(m[1]), int(m[2]))
        if (m := _MONTH_YEAR.match(folded)) and 1 <= int(m[1]) <= 12:
            return month(int(m[2]), int(m[1]))
        if m := _QUARTER.match(folded):
            return quarter(_year(m[2]), int(m[1])) if m[1] else quarter(int(m[3]), int(m[4]))
        if m := _HALF.match(folded):
            return half(_year(m[2]), int(m[1])) if m[1] else half(int(m[3]), int(m[4]))
        if m := _YEAR.match(folded):
            return year(int(m[1]))
    except ValueError:
        raise ParseError(f"{text.strip()!r} is not a real period") from None
    try:
        return day(parse_date(text, day_first=day_first))
    except ParseError:
        raise ParseError(
            f"expected a date or a period such as Jan 2027, 2027-01, Q1 2027 or 31/01/2027, "
            f"found the text {text.strip()!r}") from None


def parse_period(value: Any, *, date1904: bool = False, day_first: bool | None = None,
                 header: bool = False) -> PeriodRef:
    """The period of a cell (date, datetime, serial number or text); ParseError when none.

    ``header``: the cell is a column header, where a whole number 1900..2199 is a year
    (elsewhere a number is an Excel serial date).
    """
    if isinstance(value, dt.datetime):
        return day(value.date())
    if isinstance(value, dt.date):
        return day(value)
    if isinstance(value, bool):
        raise ParseError(f"expected a date, found the truth value {value}")
    if isinstance(value, int | float):
        if header and float(value).is_integer() and int(value) in _HEADER_YEARS:
            return year(int(value))
        return day(excel_serial_to_date(float(value), date1904))
    if isinstance(value, str):
        if header and value.strip().isdigit() and int(value.strip()) in _HEADER_YEARS:
            return year(int(value.strip()))
        return parse_period_text(value, day_first=day_first)
    raise ParseError(f"expected a date, found {value!r}")


def is_period(value: Any, *, date1904: bool = False, header: bool = True) -> bool:
    """Whether a cell reads as a date or period (for detection)."""
    if isinstance(value, str) and not value.strip():
        return False
    if isinstance(value, int | float) and not isinstance(value, bool) and not header:
        return False
    try:
        parse_period(value, date1904=date1904, header=header)
    except ParseError:
        return False
    return True
