"""Trend series (moving average, raw points) and their CSV export, on the small workspace."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pytest

from okrdesk.store.readmodels import TreeReadModel
from okrdesk.store.readmodels.trend import CSV_HEADER, moving_average, trend_series, write_trend_csv

D = dt.date


def test_moving_average_is_trailing_and_nan_until_the_window_is_full():
    out = moving_average(np.array([1.0, 2.0, 6.0, 10.0]), 3)
    assert np.isnan(out[:2]).all()
    assert out[2:].tolist() == [3.0, 6.0]
    assert np.isnan(moving_average(np.array([1.0, 2.0]), 3)).all()
    with pytest.raises(ValueError, match="at least 1"):
        moving_average(np.array([1.0]), 0)


def test_trend_series_of_a_measured_node(small_tree):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    series = trend_series(tree, small_tree.ids["NEW"])
    assert series.buckets.astype(str).tolist() == ["2026-12-01", "2027-01-01", "2027-02-01"]
    assert series.values.tolist() == [90.0, 150.0, 120.0]
    assert series.moving_average[2] == pytest.approx(120.0)
    assert series.raw_differs is True  # January holds two measurements
    assert series.latest() == (D(2027, 2, 1), 120.0)
    # One measurement per month equal to the bucket value: nothing more to draw.
    assert trend_series(tree, small_tree.ids["EXP"]).raw_differs is False
    # A formula node without measurements of its own.
    assert trend_series(tree, small_tree.ids["BAD"]).latest() is None


def test_csv_export_writes_dates_values_buckets_and_average(small_tree, tmp_path):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    path = tmp_path / "new.csv"
    written = write_trend_csv(path, trend_series(tree, small_tree.ids["NEW"]))
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(CSV_HEADER)
    assert rows[1:] == [
        ["2026-12-01", "", "90.0", ""],
        ["2026-12-15", "90.0", "", ""],
        ["2027-01-01", "", "150.0", ""],
        ["2027-01-10", "100.0", "", ""],
        ["2027-01-20", "50.0", "", ""],
        ["2027-02-01", "", "120.0", "120.0"],
        ["2027-02-05", "120.0", "", ""],
    ]
    assert written == 7


def test_csv_export_to_an_open_file_and_a_bad_path(small_tree, tmp_path):
    tree = TreeReadModel.load(small_tree.service, D(2027, 2, 15))
    series = trend_series(tree, small_tree.ids["EXP"])
    buffer = io.StringIO()
    write_trend_csv(buffer, series)
    assert buffer.getvalue().splitlines()[:2] == ["date,value,bucketed,moving_average", "2026-12-01,10.0,10.0,"]
    with pytest.raises(OSError, match="Could not write the CSV file"):
        write_trend_csv(tmp_path / "missing-folder" / "x.csv", series)
