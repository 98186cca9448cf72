"""Period headers and date cells: what they read as, and the date a value is stored on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrdesk.domain.bucketing import bucket_start
from okrdesk.domain.entities import Grain
from okrdesk.excel.foreign.periods import PeriodRef, half, month, parse_period, quarter, year
from okrdesk.excel.parsing import ParseError


@pytest.mark.parametrize(("cell", "expected"), [
    ("Jan 2027", month(2027, 1)), ("January 2027", month(2027, 1)), ("2027-01", month(2027, 1)),
    ("Jan-27", month(2027, 1)), ("jan. 27", month(2027, 1)), ("01/2027", month(2027, 1)),
    ("2027/03", month(2027, 3)), ("März 2027", month(2027, 3)), ("Sept. 2027", month(2027, 9)),
    ("Q1 2027", quarter(2027, 1)), ("2027-Q3", quarter(2027, 3)), ("Q4/27", quarter(2027, 4)),
    ("H2 2027", half(2027, 2)), ("FY2027", year(2027)), ("2027", year(2027)), (2027.0, year(2027)),
    (dt.date(2027, 1, 31), PeriodRef(dt.date(2027, 1, 31), dt.date(2027, 1, 31))),
    (dt.datetime(2027, 1, 31, 0, 0), PeriodRef(dt.date(2027, 1, 31), dt.date(2027, 1, 31))),
    (46418.0, PeriodRef(dt.date(2027, 1, 31), dt.date(2027, 1, 31))),  # Excel serial
    ("31/01/2027", PeriodRef(dt.date(2027, 1, 31), dt.date(2027, 1, 31))),
])
def test_headers_read_as_periods(cell: object, expected: PeriodRef) -> None:
    assert parse_period(cell, header=True) == expected


@pytest.mark.parametrize("cell", ["Revenue", "Q5 2027", "13/2027", "Total", "", True])
def test_not_a_period(cell: object) -> None:
    with pytest.raises(ParseError):
        parse_period(cell, header=True)


def test_value_of_a_period_is_stored_on_its_first_day_the_bucket_name() -> None:
    for period, grain in ((month(2027, 2), Grain.MONTH), (quarter(2027, 2), Grain.QUARTER),
                          (year(2027), Grain.YEAR)):
        assert period.date == period.start == bucket_start(period.end, grain)


_GRAIN_MAKERS = st.one_of(
    st.builds(month, st.integers(1990, 2150), st.integers(1, 12)),
    st.builds(quarter, st.integers(1990, 2150), st.integers(1, 4)),
    st.builds(half, st.integers(1990, 2150), st.integers(1, 2)),
    st.builds(year, st.integers(1990, 2150)),
    st.dates(dt.date(1990, 1, 1), dt.date(2150, 12, 31)).map(lambda d: PeriodRef(d, d)),
)


@given(_GRAIN_MAKERS)
def test_labels_round_trip(period: PeriodRef) -> None:
    assert parse_period(period.label(), header=True) == period


@given(st.integers(2000, 2099), st.integers(1, 12),
       st.sampled_from(["%b %Y", "%B %Y", "%Y-%m", "%b-%y", "%m/%Y"]))
def test_month_headers_in_every_common_style(y: int, m: int, style: str) -> None:
    text = dt.date(y, m, 1).strftime(style)
    assert parse_period(text, header=True) == month(y, m)
