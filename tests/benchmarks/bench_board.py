"""The OKR board on the firm demo (PRODUCT.md §6; issue 4 targets).

    .venv/bin/python -m tests.benchmarks board

* the board for one period opens: ``OkrBoardView.set_period`` (read, score,
  measure the cards) with the KPI tree already read, as on a view switch;
* a drag between columns commits: ``BoardCommands.move_objective`` (one undo
  command: the move, its exact undo state), and the same plus the board's reload;
* all scores of the 8 quarters recomputed from their read rows (scoring only),
  and read + scored (``BoardReadModel.load`` per quarter);
* the board grouped by period (every period's cards, 600 on firm) opens;
* scrolling a board of 40 teams × 5 objectives (3 key results each): the
  board scrolled by 40 px and its viewport repainted, frame by frame, down and
  across, in every grouping, cold (cards not yet painted into the cache) and
  warm; target 60 frames per second (< 16.7 ms per frame).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import datetime as dt
import statistics

from tests.benchmarks.common import AS_OF, Result, demo_workspace, median_time

FRAMES = 60
STEP = 40


def _scroll_frames_ms(view, app) -> list[float]:
    """Frame times (ms) of scrolling the board down then across, 40 px a frame."""
    from PySide6.QtCore import QElapsedTimer

    canvas = view.canvas
    samples = []
    timer = QElapsedTimer()
    for bar in (canvas.verticalScrollBar(), canvas.horizontalScrollBar()):
        bar.setValue(0)
        app.processEvents()
        direction = 1
        for _ in range(FRAMES):
            if not bar.minimum() <= bar.value() + STEP * direction <= bar.maximum():
                direction = -direction
            timer.start()
            bar.setValue(bar.value() + STEP * direction)
            canvas.viewport().repaint()
            samples.append(timer.nsecsElapsed() / 1e6)
    return samples


def _forty_teams(path: Path) -> None:
    """A workspace of 40 teams with 5 objectives of 3 key results each in 2027-Q1."""
    from okrdesk.store.workspace import Workspace

    ws = Workspace.create(path)
    try:
        svc = ws.service
        q1 = svc.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
        person = svc.create_person("Ana Alves")
        with svc.transaction():
            for t in range(40):
                team = svc.create_team(f"Team {t + 1:02d}")
                for o in range(5):
                    objective = svc.create_objective(f"Objective {o + 1} of team {t + 1}: grow what matters",
                                                     q1.id, team.id, owner_id=person.id)
                    for k in range(3):
                        svc.create_key_result(objective.id, f"Raise metric {k + 1} from 10 to 20",
                                              start=10, target=20, current=10 + (t * 7 + o * 3 + k) % 11,
                                              unit="%", confidence=(t + o + k) % 11)
    finally:
        ws.close()


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
            from okrdesk.ui.okr_board.grouping import Grouping

            def open_by_period() -> None:
                view.set_grouping(Grouping.TEAM)
                view.set_grouping(Grouping.PERIOD)

            by_period = median_time(open_by_period, repeat=3)
            period_cards = len(view.board.cards)
            view.set_grouping(Grouping.TEAM)
            ctx.undo_stack.blockSignals(True)  # no reload of a closed workspace on teardown
            commands.stack.blockSignals(True)
            view.deleteLater()
            app.processEvents()
        finally:
            ws.close()
    scroll = _scroll_results(app)
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
        Result("board: open by period, firm", by_period * 1000, "ms",
               note=f"{period_cards} cards of every period: read, score, measure"),
        *scroll,
    ]


def _scroll_results(app) -> list[Result]:
    """Scrolling 40 teams × 5 objectives in each grouping (see the module docstring)."""
    from PySide6.QtGui import QUndoStack

    from okrdesk.store.workspace import Workspace
    from okrdesk.ui.fonts import register_fonts
    from okrdesk.ui.okr_board import OkrBoardView
    from okrdesk.ui.okr_board.grouping import Grouping
    from okrdesk.ui.view_base import ViewContext

    register_fonts()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "forty.okrdesk"
        _forty_teams(path)
        ws = Workspace.open(path)
        try:
            ctx = ViewContext(ws.service, QUndoStack(), AS_OF)
            view = OkrBoardView(ctx)
            view.resize(1600, 1000)
            view.show()
            view.set_period(ws.service.period_for(AS_OF))
            for grouping in Grouping:
                view.set_grouping(grouping)
                view.canvas._warm_timer.stop()  # cold: no card painted ahead of the scroll
                view.canvas._drop_pixmaps()
                cold = _scroll_frames_ms(view, app)
                warm = _scroll_frames_ms(view, app)
                cards = view.canvas.card_count()
                columns = len(view.canvas.columns())
                results.append(Result(
                    f"board: scroll frame, 40x5, by {grouping.value}", statistics.median(warm), "ms", target=16.7,
                    note=f"{cards} cards in {columns} columns; warm max {max(warm):.1f} ms, "
                         f"cold median {statistics.median(cold):.1f} / max {max(cold):.1f} ms"))
            view.close()
            view.deleteLater()
            app.processEvents()
        finally:
            ws.close()
    return results
