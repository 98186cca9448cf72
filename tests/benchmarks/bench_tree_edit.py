"""The KPI tree editor on the stress demo (~5,000 nodes), measured through the real
KPI Tree view (``KpiTreeView`` shown offscreen, 1600×1000, on a ``ViewContext``):

    .venv/bin/python -m tests.benchmarks tree_edit

* the Outline opens fully expanded: the view built, its rows set, every branch
  expanded and the first frame painted (the shared tree read done already; the
  read itself is reported beside it);
* a 1,000-node subtree moved by a drop: the setup gathers exactly 1,000 nodes
  under one new root, then ``dropMimeData`` on the view's model, as a drop from
  the mouse does: the service move and its commit, the undo entry, the rows
  moving, the view catching up with the new values (incremental tree read) and
  the next frame painted;
* the undo of that drop: the same, backwards, from ``QUndoStack.undo()``;
* one leaf measurement changed: the shared tree read catching up (the rollup
  recomputes the leaf's ancestors, the rows of those nodes are rebuilt), target
  5 ms; and, informative, the whole edit as a user sees it (the write, the undo
  entry, the catch-up, the Outline's cells updated and painted);
* the shared tree read catching up after that 1,000-node move and after its undo,
  Qt-free (``TreeCache.tree`` right after ``move_nodes`` / ``restore_places``):
  the rollup restructured, the depth-first order, the rows rebuilt or re-depthed;
  the time spent in garbage collection during those catch-ups is given beside it.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from tests.benchmarks.common import AS_OF, Result, demo_workspace

SUBTREE = 1000
REPEAT = 5


def _ms(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return (time.perf_counter() - start) * 1000, out


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a workspace even while its WAL holds recent pages."""
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _gather_subtree(service, size: int) -> int:
    """A new root with exactly ``size`` nodes in its subtree (itself included), made of
    whole branches of the demo tree and single leaves; returns its id."""
    nodes = service.kpi_nodes()
    kids: dict[int | None, list[int]] = {}
    for node in nodes:
        kids.setdefault(node.parent_id, []).append(node.id)

    def count(nid: int) -> int:
        return 1 + sum(count(k) for k in kids.get(nid, ()))

    root = service.create_node("BENCH.MOVE", "Benchmark subtree")
    chosen: list[int] = []
    left = size - 1
    for top in kids.get(None, []):  # whole second-level branches first
        for branch in kids.get(top, []):
            n = count(branch)
            if n <= left:
                chosen.append(branch)
                left -= n
    taken = set()
    for nid in chosen:
        stack = [nid]
        while stack:
            cur = stack.pop()
            taken.add(cur)
            stack.extend(kids.get(cur, ()))
    for node in nodes:  # then single leaves from elsewhere
        if left == 0:
            break
        if node.id not in taken and not kids.get(node.id) and node.parent_id not in (None,):
            chosen.append(node.id)
            taken.add(node.id)
            left -= 1
    assert left == 0, "the stress demo is too small for the benchmark subtree"
    service.move_nodes(chosen, root.id, 0)
    return root.id


def move_catch_ups(service, moved: int, target: int) -> tuple[list[float], list[float], float]:
    """Milliseconds of a fresh ``TreeCache``'s ``tree(AS_OF)`` right after moving ``moved``
    under ``target`` (first child) and right after undoing that (``restore_places``),
    REPEAT times each, and the milliseconds spent in garbage collection meanwhile."""
    from okrdesk.store.readmodels.cache import TreeCache

    cache = TreeCache(service)
    cache.tree(AS_OF)
    loads = cache.loads
    moves, undos = [], []
    paused = [0.0, 0.0]  # collection start, total

    def clock(phase: str, _info: dict) -> None:
        if phase == "start":
            paused[0] = time.perf_counter()
        else:
            paused[1] += time.perf_counter() - paused[0]

    gc.callbacks.append(clock)
    try:
        for _ in range(REPEAT):
            before = service.move_nodes([moved], target, 0)
            moves.append(_ms(lambda: cache.tree(AS_OF))[0])
            service.restore_places(before)
            undos.append(_ms(lambda: cache.tree(AS_OF))[0])
    finally:
        gc.callbacks.remove(clock)
    assert cache.loads == loads, "a move must be caught up, not read again"
    return moves, undos, paused[1] * 1000


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("OKRDESK_TESTING", "1")  # never touch the user's settings
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from okrdesk.domain.entities import FormulaKind
    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.kpi_tree.canvas.integration import MODE_SETTING, OUTLINE
    from okrdesk.ui.kpi_tree.view import KpiTreeView
    from okrdesk.ui.settings import app_settings
    from okrdesk.ui.view_base import ViewContext

    app = QApplication.instance() or QApplication([])
    app_settings().setValue(MODE_SETTING, OUTLINE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stress.okrdesk"
        _copy(demo_workspace("stress"), path)
        ws = Workspace.open(path)
        try:
            svc = ws.service
            moved = _gather_subtree(svc, SUBTREE)
            ctx = ViewContext(service=svc, undo_stack=QUndoStack(), today=AS_OF)
            read_ms, tree = _ms(lambda: ctx.tree(AS_OF))

            def open_outline() -> KpiTreeView:
                view = KpiTreeView(ctx)
                view.resize(1600, 1000)
                view.show()
                app.processEvents()
                return view

            open_ms, view = _ms(open_outline)
            model, front = view.model, view.proxy
            from_source = getattr(front, "from_source", front.mapFromSource)
            size = len(model.shape.subtree(moved))
            assert size == SUBTREE, size
            rows = len(model.shape.parent)
            old_parent, old_row = model.shape.parent[moved], model.shape.row[moved]
            target = next(r for r in model.shape.children[None] if r != moved and model.shape.children.get(r))
            data = front.mimeData([from_source(model.index_of(moved))])
            drops, undos = [], []
            for _ in range(REPEAT):
                def drop() -> bool:
                    ok = front.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0,
                                            from_source(model.index_of(target)))
                    app.processEvents()
                    return ok

                ms, ok = _ms(drop)
                assert ok and model.shape.parent[moved] == target, model.refusal
                drops.append(ms)

                def undo() -> None:
                    ctx.undo_stack.undo()
                    app.processEvents()

                ms, _ = _ms(undo)
                assert model.shape.parent[moved] == old_parent and model.shape.row[moved] == old_row
                undos.append(ms)
            loads = ctx.trees.loads

            leaf = next(r for r in view.read_model.rows
                        if r.node.formula == FormulaKind.NONE and r.bucket is not None and r.depth >= 3)
            day = leaf.bucket + dt.timedelta(days=3)
            catch_ups, edits = [], []
            for k in range(REPEAT):
                svc.change_measurements(leaf.node.id, upserts=[(day, float(1000 + k))])
                ms, _ = _ms(lambda: ctx.tree(AS_OF))
                catch_ups.append(ms)
            for k in range(REPEAT):
                def edit(value: float = float(2000 + k)) -> None:
                    svc.change_measurements(leaf.node.id, upserts=[(day, value)])
                    ctx.undo_stack.push(_Marker())  # the measurement dialog's undo entry: views catch up
                    app.processEvents()

                ms, _ = _ms(edit)
                edits.append(ms)
            rereads = ctx.trees.loads - loads  # whole-tree reads during the value edits (0: caught up)
            view.close()
            app.processEvents()
            move_reads, undo_reads, gc_ms = move_catch_ups(svc, moved, target)
        finally:
            ws.close()
    app.processEvents()
    for samples in (drops, undos, catch_ups, edits, move_reads, undo_reads):
        samples.sort()
    mid = REPEAT // 2
    return [
        Result("tree edit: outline opens fully expanded", open_ms, "ms", target=300.0,
               note=f"{rows:,} rows; KpiTreeView built, expanded, first frame painted; tree read shared"),
        Result("tree edit: shared tree read (ctx.tree)", read_ms, "ms",
               note="the TreeCache's first read of the stress demo, for reference"),
        Result("tree edit: drop a 1,000-node subtree", drops[mid], "ms", target=50.0,
               note=f"{size:,} nodes; dropMimeData on the view: move + commit + undo entry + rows + "
                    f"values caught up + painted, median of {REPEAT}"),
        Result("tree edit: undo that drop", undos[mid], "ms", target=50.0,
               note=f"QUndoStack.undo(): restore + commit + rows + values + painted, median of {REPEAT}"),
        Result("tree edit: recompute after one leaf value change", catch_ups[mid], "ms", target=5.0,
               note=f"shared tree read catching up (depth {leaf.depth} leaf), median of {REPEAT}"),
        Result("tree edit: tree read catch-up after a 1,000-node move", move_reads[mid], "ms",
               note=f"TreeCache.tree right after move_nodes (Qt-free, part of the drop), median of {REPEAT}; "
                    f"{gc_ms:.1f} ms of garbage collection in all {2 * REPEAT} catch-ups"),
        Result("tree edit: tree read catch-up after undoing it", undo_reads[mid], "ms",
               note=f"TreeCache.tree right after restore_places (Qt-free, part of the undo), median of {REPEAT}"),
        Result("tree edit: a value edit as the user sees it", edits[mid], "ms",
               note=f"write + commit + undo entry + catch-up + Outline cells + paint; {rereads} whole-tree "
                    f"reads in {2 * REPEAT} edits, informative"),
    ]


def _Marker():  # noqa: N802 - a QUndoCommand factory
    from PySide6.QtGui import QUndoCommand

    return QUndoCommand("value edit")


if __name__ == "__main__":
    for r in run():
        print(f"{r.name:55s} {r.measured:10.1f} {r.unit}  target {r.target}  {r.note}")
