"""Typing what-if values in the Outline's Value column (workshop demo)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.outline_model import Column
from okrdesk.ui.view_base import ViewContext

from .conftest import DEMO_TODAY
from .kpi_support import kpi_view, sum_with_child


def _open_value_editor(qtbot, view, node_id) -> QLineEdit:
    """Double-click the node's Value cell, as a user does, and return the editor that opens."""
    index = view.proxy.mapFromSource(view.model.index_of(node_id, Column.VALUE))
    view.tree_view.scrollTo(index)
    rect = view.tree_view.visualRect(index)
    qtbot.mouseClick(view.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in view.tree_view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "double-clicking the Value cell opens an editor"
    return editors[0]


def _double_click_opens_editor(qtbot, view, node_id, column) -> bool:
    """Whether double-clicking the cell opens an inline editor (closed again right away)."""
    index = view.proxy.mapFromSource(view.model.index_of(node_id, column))
    view.tree_view.scrollTo(index)
    rect = view.tree_view.visualRect(index)
    qtbot.mouseClick(view.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.tree_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in view.tree_view.viewport().findChildren(QLineEdit) if e.isVisible()]
    for editor in editors:
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
    return bool(editors)


def _type(qtbot, view, editor: QLineEdit, text: str, key=Qt.Key.Key_Return) -> None:
    """Type ``text`` and press ``key``; the delegate commits (or cancels) on its next event loop turn."""
    editor.selectAll()
    qtbot.keyClicks(editor, text) if text else editor.clear()
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: view.tree_view.state() != QAbstractItemView.State.EditingState)


def test_value_column_is_editable_only_in_what_if(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    _, child = sum_with_child(view.read_model)
    index = view.model.index_of(child.node.id, Column.VALUE)
    assert not view.model.column_editable(Column.VALUE)
    assert not _double_click_opens_editor(qtbot, view, child.node.id, Column.VALUE)
    view.whatif.set_active(True)
    assert view.model.column_editable(Column.VALUE)
    assert _double_click_opens_editor(qtbot, view, child.node.id, Column.VALUE)
    assert index.data(Qt.ItemDataRole.EditRole) == fmt.edit_number(child.value)
    assert fmt.parse_number(index.data(Qt.ItemDataRole.EditRole)) == child.value


def test_typed_value_recomputes_bad_input_says_why_and_empty_restores(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    view.whatif.set_active(True)
    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, f"{child.value + 250:.2f}")
    assert view.whatif.overrides[child.node.id][1] == pytest.approx(child.value + 250)
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 250)
    assert demo_ctx.undo_stack.count() == 0  # what-if values are not edits

    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, "12 apples")
    assert "What-if value of " + child.node.code in view.status_line.text()
    assert "is not a number" in view.status_line.text()
    assert view.whatif.overrides[child.node.id][1] == pytest.approx(child.value + 250)  # unchanged

    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, "999", key=Qt.Key.Key_Escape)  # Esc: nothing changes
    assert view.whatif.overrides[child.node.id][1] == pytest.approx(child.value + 250)

    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, "")  # an empty value restores the actual one
    assert child.node.id not in view.whatif.overrides
    assert view.model.tree().row(parent.node.id).value == parent.value


def test_values_are_read_in_the_users_locale(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    _, child = sum_with_child(view.read_model)
    view.whatif.set_active(True)
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert view.whatif.edit_value(child.node.id, "1.234,5") is None
        assert view.whatif.overrides[child.node.id][1] == 1234.5
    finally:
        QLocale.setDefault(previous)


def test_formula_node_typed_in_the_outline(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, _ = sum_with_child(view.read_model)
    view.whatif.set_active(True)
    editor = _open_value_editor(qtbot, view, parent.node.id)
    _type(qtbot, view, editor, "1000")
    assert view.model.tree().row(parent.node.id).value == 1000
    assert view.whatif.shown.overridden == {parent.node.id}


def test_bar_sets_and_restores_the_selected_node(qtbot, demo_ctx):
    view = kpi_view(qtbot, demo_ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    view.whatif.set_active(True)
    view.select_node(parent.node.id)
    assert view.whatif.value_edit.isEnabled()  # formula nodes take values too
    view.whatif.value_edit.setText("42")
    qtbot.mouseClick(view.whatif.set_button, Qt.MouseButton.LeftButton)
    assert view.model.tree().row(parent.node.id).value == 42
    assert view.whatif.restore_button.isEnabled()
    qtbot.mouseClick(view.whatif.restore_button, Qt.MouseButton.LeftButton)
    assert not view.whatif.overrides and view.model.tree().row(parent.node.id).value == parent.value


def test_what_if_works_on_a_read_only_workspace(qtbot, demo_workspace):
    ctx = ViewContext(service=demo_workspace.service, undo_stack=QUndoStack(), today=DEMO_TODAY, read_only=True)
    view = kpi_view(qtbot, ctx, shown=True)
    parent, child = sum_with_child(view.read_model)
    view.whatif.set_active(True)
    assert not view.model.column_editable(Column.NAME)  # still no data edits
    assert not _double_click_opens_editor(qtbot, view, child.node.id, Column.NAME)
    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, "oops")
    assert "is not a number" in view.status_line.text()
    editor = _open_value_editor(qtbot, view, child.node.id)
    _type(qtbot, view, editor, f"{child.value + 1}")
    assert view.model.tree().row(parent.node.id).value == pytest.approx(parent.value + 1)
