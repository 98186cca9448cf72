"""The start of a linked key result: the node's value at the period start (PRODUCT.md §2)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from okrdesk.domain.entities import Grain
from okrdesk.domain.linked_start import start_value

D = dt.date
MONTHLY = [(D(2026, 11, 1), 90.0), (D(2026, 12, 1), 100.0), (D(2027, 1, 1), 110.0), (D(2027, 2, 1), 130.0)]


def test_start_is_the_last_bucket_that_ends_before_the_period() -> None:
    # Q1 starts on 1 January: the December bucket is the value the quarter starts from,
    # so in January start (100) and current (110) already differ.
    assert start_value(MONTHLY, D(2027, 1, 1), Grain.MONTH, D(2027, 3, 31)) == 100.0


def test_a_period_starting_inside_a_bucket_starts_from_the_bucket_before() -> None:
    # The January bucket does not end before 15 January, so December is the start.
    assert start_value(MONTHLY, D(2027, 1, 15), Grain.MONTH, D(2027, 4, 14)) == 100.0
    assert start_value(MONTHLY, D(2027, 2, 1), Grain.MONTH) == 110.0


def test_gaps_and_missing_values_reach_back_to_the_latest_value() -> None:
    series = [(D(2026, 9, 1), 70.0), (D(2026, 12, 1), math.nan), (D(2027, 1, 1), 110.0)]
    assert start_value(series, D(2027, 1, 1), Grain.MONTH) == 70.0


def test_without_earlier_history_the_first_bucket_inside_the_period_counts() -> None:
    series = [(D(2027, 2, 1), 130.0), (D(2027, 3, 1), 150.0)]
    assert start_value(series, D(2027, 1, 1), Grain.MONTH, D(2027, 3, 31)) == 130.0
    # ... but not a bucket after the period's end
    assert start_value([(D(2027, 5, 1), 1.0)], D(2027, 1, 1), Grain.MONTH, D(2027, 3, 31)) is None
    assert start_value([], D(2027, 1, 1), Grain.MONTH) is None


@pytest.mark.parametrize("grain, series, start, expected", [
    (Grain.WEEK, [(D(2026, 12, 28), 5.0), (D(2027, 1, 4), 6.0)], D(2027, 1, 4), 5.0),
    (Grain.WEEK, [(D(2026, 12, 28), 5.0), (D(2027, 1, 4), 6.0)], D(2027, 1, 1), 5.0),
    (Grain.QUARTER, [(D(2026, 10, 1), 40.0), (D(2027, 1, 1), 50.0)], D(2027, 1, 1), 40.0),
    (Grain.YEAR, [(D(2026, 1, 1), 400.0), (D(2027, 1, 1), 500.0)], D(2027, 4, 1), 400.0),
])
def test_other_grains(grain, series, start, expected) -> None:
    # The week of Friday 1 January 2027 starts on Monday 28 December: it does not end
    # before a period starting on 1 January, and nothing is earlier, so this first
    # bucket overlapping the period is the start.
    assert start_value(series, start, grain) == expected
