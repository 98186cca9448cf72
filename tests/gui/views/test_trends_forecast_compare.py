"""The Trends view's moving-average window, forecast, key-result markers, legend and comparison."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from PySide6.QtCore import Qt

from okrdesk.palette import SERIES_COLOURS
from okrdesk.store.readmodels.trend import moving_average
from okrdesk.store.readmodels.trend_compare import CompareMode
from okrdesk.store.readmodels.trend_forecast import forecast_band
from okrdesk.ui.trends import TrendsView
from okrdesk.ui.trends.chart import date_seconds, epoch_seconds


@pytest.fixture
def view(qtbot, demo_ctx) -> TrendsView:
    v = TrendsView(demo_ctx)
    qtbot.addWidget(v)
    v.resize(1400, 900)
    v.show()
    qtbot.waitExposed(v)
    return v


def _linked_node(view) -> int:
    krs, _ = view._markers_source
    linked = [kr.kpi_node_id for kr in krs if kr.kpi_node_id is not None and kr.target is not None]
    assert linked, "the workshop demo links key results to KPIs"
    return max(set(linked), key=linked.count)


def test_the_moving_average_window_is_selectable(view):
    values = view.series.values
    for window in (6, 12, 3):
        view.set_average_window(window)
        _, y = view.chart.average_item.getData()
        expected = moving_average(values, window)
        assert np.allclose(y, expected, equal_nan=True)
        assert view.series.window == window
        assert f"{window}-bucket average" in view.chart.legend_names() or values.size < window
    with pytest.raises(ValueError, match="3, 6 or 12"):
        view.set_average_window(5)


def test_forecast_line_and_band_reach_the_horizon(view):
    assert view.chart.forecast() is None and "Forecast (95 % band)" not in view.chart.legend_names()
    view.set_forecast_horizon(2)
    band = view.chart.forecast()
    assert band is not None and band.horizon_quarters == 2
    expected = forecast_band(view.series, view.read_model.grain, 2)
    x, y = view.chart.forecast_item.getData()
    # The trend line starts at the first fitted bucket; then the projected dates.
    assert np.array_equal(x[1:], epoch_seconds(expected.dates)) and np.allclose(y[1:], expected.centre)
    assert x[0] == date_seconds(expected.fitted_from) < x[1] == epoch_seconds(view.series.buckets[-1:])[0]
    assert y[0] == pytest.approx(expected.fit.value_at(expected.fitted_from))
    low_x, low_y = view.chart._forecast_low.getData()
    assert np.array_equal(low_x, epoch_seconds(expected.dates)) and np.allclose(low_y, expected.low)
    assert view.chart.forecast_band_item.isVisible()
    assert "Forecast (95 % band)" in view.chart.legend_names()
    # The whole-history window stretches to the forecast's end.
    view.set_period(None)
    x0, x1 = view.chart.x_window()
    assert x1 >= date_seconds(band.until)
    assert f"forecast for {band.until:%B %Y}" in view.readout_label.text()  # monthly buckets
    view.set_forecast_horizon(0)
    assert view.chart.forecast() is None and not view.chart.forecast_band_item.isVisible()


def test_linked_key_results_are_drawn_at_their_period_ends(view):
    node_id = _linked_node(view)
    view.show_node(node_id)
    markers = view.chart.markers()
    assert markers and all(m.date.day in (28, 29, 30, 31) for m in markers)
    x, y = view.chart.marker_item.getData()
    assert sorted(y.tolist()) == sorted(m.target for m in markers)
    assert "Key-result target" in view.chart.legend_names()
    assert view.chart.legend_names()[0] == "Value" and view.chart.legend_names()[-1] in ("Target", "Key-result target")


def test_csv_export_carries_the_forecast(view, tmp_path):
    view.set_forecast_horizon(1)
    path = view.export_csv(tmp_path / "f.csv")
    rows = list(csv.reader(open(path, encoding="utf-8")))
    assert rows[0][-3:] == ["forecast", "forecast_low", "forecast_high"]
    assert rows[-1][0] == view.chart.forecast().until.isoformat() and rows[-1][4]


def test_compare_overlay_indexed_and_small_multiples(view, qtbot):
    kpis = [r.node.id for r in view.read_model.rows if r.node.kind == "kpi"][:3]
    view.compare_nodes(kpis)
    assert view.is_comparing()
    chart = view.compare_panel.chart
    assert [line.node_id for line in chart.lines] == kpis
    assert len(chart.plots) == 1 and len(chart.items) == 3
    pens = [item.opts["pen"].color().name().upper() for item in chart.items]
    assert pens == [c.upper() for c in SERIES_COLOURS[:3]]
    first = chart.lines[0]
    x, y = chart.items[0].getData()
    assert np.allclose(y, [v for _, v in view.read_model.series(kpis[0])])

    start = view.read_model.series(kpis[0])[2][0]
    view.compare_panel.set_mode(CompareMode.INDEXED)
    view.compare_panel.set_index_start(start)
    x, y = chart.items[0].getData()
    assert y[0] == pytest.approx(100.0)
    assert x[0] == date_seconds(start)
    base = dict(view.read_model.series(kpis[0]))[start]
    assert y[1] == pytest.approx(100 * view.read_model.series(kpis[0])[3][1] / base)

    view.compare_panel.set_mode(CompareMode.SMALL_MULTIPLES)
    assert len(chart.plots) == 3
    chart.plots[2].setXRange(date_seconds(start), date_seconds(start) + 90 * 86_400, padding=0)
    qtbot.waitUntil(lambda: abs(chart.plots[0].viewRange()[0][0] - date_seconds(start)) < 1)
    assert first.colour == SERIES_COLOURS[0]


def test_ticking_in_the_list_adds_and_removes_lines(view):
    view.set_compare_mode(True)
    assert view.node_list.checked_ids() == [view.selected_node_id()]
    other = view.node_list.node_id_at(3)
    view.node_list.set_checked(other, True)
    assert view.compare_panel.compared_ids() == [view.selected_node_id(), other]
    index = view.node_list.proxy.index(3, 0)
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked.value
    view.node_list.set_checked(other, False)
    assert view.compare_panel.compared_ids() == [view.selected_node_id()]
    for row in range(1, 12):
        view.node_list.set_checked(view.node_list.node_id_at(row), True)
    assert len(view.node_list.checked_ids()) == 8
    assert "At most 8" in view.compare_panel.notes_label.text()
    view.set_compare_mode(False)
    assert not view.is_comparing()
    assert view.node_list.proxy.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) is None


def test_mixed_units_suggest_indexing(view):
    rows = view.read_model.rows
    units = {}
    for r in rows:
        units.setdefault(r.node.unit, r.node.id)
    assert len(units) >= 2
    view.compare_nodes(list(units.values())[:2])
    assert any("Units differ" in n for n in view.compare_panel.chart.notes())
