"""The KPI tree editor on the stress demo (~5,000 nodes):

    .venv/bin/python -m tests.benchmarks tree_edit

* the Outline opens fully expanded (model + proxy + QTreeView.expandAll, the shared
  tree read done already; the read itself is reported beside it);
* a 1,000-node subtree moved by a drop (``dropMimeData``: the service move, its
  commit, the undo entry and the Outline's row move), and its undo (the service
  restore and commit, and the rows moving back);
* the full value refresh after an edit (``ctx.tree`` read again + ``set_tree`` with
  fine-grained signals), informative.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from tests.benchmarks.common import AS_OF, Result, demo_workspace


def _ms(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.kpi_tree.outline_editing import OutlineEditing
    from okrdesk.ui.kpi_tree.outline_model import OutlineModel
    from okrdesk.ui.kpi_tree.tree_commands import TreeCommands
    from okrdesk.ui.kpi_tree.view import OutlineTree
    from okrdesk.ui.view_base import ViewContext

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stress.okrdesk"
        shutil.copyfile(demo_workspace("stress"), path)
        ws = Workspace.open(path)
        try:
            ctx = ViewContext(service=ws.service, undo_stack=QUndoStack(), today=AS_OF)
            read_ms, tree = _ms(lambda: ctx.tree(AS_OF))
            model = OutlineModel()
            proxy = QSortFilterProxyModel()
            proxy.setRecursiveFilteringEnabled(True)
            view = OutlineTree()
            view.resize(1400, 900)

            def open_outline() -> None:
                model.set_tree(tree)
                proxy.setSourceModel(model)
                view.setModel(proxy)
                view.expandAll()

            open_ms, _ = _ms(open_outline)
            rows = len(tree.rows)
            commands = TreeCommands(ws.service, ctx.undo_stack)
            editing = OutlineEditing(view, model, commands, lambda: [], lambda: None)
            sizes = {nid: len(model.shape.subtree(nid)) for nid in model.shape.parent}
            moved = min(sizes, key=lambda n: abs(sizes[n] - 1000))
            old_parent = model.shape.parent[moved]
            target = next(r for r in model.shape.children[None] if moved not in model.shape.subtree(r))
            data = model.mimeData([model.index_of(moved)])
            drops, undos = [], []
            for _ in range(5):
                ms, ok = _ms(lambda: model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0,
                                                        model.index_of(target)))
                assert ok and model.shape.parent[moved] == target, model.refusal
                drops.append(ms)

                def undo() -> None:
                    places = ctx.undo_stack.command(ctx.undo_stack.index() - 1)
                    ctx.undo_stack.undo()
                    back = [r for r in places.token.rows if r[0] == moved][0]
                    model.move_rows([moved], back[1], back[2])

                ms, _ = _ms(undo)
                assert model.shape.parent[moved] == old_parent
                undos.append(ms)
            refresh_ms, _ = _ms(lambda: model.set_tree(ctx.tree(AS_OF)))
            del editing
        finally:
            ws.close()
    app.processEvents()
    drops.sort()
    undos.sort()
    return [
        Result("tree edit: outline opens fully expanded", open_ms, "ms", target=300.0,
               note=f"{rows:,} rows; model + proxy + expandAll, tree read already shared"),
        Result("tree edit: shared tree read (ctx.tree)", read_ms, "ms",
               note="foundation's TreeCache read of the stress demo, for reference"),
        Result("tree edit: drop a subtree (move + commit + rows)", drops[len(drops) // 2], "ms", target=50.0,
               note=f"{sizes[moved]:,}-node subtree, dropMimeData, median of 5"),
        Result("tree edit: undo that drop", undos[len(undos) // 2], "ms", target=50.0,
               note="undo command (restore places + commit) + rows moved back, median of 5"),
        Result("tree edit: value refresh after an edit", refresh_ms, "ms",
               note="ctx.tree read again + set_tree (dataChanged only), informative"),
    ]


if __name__ == "__main__":
    for r in run():
        print(f"{r.name:55s} {r.measured:10.1f} {r.unit}  target {r.target}  {r.note}")
