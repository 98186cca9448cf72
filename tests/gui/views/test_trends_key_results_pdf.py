"""Trends on the workshop demo: the key-result progress chart below a KPI's trend (the
check-in dialog's chart and data), and the trend chart printed to an A4-landscape PDF."""

from __future__ import annotations

import datetime as dt
import pypdf
import pytest
from PySide6.QtWidgets import QFileDialog

from okrdesk.store.readmodels.kr_progress import key_result_progress
from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.ui.trends import TrendsView
from okrdesk.ui.widgets.kr_progress_chart import KrProgressChart

from .conftest import DEMO_TODAY

A4_LANDSCAPE_POINTS = (842, 595)


@pytest.fixture
def view(qtbot, demo_ctx) -> TrendsView:
    v = TrendsView(demo_ctx)
    qtbot.addWidget(v)
    v.resize(1600, 1000)
    v.show()
    return v


def _linked_kr_this_quarter(service):
    period = service.period_for(DEMO_TODAY)
    objective_ids = {o.id for o in service.objectives(period_id=period.id)}
    return period, next(kr for kr in service.key_results() if kr.kpi_node_id is not None
                        and kr.objective_id in objective_ids)


def _board_row(service, view, period, kr_id):
    board = BoardReadModel.load(service, period, DEMO_TODAY, view.read_model)
    return next((card, row) for card in board.cards for row in card.key_results if row.kr.id == kr_id)


def test_a_kpi_with_linked_key_results_shows_the_check_in_dialogs_chart_and_data(view, demo_ctx):
    service = demo_ctx.service
    period, kr = _linked_kr_this_quarter(service)
    view.show_node(kr.kpi_node_id)
    assert view.kr_panel.isVisible()
    assert isinstance(view.kr_panel.chart, KrProgressChart)
    items = view.kr_panel.items()
    assert all(i.linked for i in items if i.kr.kpi_node_id == kr.kpi_node_id)
    assert {i.objective.id for i in items} == {i.objective.id for i in items if i.linked}
    # The KR of the current quarter is shown first, drawn exactly as the check-in dialog draws it.
    shown = view.kr_panel.shown()
    assert shown is not None and shown.item.period.id == period.id
    card, row = _board_row(service, view, period, shown.item.kr.id)
    expected = key_result_progress(row, period, service.check_ins(key_result_id=row.kr.id), DEMO_TODAY)
    assert view.kr_panel.chart.data == expected
    assert expected.points and expected.expected_line is not None
    assert row.kr.ref in view.kr_panel.combo.currentText()
    assert "expected" in view.kr_panel.summary_label.text()
    assert view.kr_panel.badge.status() == row.pace


def test_choosing_another_key_result_redraws_the_progress_chart(view, demo_ctx):
    _, kr = _linked_kr_this_quarter(demo_ctx.service)
    view.show_node(kr.kpi_node_id)
    items = view.kr_panel.items()
    assert len(items) >= 2
    other = next(i for i in range(len(items)) if i != view.kr_panel.current_index())
    view.kr_panel.choose(other)
    assert view.kr_panel.shown().item == items[other]
    assert view.kr_panel.chart.data.title == items[other].kr.title


def test_a_key_result_opened_by_id_is_charted_below_its_kpi_or_the_kpi_shown(view, demo_ctx):
    service = demo_ctx.service
    _, linked = _linked_kr_this_quarter(service)
    assert view.show_key_result(linked.id)
    assert view.selected_node_id() == linked.kpi_node_id
    assert view.kr_panel.shown().item.kr.id == linked.id
    shown_node = view.selected_node_id()
    reachable = {i.kr.id for i in view.kr_panel.items()}
    unlinked = next(kr for kr in service.key_results()
                    if kr.kpi_node_id is None and kr.id not in reachable
                    and view.show_key_result(kr.id))
    assert view.selected_node_id() == shown_node
    assert view.kr_panel.shown().item.kr.id == unlinked.id
    assert view.kr_panel.chart.data.title == unlinked.title
    assert not view.show_key_result(10_000_000)


def test_choosing_a_period_charts_a_key_result_of_that_period(view, demo_ctx):
    service = demo_ctx.service
    period, kr = _linked_kr_this_quarter(service)
    earlier = service.create_period("2026-Q4 test", dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    objective = service.create_objective("Earlier objective", period_id=earlier.id)
    old = service.create_key_result(objective.id, "Earlier key result", kpi_node_id=kr.kpi_node_id, target=1.0)
    view.reload()
    view.show_node(kr.kpi_node_id)
    assert view.kr_panel.shown().item.period.id == period.id
    view.set_period(earlier)
    assert view.kr_panel.shown().item.kr.id == old.id
    view.set_period(period)
    assert view.kr_panel.shown().item.period.id == period.id


def test_a_kpi_without_key_results_hides_the_panel(view, demo_ctx):
    linked_nodes = {kr.kpi_node_id for kr in demo_ctx.service.key_results()}
    lonely = next(r.node.id for r in view.read_model.rows if r.node.id not in linked_nodes and r.value is not None)
    view.show_node(lonely)
    assert not view.kr_panel.isVisible() and view.kr_panel.items() == []


def test_the_trend_prints_to_one_a4_landscape_vector_page_with_name_unit_and_dates(view, tmp_path):
    view.set_forecast_horizon(2)
    row = view.read_model.row(view.selected_node_id())
    target = tmp_path / "trend.pdf"
    assert view.export_pdf(target) == target
    assert target.read_bytes().startswith(b"%PDF-")
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_LANDSCAPE_POINTS
    assert reader.metadata.title == row.node.name
    text = " ".join(page.extract_text().split())
    title, details = view.pdf_heading()
    assert row.node.name in text and row.node.code in text and row.node.unit in details
    dates = next(part for part in details.split("  ·  ") if " – " in part)
    assert dates in text.replace("\ue089", "–")  # the date range shown, e.g. "18 Jul 2020 – 13 Oct 2027"
    # Vector, not a picture of the chart: axis labels and legend are text, no image on the page.
    assert "Forecast" in text and "Target" in text
    assert not page["/Resources"].get("/XObject")


def test_pdf_export_to_an_unwritable_place_warns_and_cancel_writes_nothing(view, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr("okrdesk.ui.trends.trend_export.QMessageBox.warning",
                        lambda *args: warned.append(args[2]))
    assert view.export_pdf(tmp_path / "missing" / "folder" / "t.pdf") is None
    assert warned and "missing" in warned[0]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    assert view.export_pdf() is None
    assert not list(tmp_path.rglob("*.pdf"))


def test_pdf_fills_the_page_and_leaves_the_chart_as_it_was(view, tmp_path):
    widget = view.chart.plot_widget
    size, x_range, y_range = widget.size(), view.chart.x_window(), view.chart.plot.viewRange()[1]
    target = tmp_path / "trend.pdf"
    assert view.export_pdf(target) == target
    assert widget.size() == size
    assert view.chart.x_window() == pytest.approx(x_range) and view.chart.plot.viewRange()[1] == pytest.approx(y_range)
    assert view.chart.plot.getViewBox().width() == pytest.approx(widget.viewport().width() - 72, abs=40)


def test_png_is_the_heading_over_the_chart_without_gaps(view, tmp_path):
    picture = view.exporter.chart_picture()
    ratio = picture.devicePixelRatio()
    chart_height = view.chart.height()
    heading_height = view.name_label.height() + view.code_label.height()
    # Heading, a 12 px gap and the chart, inside the panel's margins: nothing else.
    margins = view.chart_panel.contentsMargins()
    assert picture.height() / ratio <= margins.top() + heading_height + 40 + chart_height + margins.bottom()
    assert picture.height() / ratio >= chart_height + heading_height
