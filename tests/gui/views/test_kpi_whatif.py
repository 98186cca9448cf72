"""What-if mode, goal seek and root cause in the KPI Tree view (workshop demo)."""

from __future__ import annotations

import datetime
import math

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QDialog, QStyleOptionViewItem

from okrdesk.domain.entities import FormulaKind
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree.goal_seek_dialog import GoalSeekDialog
from okrdesk.ui.kpi_tree.outline_model import Column
from okrdesk.ui.kpi_tree.root_cause_dialog import RootCauseDialog

from .kpi_support import kpi_view


def _sum_parent_with_measured_child(tree):
    """A SUM node with a measured child that has a value in the parent's bucket."""
    for row in tree.rows:
        if row.node.formula == FormulaKind.SUM and row.value is not None:
            for child in tree.children(row.node.id):
                if child.node.formula == FormulaKind.NONE and child.bucket == row.bucket and child.value:
                    return row, child
    raise AssertionError("the demo has no SUM node with a measured child")


def _measurement_count(ctx) -> int:
    return sum(len(dates) for dates, _ in ctx.service.measurement_arrays().values())


def test_override_recomputes_ancestors_and_never_saves(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    before_count = _measurement_count(demo_ctx)
    actual_text = view.cell_text(parent.node.id, Column.VALUE)

    qtbot.mouseClick(view.whatif.toggle, Qt.MouseButton.LeftButton)
    assert view.whatif.active and view.whatif.bar.isVisibleTo(view)
    assert view.canvas_mode.buttons["canvas"].isEnabled()  # the Canvas shows what-if values too
    view.select_node(child.node.id)
    view.whatif.value_edit.setText(str(child.value + 100))
    qtbot.mouseClick(view.whatif.set_button, Qt.MouseButton.LeftButton)

    shown = view.model.tree().row(parent.node.id)
    assert shown.value == pytest.approx(parent.value + 100)
    assert view.details.field_text("value") == view.cell_text(child.node.id, Column.VALUE)  # the panel follows
    view.select_node(parent.node.id)
    assert view.details.field_text("value") == view.cell_text(parent.node.id, Column.VALUE)
    view.select_node(child.node.id)
    assert view.read_model.row(parent.node.id).value == parent.value  # the actual tree is untouched
    assert {parent.node.id, child.node.id} <= view.whatif.affected
    assert view.whatif.delta_text(parent.node.id).startswith("Δ +")
    assert view.cell_text(parent.node.id, Column.VALUE) != actual_text
    # The Change cell (a proxy index in the tree) is painted with the accent tint.
    index = view.proxy.mapFromSource(view.model.index_of(parent.node.id, Column.CHANGE))
    image = QImage(120, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 120, 30)
    option.font = view.tree_view.font()
    painter = QPainter(image)
    view.tree_view.itemDelegate().paint(painter, option, index)
    painter.end()
    assert image.pixelColor(2, 2) == QColor(theme.current().accent_tint)
    assert _measurement_count(demo_ctx) == before_count
    assert demo_ctx.undo_stack.count() == 0

    qtbot.mouseClick(view.whatif.reset_button, Qt.MouseButton.LeftButton)
    assert view.cell_text(parent.node.id, Column.VALUE) == actual_text and not view.whatif.affected
    assert view.details.field_text("value") == view.cell_text(child.node.id, Column.VALUE)

    view.whatif.override(child.node.id, child.value * 2)
    view.whatif.toggle.setChecked(False)
    assert not view.whatif.active and not view.whatif.overrides
    assert view.cell_text(parent.node.id, Column.VALUE) == actual_text


def _formula_parent_of_formula_child(tree):
    """A formula node with a formula child, both with a value in the same bucket."""
    for row in tree.rows:
        if row.node.formula == FormulaKind.NONE or row.value is None:
            continue
        for child in tree.children(row.node.id):
            if child.node.formula != FormulaKind.NONE and child.bucket == row.bucket and child.value:
                return row, child
    raise AssertionError("the demo has no formula node with a formula child")


def test_formula_node_override_sets_its_formula_aside(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    top, mid = _formula_parent_of_formula_child(view.read_model)
    assert view.whatif.override(mid.node.id, mid.value * 3) is None
    shown = view.model.tree()
    assert shown.row(mid.node.id).value == pytest.approx(mid.value * 3)
    assert shown.row(top.node.id).value != top.value  # its ancestor recomputed from the pinned value
    assert view.whatif.shown.overridden == {mid.node.id}
    assert {top.node.id, mid.node.id} <= view.whatif.affected
    grandchild = view.read_model.children(mid.node.id)[0]
    assert shown.row(grandchild.node.id) == view.read_model.row(grandchild.node.id)  # inputs untouched
    assert view.whatif.clear(mid.node.id)
    assert view.model.tree().row(top.node.id).value == top.value


def test_goal_seek_drives_a_formula_node_and_sees_what_if_values(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    top, mid = _formula_parent_of_formula_child(view.read_model)
    dialog = GoalSeekDialog(view.read_model, top.node.id, view)
    qtbot.addWidget(dialog)
    assert dialog.driver.findData(mid.node.id) >= 0
    assert "computed" in dialog.driver.itemText(dialog.driver.findData(mid.node.id))
    dialog.driver.setCurrentIndex(dialog.driver.findData(mid.node.id))
    dialog.value.setText(str(top.value * 1.1))
    assert dialog.result is not None and dialog.result.reached, dialog.outcome.text()
    needed = dialog.result.value
    dialog.applied.connect(lambda nid, bucket, value: view.whatif.override(nid, value, bucket))
    dialog.apply()
    assert view.model.tree().row(top.node.id).value == pytest.approx(top.value * 1.1, rel=1e-8)
    assert view.whatif.overrides[mid.node.id][1] == needed
    # With that what-if value on, goal seek works on the what-if tree: the pin on MID holds TOP
    # against MID's inputs, and the dialog says so.
    leaf = next(i for i in view.whatif.rollup().precedents(mid.node.id))
    dialog = view.whatif.open_goal_seek(top.node.id)
    dialog.driver.setCurrentIndex(dialog.driver.findData(leaf))
    dialog.value.setText(str(top.value))
    assert not dialog.result.reached and "holds the target still" in dialog.outcome.text()
    dialog.reject()


def test_goal_seek_dialog_finds_and_applies_driver_value(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    view.select_node(parent.node.id)
    qtbot.mouseClick(view.whatif.goal_seek_button, Qt.MouseButton.LeftButton)
    dialog = view.whatif.last_dialog
    assert isinstance(dialog, GoalSeekDialog) and dialog.isVisible()
    assert dialog.target.currentData() == parent.node.id
    dialog.driver.setCurrentIndex(dialog.driver.findData(child.node.id))
    dialog.value.setText(str(parent.value + 50))
    assert dialog.result is not None and dialog.result.reached
    assert dialog.result.value == pytest.approx(child.value + 50)
    assert "needs" in dialog.outcome.text()
    with qtbot.waitSignal(dialog.applied):
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert view.whatif.active
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 50)


def test_goal_seek_dialog_says_when_unreachable(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    dialog = GoalSeekDialog(view.read_model, parent.node.id, view)
    qtbot.addWidget(dialog)
    dialog.driver.setCurrentIndex(dialog.driver.findData(child.node.id))
    dialog.value.setText("abc")
    assert dialog.result is None and not dialog.apply_button.isEnabled()
    dialog.value.setText(str(parent.value + 1))
    assert dialog.apply_button.isEnabled()


def test_root_cause_waterfall_adds_up(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, _ = _sum_parent_with_measured_child(view.read_model)
    view.select_node(parent.node.id)
    qtbot.mouseClick(view.whatif.root_cause_button, Qt.MouseButton.LeftButton)
    dialog = view.whatif.last_dialog
    assert isinstance(dialog, RootCauseDialog) and dialog.isVisible()
    steps = dialog.chart.steps
    assert steps and steps[0].total and steps[-1].total
    assert math.fsum(s.value for s in steps[1:-1]) == pytest.approx(steps[-1].value - steps[0].value)
    assert dialog.second.currentData() == dialog.buckets[-1]
    image = dialog.chart.grab()
    assert not image.isNull()
    dialog.second.setCurrentIndex(dialog.first.currentIndex())
    assert not dialog.chart.steps and "two different" in dialog.message.text()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_root_cause_uses_what_if_values_and_refuses_a_pinned_node(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    view.whatif.override(child.node.id, child.value + 1000)
    dialog = view.whatif.open_root_cause(parent.node.id)
    steps = dialog.chart.steps
    assert steps[-1].value == pytest.approx(parent.value + 1000)
    assert math.fsum(s.value for s in steps[1:-1]) == pytest.approx(steps[-1].value - steps[0].value)
    dialog.reject()
    view.whatif.override(parent.node.id, 1.0)
    dialog = view.whatif.open_root_cause(parent.node.id)
    assert not dialog.chart.steps and "holds a what-if value" in dialog.message.text()
    dialog.reject()


def test_root_cause_of_a_measured_node_says_why(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    _, child = _sum_parent_with_measured_child(view.read_model)
    dialog = RootCauseDialog(view.read_model, child.node.id, view)
    qtbot.addWidget(dialog)
    assert not dialog.chart.steps and "measured" in dialog.message.text()


def test_what_if_values_survive_edits_and_come_back_with_undo(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    view.whatif.override(child.node.id, child.value + 7)
    view.commands.update(parent.node.id, name="Renamed while trying values")  # an ordinary edit
    view.reload()
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 7)
    assert view.model.tree().row(parent.node.id).node.name == "Renamed while trying values"
    view.commands.delete([child.node.id])
    view.reload()
    assert "1 on deleted nodes" in view.whatif.summary.text()
    demo_ctx.undo_stack.undo()  # the node is back, with its id: so is its what-if value
    view.reload()
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 7)
    assert view.whatif.shown.overridden == {child.node.id}
    assert demo_ctx.undo_stack.count() == 2  # the two edits; what-if values never go on the stack


def test_what_if_value_in_another_period_is_kept_but_not_shown_there(qtbot, demo_ctx):
    from okrdesk.domain.entities import Period, PeriodKind

    view = kpi_view(qtbot, demo_ctx)
    parent, child = _sum_parent_with_measured_child(view.read_model)
    view.whatif.override(child.node.id, child.value + 7)
    earlier = Period(0, "2026-Q3", PeriodKind.QUARTER, _dt(2026, 7, 1), _dt(2026, 9, 30))
    view.set_period(earlier)
    assert view.model.tree().row(parent.node.id) == view.read_model.row(parent.node.id)
    assert "1 more in other periods" in view.whatif.summary.text()
    view.set_period(None)  # all time: each node's latest bucket, the one the value was set in
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 7)


def _dt(y, m, d):
    return datetime.date(y, m, d)
