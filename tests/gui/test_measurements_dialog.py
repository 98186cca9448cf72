"""Measurement entry: the table of one KPI with add, edit, delete and paste, all undoable."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication, QUndoStack

from okrdesk.domain.entities import FormulaKind
from okrdesk.store.workspace import Workspace
from okrdesk.ui.measurements.dialog import MeasurementDialog
from okrdesk.ui.measurements.table_model import DATE, NOTE, VALUE
from okrdesk.ui.view_base import ViewContext

D = dt.date


@pytest.fixture
def ctx(workspace_file, themed_app):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    ws = Workspace.open(workspace_file)
    try:
        yield ViewContext(ws.service, QUndoStack(), D(2027, 2, 15))
    finally:
        ws.close()


def _measured(ctx):
    for node in ctx.service.kpi_nodes():
        if node.formula == FormulaKind.NONE and ctx.service.measurements(node.id):
            return node
    raise AssertionError("the demo has measured nodes")


@pytest.fixture
def dialog(qtbot, ctx):
    node = _measured(ctx)
    d = MeasurementDialog(ctx, node)
    qtbot.addWidget(d)
    d.show()
    return d


def _stored(ctx, node_id):
    return [(m.date, m.value, m.note) for m in ctx.service.measurements(node_id)]


def test_the_table_lists_the_measurements_and_passes_the_model_tester(dialog, ctx, qtmodeltester):
    stored = ctx.service.measurements(dialog.node.id)
    assert dialog.model.rowCount() == len(stored)
    assert [m.date for m in dialog.model.measurements()] == sorted(m.date for m in stored)
    first = dialog.model.index(0, DATE)
    assert first.data() == f"{stored[0].date:%d %b %Y}"
    assert first.data(Qt.ItemDataRole.EditRole) == stored[0].date.isoformat()
    qtmodeltester.check(dialog.model)


def test_add_edit_delete_each_undoable(dialog, ctx, qtbot):
    node_id = dialog.node.id
    original = _stored(ctx, node_id)
    stack = ctx.undo_stack
    dialog.date_edit.setDate(D(2030, 1, 31))
    dialog.value_edit.setText("1,234.5")
    dialog.note_edit.setText("typed")
    assert dialog.add_from_fields()
    assert (D(2030, 1, 31), 1234.5, "typed") in _stored(ctx, node_id)
    row = dialog.model.row_of(D(2030, 1, 31))
    assert row == dialog.model.rowCount() - 1
    # Edit the value, then the date (the row moves).
    assert dialog.model.setData(dialog.model.index(row, VALUE), "99")
    assert (D(2030, 1, 31), 99.0, "typed") in _stored(ctx, node_id)
    assert dialog.model.setData(dialog.model.index(row, DATE), "2030-02-28")
    assert (D(2030, 2, 28), 99.0, "typed") in _stored(ctx, node_id)
    assert all(d != D(2030, 1, 31) for d, _, _ in _stored(ctx, node_id))
    assert dialog.model.setData(dialog.model.index(row, NOTE), "changed")
    # Bad text is refused with a message naming the cell, and nothing changes.
    before = _stored(ctx, node_id)
    assert not dialog.model.setData(dialog.model.index(row, VALUE), "lots")
    assert dialog.model.last_error.startswith(f"Row {row + 1}, Value:")
    assert "lots" in dialog.message.text()
    assert _stored(ctx, node_id) == before
    # Delete two rows as one step.
    dialog.table.selectRow(0)
    dialog.table.selectionModel().select(dialog.model.index(1, 0), dialog.table.selectionModel().SelectionFlag.Select | dialog.table.selectionModel().SelectionFlag.Rows)
    gone = dialog.selected_dates()
    assert len(gone) == 2
    dialog.delete_selected()
    assert all(d not in gone for d, _, _ in _stored(ctx, node_id))
    assert dialog.model.rowCount() == len(original) + 1 - 2  # one added, two deleted
    # Undo everything: back to the start, ids included.
    while stack.canUndo():
        stack.undo()
    assert _stored(ctx, node_id) == original
    assert dialog.model.rowCount() == len(original)
    while stack.canRedo():
        stack.redo()
    assert (D(2030, 2, 28), 99.0, "changed") in _stored(ctx, node_id)


def test_a_good_paste_is_one_undo_step(dialog, ctx):
    node_id = dialog.node.id
    original = ctx.service.measurements(node_id)
    existing = original[0]
    text = f"Date\tValue\tNote\n{existing.date:%d/%m/%Y}\t1.5\treplaced\n31/12/2031\t2,000\tnew\n30/11/2031\t3\n"
    QGuiApplication.clipboard().setText(text)
    dialog.paste_button.click()
    result = dialog.last_paste
    assert result.ok and result.header_skipped
    stored = {m.date: m for m in ctx.service.measurements(node_id)}
    assert stored[existing.date].value == 1.5 and stored[existing.date].note == "replaced"
    assert stored[existing.date].id == existing.id
    assert stored[D(2031, 12, 31)].value == 2000.0 and stored[D(2031, 11, 30)].source == "paste"
    assert ctx.undo_stack.count() == 1 and "Paste 3 values" in ctx.undo_stack.text(0)
    assert dialog.model.row_of(D(2031, 12, 31)) >= 0
    ctx.undo_stack.undo()
    assert ctx.service.measurements(node_id) == original
    assert dialog.model.row_of(D(2031, 12, 31)) == -1


def test_a_bad_paste_changes_nothing_and_marks_every_bad_cell(dialog, ctx):
    node_id = dialog.node.id
    original = _stored(ctx, node_id)
    result = dialog.paste_text("2031-01-31\t10\n2031-02-31\t11\n2031-03-31\tten\n")
    assert not result.ok
    assert _stored(ctx, node_id) == original and ctx.undo_stack.count() == 0
    assert dialog.message.text().startswith("Nothing was pasted: 2 cells")
    assert not dialog.preview.isHidden()
    assert dialog.preview.rowCount() == 3
    bad_date = dialog.preview.item(1, 0)
    bad_value = dialog.preview.item(2, 1)
    assert "2031-02-31" in bad_date.text() and bad_date.toolTip()
    assert "ten" in bad_value.toolTip()
    assert dialog.preview.item(0, 1).toolTip() == ""


def test_a_formula_node_explains_that_its_values_are_computed(qtbot, ctx):
    from okrdesk.store.readmodels.tree import TreeReadModel

    tree = TreeReadModel.load(ctx.service, D(2027, 2, 15))
    node = next(r.node for r in tree.rows if r.node.formula == FormulaKind.SUM and tree.children(r.node.id))
    d = MeasurementDialog(ctx, node, tree)
    qtbot.addWidget(d)
    assert d.is_computed()
    child = tree.children(node.id)[0].node
    assert "computed" in d.formula_label.text() and child.code in d.formula_label.text()
    assert d.paste_text("2031-01-31\t10") is None


def test_the_trends_view_opens_the_table_and_follows_edits(qtbot, ctx):
    from okrdesk.ui.trends import TrendsView

    view = TrendsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    node = _measured(ctx)
    view.show_node(node.id)
    d = view.edit_values()
    assert d is not None and d.node.id == node.id and d.isVisible()
    last = view.series.buckets[-1].item()
    assert d.paste_text("2035-06-30\t123\n").ok
    assert view.series.buckets[-1].item() > last  # the chart shows the new bucket at once
    ctx.undo_stack.undo()
    assert view.series.buckets[-1].item() == last
    d.close()
