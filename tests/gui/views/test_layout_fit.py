"""The views fit ordinary laptop windows: they reflow, hide low-priority columns and
never ask for more than about 1000×600 pixels."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from okrdesk.ui.dashboards import DashboardView
from okrdesk.ui.dashboards.tile_grid import tile_columns
from okrdesk.ui.kpi_tree import KpiTreeView
from okrdesk.ui.kpi_tree.columns import NAME_MIN_WIDTH, columns_to_show
from okrdesk.ui.kpi_tree.outline_model import Column
from okrdesk.ui.kpi_tree.view import COLUMN_WIDTHS, DETAILS_SETTING
from okrdesk.ui.okr_board import OkrBoardView
from okrdesk.ui.settings import app_settings
from okrdesk.ui.trends import TrendsView

from .conftest import DEMO_TODAY

MAX_MIN_WIDTH = 1000
MAX_MIN_HEIGHT = 600


@pytest.fixture(autouse=True)
def _fresh_settings():
    settings = app_settings()
    settings.clear()
    yield
    settings.clear()


def _shown(qtbot, view, width: int, height: int):
    qtbot.addWidget(view)
    view.resize(width, height)
    view.set_period(view.ctx.service.period_for(DEMO_TODAY))
    view.show()
    qtbot.waitExposed(view)
    QApplication.processEvents()
    return view


def _resize(view, width: int, height: int) -> None:
    view.resize(width, height)
    QApplication.processEvents()
    QApplication.processEvents()


# Dashboards ------------------------------------------------------------------------------


def test_dashboard_at_1100_has_no_horizontal_scrollbar_and_a_small_minimum(qtbot, demo_ctx):
    view = _shown(qtbot, DashboardView(demo_ctx), 1100, 700)
    content = view.scroll.widget()
    assert content.minimumSizeHint().width() <= view.scroll.viewport().width()
    assert not view.scroll.horizontalScrollBar().isVisible()
    assert view.minimumSizeHint().width() <= MAX_MIN_WIDTH
    assert content.minimumSizeHint().width() <= MAX_MIN_WIDTH
    view.show_team(view.board.teams[0].id)  # the team scorecard must fit as well
    QApplication.processEvents()
    assert not view.scroll.horizontalScrollBar().isVisible()


def test_dashboard_tiles_wrap_into_balanced_rows(qtbot, demo_ctx):
    view = _shown(qtbot, DashboardView(demo_ctx), 1700, 900)
    assert len(view.tiles) == 6
    assert len({t.y() for t in view.tiles}) == 1, "six tiles fit one wide row"
    _resize(view, 1100, 800)
    rows = sorted({t.y() for t in view.tiles})
    assert len(rows) == 2
    assert [sum(t.y() == y for t in view.tiles) for y in rows] == [3, 3]
    assert all(t.x() + t.width() <= view.scroll.viewport().width() for t in view.tiles)
    _resize(view, 560, 800)
    assert len({t.y() for t in view.tiles}) >= 3


def test_tile_columns_never_leave_a_lonely_tile():
    assert tile_columns(1500, 6, 220, 16) == 6
    assert tile_columns(1200, 6, 220, 16) == 3  # 5 fit, but 3+3 reads better than 5+1
    assert tile_columns(700, 6, 220, 16) == 3
    assert tile_columns(460, 6, 220, 16) == 2
    assert tile_columns(100, 6, 220, 16) == 1


def test_dashboard_body_becomes_one_column_when_narrow(qtbot, demo_ctx):
    view = _shown(qtbot, DashboardView(demo_ctx), 1600, 900)
    assert not view.is_one_column()
    scores, pace = view.scores_panel, view.pace_panel
    assert pace.mapTo(view, pace.rect().topLeft()).x() > scores.mapTo(view, scores.rect().topRight()).x()
    _resize(view, 900, 900)
    assert view.is_one_column()
    # One column, the pace numbers first, every panel as wide as the others.
    tops = [p.mapTo(view, p.rect().topLeft()).y() for p in (pace, scores, view.at_risk_panel, view.movers_panel)]
    assert tops == sorted(tops)
    assert len({p.width() for p in (pace, scores, view.at_risk_panel, view.movers_panel)}) == 1
    assert not view.scroll.horizontalScrollBar().isVisible()
    _resize(view, 1600, 900)
    assert not view.is_one_column()


def test_dashboard_caption_elides_with_the_full_text_as_tooltip(qtbot, demo_ctx):
    view = _shown(qtbot, DashboardView(demo_ctx), 1600, 900)
    assert not view.caption.is_elided() and view.caption.toolTip() == ""
    view.caption.setFixedWidth(120)
    QApplication.processEvents()
    assert view.caption.is_elided()
    assert view.caption.displayed_text().endswith("…")
    assert view.caption.toolTip() == view.caption.text()


# KPI tree ---------------------------------------------------------------------------------


def test_outline_hides_owner_when_narrow_and_shows_it_again_when_wide(qtbot, demo_ctx):
    view = _shown(qtbot, KpiTreeView(demo_ctx), 1900, 900)
    header = view.tree_view.header()
    assert view.columns.visible_columns() == list(Column)
    _resize(view, 1000, 800)
    visible = view.columns.visible_columns()
    assert Column.OWNER not in visible
    assert {Column.CODE, Column.NAME, Column.VALUE, Column.STATUS} <= set(visible)
    assert header.sectionSize(Column.NAME) >= NAME_MIN_WIDTH
    assert header.length() <= view.tree_view.viewport().width(), "no sideways scrolling"
    _resize(view, 1900, 900)
    assert Column.OWNER in view.columns.visible_columns()
    assert header.sectionSize(Column.OWNER) == COLUMN_WIDTHS[Column.OWNER]


def test_columns_give_way_owner_first_then_kind_then_trend():
    widths = dict(COLUMN_WIDTHS)
    everything = NAME_MIN_WIDTH + sum(widths.values())
    assert columns_to_show(everything, widths, {}) == set(Column)
    assert columns_to_show(everything - 1, widths, {}) == set(Column) - {Column.OWNER}
    without_owner_and_kind = set(Column) - {Column.OWNER, Column.KIND}
    assert columns_to_show(everything - widths[Column.OWNER] - 1, widths, {}) == without_owner_and_kind
    # A pinned column stays, whatever the width; a column pinned hidden never shows.
    assert Column.OWNER in columns_to_show(400, widths, {Column.OWNER: True})
    assert Column.STATUS not in columns_to_show(5000, widths, {Column.STATUS: False})


def test_header_menu_pins_a_column_and_remembers_it(qtbot, demo_ctx):
    view = _shown(qtbot, KpiTreeView(demo_ctx), 1000, 800)
    menu = view.columns.build_menu()
    names = [a.text() for a in menu.actions() if a.isCheckable()]
    assert names == ["Kind", "Value", "Change", "Target", "Status", "Trend", "Owner"]
    owner = next(a for a in menu.actions() if a.text() == "Owner")
    assert not owner.isChecked()
    owner.setChecked(True)  # the user wants Owner even in a narrow window
    assert Column.OWNER in view.columns.visible_columns()
    assert "OWNER=1" in str(app_settings().value("kpi_tree/pinned_columns"))
    again = _shown(qtbot, KpiTreeView(demo_ctx), 1000, 800)
    assert Column.OWNER in again.columns.visible_columns()
    again.columns.unpin_all()
    assert Column.OWNER not in again.columns.visible_columns()


def test_details_panel_collapses_and_the_choice_is_remembered(qtbot, demo_ctx):
    view = _shown(qtbot, KpiTreeView(demo_ctx), 1366, 800)
    assert view.details_visible() and view.details_toggle.isChecked()
    assert 260 <= view.details.width() <= 340
    outline_before = view.tree_view.width()
    view.details_toggle.click()
    QApplication.processEvents()
    assert not view.details_visible()
    assert view.tree_view.width() > outline_before + 200
    assert str(app_settings().value(DETAILS_SETTING)).lower() == "false"
    again = _shown(qtbot, KpiTreeView(demo_ctx), 1366, 800)
    assert not again.details_visible() and not again.details_toggle.isChecked()


# Minimum sizes of every view --------------------------------------------------------------


@pytest.mark.parametrize("view_class", [DashboardView, KpiTreeView, OkrBoardView, TrendsView])
def test_no_view_asks_for_more_than_1000_by_600(qtbot, demo_ctx, view_class):
    view = _shown(qtbot, view_class(demo_ctx), 1280, 720)
    hint = view.minimumSizeHint()
    assert hint.width() <= MAX_MIN_WIDTH, f"{view_class.__name__} needs {hint.width()} px"
    assert hint.height() <= MAX_MIN_HEIGHT
