"""A values import is ONE step on the window's undo stack (push_edit over apply_plan /
undo_import / redo_import), with node ids and history kept across undo and redo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QUndoStack

from okrdesk.excel.foreign import (
    apply_matches, apply_plan, detect_spec, match_labels, open_source, plan_import, read_table,
    redo_import, undo_import,
)
from okrdesk.store.workspace import Workspace
from okrdesk.ui.undo import push_edit
from tests.unit.foreign.files import pl_export
from tests.unit.store.conftest import dump


def test_import_is_one_undo_step(qapp, tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "u.okrdesk") as ws:
        s = ws.service
        fin = s.create_node("FIN", "Finance", kind="kpi")
        s.create_node("REV", "Revenue", parent_id=fin.id, kind="measure")
        path = pl_export(tmp_path / "pl.xlsx", rows=[("Revenue", 1.0, 2.0, 3.0), ("Office rent", 5.0, 5.0, 5.0)])
        grid = open_source(path).grid()
        spec = detect_spec(grid, s.kpi_nodes())
        apply_matches(spec, match_labels(read_table(grid, spec).labels, s.kpi_nodes()))
        spec.new_parent = "FIN"
        spec.create_label("Office rent", "FIN.RENT")
        plan = plan_import(s, grid, spec, file_name="pl.xlsx")
        before = dump(ws.path)
        stack = QUndoStack()
        applied = push_edit(stack, "Import values from pl.xlsx", lambda: apply_plan(s, plan),
                            lambda done: undo_import(s, done), lambda done: redo_import(s, done))
        after = dump(ws.path)
        assert stack.count() == 1 and len(s.value_imports()) == 1
        rent = next(n for n in s.kpi_nodes() if n.code == "FIN.RENT")
        stack.undo()
        assert dump(ws.path) == before
        stack.redo()
        assert next(n for n in s.kpi_nodes() if n.code == "FIN.RENT").id == rent.id  # same id
        assert dump(ws.path)["value_imports"] == after["value_imports"]
        assert s.value_imports()[0].id == applied.entry.id
        stack.undo()
        assert dump(ws.path) == before
