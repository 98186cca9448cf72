"""The OKR board on the firm demo (PRODUCT.md §6; issue 4 targets).

    .venv/bin/python -m tests.benchmarks board

* the board for one period opens: ``OkrBoardView.set_period`` (read, score,
  measure the cards) with the KPI tree already read, as on a view switch;
* a drag between columns commits: ``BoardCommands.move_objective`` (one undo
  command: the move, its exact undo state), and the same plus the board's reload;
* all scores of the 8 quarters recomputed from their read rows (scoring only),
  and read + scored (``BoardReadModel.load`` per quarter).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from tests.benchmarks.common import AS_OF, Result, demo_workspace, median_time


def run() -> list[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from okrdesk.store.readmodels.okrs import BoardReadModel, score_objective
    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.okr_board import OkrBoardView
    from okrdesk.ui.okr_board.commands import BoardCommands
    from okrdesk.ui.view_base import ViewContext

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "firm.okrdesk"
        shutil.copyfile(demo_workspace("firm"), copy)
        ws = Workspace.open(copy)
        try:
            svc = ws.service
            ctx = ViewContext(svc, QUndoStack(), AS_OF)
            ctx.tree(AS_OF)
            period = svc.period_for(AS_OF)
            view = OkrBoardView(ctx)
            view.resize(1600, 1000)
            open_board = median_time(lambda: view.set_period(period), repeat=5)
            cards = len(view.board.cards)
            commands = BoardCommands(svc, QUndoStack())
            board = view.board
            columns = [(t, c) for t, c in board.by_team() if c]
            moves = [(c[0].objective.id, columns[(i + 1) % len(columns)][0].id) for i, (_, c) in enumerate(columns)]
            state = {"i": 0}

            def one_move() -> None:
                oid, team = moves[state["i"] % len(moves)]
                state["i"] += 1
                commands.move_objective(oid, team, 0)

            drag = median_time(one_move, repeat=9)
            view_commands = view.editing.commands

            def move_and_reload() -> None:
                oid, team = moves[state["i"] % len(moves)]
                state["i"] += 1
                view_commands.move_objective(oid, team, 0)  # the view reloads on the undo signal

            drag_reload = median_time(move_and_reload, repeat=5)
            quarters = [p for p in svc.periods() if p.kind == "quarter"][-8:]
            boards = [BoardReadModel.load(svc, q, AS_OF, tree=ctx.tree(AS_OF)) for q in quarters]

            def rescore() -> None:
                for b in boards:
                    for card in b.cards:
                        score_objective(card.objective, card.key_results, card.period)

            rescore_time = median_time(rescore, repeat=7)
            n_objectives = sum(len(b.cards) for b in boards)
            load_all = median_time(lambda: [BoardReadModel.load(svc, q, AS_OF, tree=ctx.tree(AS_OF))
                                            for q in quarters], repeat=3)
            ctx.undo_stack.blockSignals(True)  # no reload of a closed workspace on teardown
            commands.stack.blockSignals(True)
            view.deleteLater()
            app.processEvents()
        finally:
            ws.close()
    return [
        Result("board: open one period, firm", open_board * 1000, "ms", target=300.0,
               note=f"{cards} cards: read, score, measure; tree already read"),
        Result("board: drag between columns commits", drag * 1000, "ms", target=30.0,
               note="BoardCommands.move_objective, one undo command"),
        Result("board: drag + board reload", drag_reload * 1000, "ms",
               note="the move and the view's reload on the undo signal"),
        Result("board: recompute scores, 8 quarters", rescore_time * 1000, "ms", target=100.0,
               note=f"{n_objectives} objectives, scoring only"),
        Result("board: read + score 8 quarters", load_all * 1000, "ms",
               note="BoardReadModel.load per quarter"),
    ]
