"""The Trends view on the workshop demo workspace: series, period zoom, exports."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from okrdesk.ui.trends import TrendsView
from okrdesk.ui.trends.chart import date_seconds, epoch_seconds

from .conftest import DEMO_TODAY


@pytest.fixture
def view(qtbot, demo_ctx) -> TrendsView:
    v = TrendsView(demo_ctx)
    qtbot.addWidget(v)
    v.resize(1600, 1000)
    return v


def test_the_top_kpi_is_charted_first_with_its_bucketed_series(view):
    top = view.read_model.top_kpi()
    assert view.selected_node_id() == top.node.id
    x, y = view.chart.values_item.getData()
    dates = [d for d, _ in view.read_model.series(top.node.id)]
    values = [v for _, v in view.read_model.series(top.node.id)]
    assert len(dates) > 3
    assert np.array_equal(x, epoch_seconds(np.array(dates, dtype="datetime64[D]")))
    assert np.allclose(y, values)
    assert top.node.code in view.title_text() and top.node.name in view.title_text()
    assert top.node.unit in view.title_text()


def test_choosing_another_node_replots_it(view, qtbot):
    view.set_search("churn")
    assert view.node_list.proxy.rowCount() >= 1
    for row in range(view.node_list.proxy.rowCount()):
        node = view.read_model.row(view.node_list.node_id_at(row)).node
        assert "churn" in f"{node.code} {node.name}".lower() or "churn" in view.read_model.row(node.id).owner_name.lower()
    target = view.node_list.node_id_at(0)
    view.node_list.setCurrentIndex(view.node_list.proxy.index(0, 0))
    qtbot.waitUntil(lambda: view.selected_node_id() == target)
    x, y = view.chart.values_item.getData()
    assert np.allclose(y, [v for _, v in view.read_model.series(target)])
    target_value = view.read_model.row(target).node.target
    if target_value is not None:
        assert view.chart.target_line.value() == pytest.approx(target_value)


def test_set_period_zooms_to_the_period_with_context(view, demo_ctx):
    period = demo_ctx.service.period_for(DEMO_TODAY)
    assert period is not None
    view.set_period(period)
    start, end = view.period_window(period)
    x0, x1 = view.chart.x_window()
    assert start < period.start
    assert x0 == pytest.approx(date_seconds(start), abs=86_400)
    assert x1 == pytest.approx(date_seconds(end) + 86_400, abs=86_400)
    view.set_period(None)
    a0, a1 = view.chart.x_window()
    x, _ = view.chart.values_item.getData()
    assert a0 <= x.min() and a1 >= x.max()
    assert a1 - a0 > x1 - x0


def test_csv_export_writes_the_series(view, tmp_path, monkeypatch):
    path = tmp_path / "trend.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "CSV files (*.csv)"))
    view.csv_action.trigger()
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["date", "value", "bucketed", "moving_average"]
    bucket_rows = [r for r in rows[1:] if r[2]]
    series = view.read_model.series(view.selected_node_id())
    assert [r[0] for r in bucket_rows] == [d.isoformat() for d, _ in series]
    assert [float(r[2]) for r in bucket_rows] == pytest.approx([v for _, v in series])
    third = bucket_rows[2]
    assert float(third[3]) == pytest.approx(sum(v for _, v in series[:3]) / 3)
    assert rows[1:] == sorted(rows[1:], key=lambda r: r[0])


def test_png_export_writes_a_picture(view, tmp_path, monkeypatch):
    path = tmp_path / "trend.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), "PNG pictures (*.png)"))
    view.show()
    view.png_action.trigger()
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 600
    cancelled = tmp_path / "never.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert view.export_png() is None and not cancelled.exists()


def test_hover_read_out_names_the_bucket_and_value(view):
    x, y = view.chart.values_item.getData()
    found = view.chart.read_out(float(x[-1]) + 3 * 86_400)
    assert found is not None
    day, value, _ = found
    assert value == pytest.approx(y[-1])
    assert date_seconds(day) == x[-1]
    view._show_readout(found)
    assert view.readout_label.text().startswith(f"{day:%B %Y}")


def test_an_empty_workspace_says_what_to_do(qtbot, tmp_path):
    from PySide6.QtGui import QUndoStack

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.view_base import ViewContext

    ws = Workspace.create(tmp_path / "empty.okrdesk")
    try:
        v = TrendsView(ViewContext(ws.service, QUndoStack(), dt.date(2027, 2, 15)))
        qtbot.addWidget(v)
        assert v.stack.currentWidget() is v.empty_state
        assert v.export_csv(tmp_path / "x.csv") is None
    finally:
        ws.close()
