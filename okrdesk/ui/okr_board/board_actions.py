"""The board's editing controller: actions, shortcuts, context menus, dialogs, drops.

Keyboard (board focused, shortcuts scoped to the view):

====================  ===============================================
Arrow keys            select cards and key results
Return / Enter        edit the selected objective or key result
F2                    rename the selected objective or key result inline
Ctrl+Return           check in on the selected key result
Insert                add a key result to the selected objective
Ctrl+Shift+O          new objective in the selected card's column
Delete                delete the selected objective or key result
====================  ===============================================

All but Ctrl+Shift+O act while the board itself has focus (so Return and Delete
still type in the inline editor and the filter row).

Every change goes through ``BoardCommands`` (one undoable command each); the
view reloads when the undo stack's index changes. Dialogs open with ``open()``
and are kept in ``active_dialog`` so tests can fill and accept them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from okrdesk.domain.entities import ObjectiveState, Period
from okrdesk.store.errors import WorkspaceError
from okrdesk.store.readmodels.linked_kr import linked_start_and_current
from okrdesk.ui import icons
from okrdesk.ui.okr_board.commands import BoardCommands
from okrdesk.ui.okr_board.drag_drop import OBJECTIVE, BoardDrag, DropTarget, position_in_full_list
from okrdesk.ui.okr_board.editable_canvas import Hit, Selection
from okrdesk.ui.okr_board.grouping import Grouping
from okrdesk.ui.okr_board.key_result_dialog import KeyResultDialog
from okrdesk.ui.okr_board.objective_dialog import ObjectiveDialog

if TYPE_CHECKING:
    from okrdesk.ui.checkins.dialog import CheckInDialog
    from okrdesk.ui.okr_board.view import OkrBoardView


class BoardEditing(QObject):
    """Wires the editable canvas of an ``OkrBoardView`` to ``BoardCommands``."""

    def __init__(self, view: OkrBoardView) -> None:
        super().__init__(view)
        self.view = view
        ctx = view.ctx
        self.commands = BoardCommands(ctx.service, ctx.undo_stack)
        self.active_dialog: QDialog | None = None
        canvas = view.canvas
        canvas.set_editable(not ctx.read_only)
        canvas.workspace_key = str(id(ctx.service))
        canvas.drop_handler = self.handle_drop
        canvas.is_locked = lambda objective_id: self.lock_reason(objective_id) is not None
        canvas.check_in_requested.connect(self.check_in)
        canvas.edit_objective_requested.connect(self.edit_objective)
        canvas.edit_key_result_requested.connect(self.edit_key_result)
        canvas.add_objective_requested.connect(self._add_in_column)
        canvas.add_key_result_requested.connect(self.new_key_result)
        canvas.rename_requested.connect(self.rename)
        canvas.rename_key_result_requested.connect(self.rename_key_result)
        canvas.context_requested.connect(self._context_menu)
        canvas.drop_refused.connect(lambda reason: self.view.summary.setText(f"\u26a0 {reason}"))
        canvas.selection_changed.connect(self.update_actions)
        view.new_button.clicked.connect(lambda: self.new_objective())
        view.new_button.setVisible(not ctx.read_only)
        self.empty_new = view.empty.add_button("New objective", lambda: self.new_objective(), primary=True)
        self.empty_new.setVisible(not ctx.read_only)
        ctx.undo_stack.indexChanged.connect(self._undo_moved)

        self.edit_action = self._action("Edit\u2026", "pencil", [Qt.Key.Key_Return, Qt.Key.Key_Enter], self.edit_selected)
        self.rename_action = self._action("Rename", None, [Qt.Key.Key_F2], self.rename_selected)
        self.check_in_action = self._action(
            "Check in\u2026", "history",
            [QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Return), QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Enter)],
            self.check_in_selected)
        self.new_kr_action = self._action("New key result\u2026", "plus", [Qt.Key.Key_Insert], self.new_key_result_selected)
        self.new_objective_action = self._action(
            "New objective\u2026", "plus", [QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_O)],
            self.new_objective_selected, board_wide=True)
        self.delete_action = self._action("Delete", "trash-2", [Qt.Key.Key_Delete], self.delete_selected)
        self.update_actions()

    # --- actions ---------------------------------------------------------------------

    def _action(self, text: str, icon: str | None, keys: list[Any], slot: Any, *, board_wide: bool = False) -> QAction:
        """An action with shortcuts. Keys that act on the selection work while the board
        itself has focus (so Return and Delete still type in the inline editor and in
        the filter row); ``board_wide`` ones anywhere in the view."""
        owner = self.view if board_wide else self.view.canvas
        action = QAction(text, owner)
        if icon:
            action.setIcon(icons.icon(icon))
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut if board_wide
                                  else Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        owner.addAction(action)
        return action

    def update_actions(self) -> None:
        """Enable what applies to the selection; closed objectives only show why not."""
        sel = self.view.canvas.selected
        writable = not self.view.ctx.read_only
        locked = self.lock_reason(sel.objective_id) if sel is not None else None
        open_sel = writable and sel is not None and locked is None
        for action in (self.edit_action, self.delete_action):
            action.setEnabled(open_sel)
        self.rename_action.setEnabled(open_sel)
        # Read-only key results still open their check-in history (no inputs).
        self.check_in_action.setEnabled(sel is not None and sel.key_result_id is not None)
        self.check_in_action.setText("Check in\u2026" if open_sel else "Check-in history\u2026")
        self.new_kr_action.setEnabled(open_sel)
        for action in (self.edit_action, self.delete_action, self.rename_action, self.new_kr_action):
            action.setToolTip(locked or action.text().rstrip("\u2026"))
        period_locked = self.period_lock_reason()
        self.new_objective_action.setEnabled(writable and period_locked is None)
        self.view.new_button.setEnabled(period_locked is None)
        self.view.new_button.setToolTip(period_locked or "Add an objective to this period (Ctrl+Shift+O)")

    # --- closed quarters are read-only --------------------------------------------------

    def lock_reason(self, objective_id: int | None) -> str | None:
        """Why an objective cannot be edited on the board (None: it can)."""
        board = self.view.board
        if objective_id is None or board is None:
            return None
        try:
            card = board.card(objective_id)
        except KeyError:
            return None
        if card.period is not None and card.period.closed:
            return (f"{card.period.name} is closed, so its objectives are read-only. "
                    "Reopen it with \u201cClose quarter\u2026\u201d to edit.")
        if card.objective.state == ObjectiveState.CLOSED:
            return "This objective is closed, so it is read-only. Set its state to Active to edit it."
        return None

    def period_lock_reason(self, period: Period | None = None) -> str | None:
        """Why no objective can be added to ``period`` (default: the shown one; None: one can)."""
        period = period or self.view.shown_period
        if period is not None and period.closed:
            return f"{period.name} is closed: reopen it with \u201cClose quarter\u2026\u201d to add objectives."
        return None

    def _refused(self, objective_id: int | None) -> bool:
        """Report in the summary line when ``objective_id`` is locked; True if it is."""
        reason = self.lock_reason(objective_id)
        if reason is not None:
            self.view.summary.setText(f"Read-only: {reason}")
        return reason is not None

    def _undo_moved(self, _index: int) -> None:
        """Reload after any edit, undo or redo (the shared KPI tree read is reused unless
        the tree itself changed: the tree cache follows the tree's own tables)."""
        if self.view.board is None:
            return
        self.view.reload()

    def _context_menu(self, hit: Hit, where: QPoint) -> None:
        if self.view.ctx.read_only:
            return
        menu = self.context_menu(hit)
        if not menu.isEmpty():
            menu.popup(where)

    def context_menu(self, hit: Hit) -> QMenu:
        """The menu for what is under the pointer (also for tests). On a read-only
        (closed) card it offers only what still works and says why."""
        menu = QMenu(self.view)
        locked = self.lock_reason(hit.objective_id)
        if locked is not None:
            if hit.key_result_id is not None:
                menu.addAction(self.check_in_action)
            note = menu.addAction(icons.icon("lock"), "Read-only (closed)")
            note.setEnabled(False)
            note.setToolTip(locked)
            menu.setToolTipsVisible(True)
        elif hit.key_result_id is not None:
            menu.addAction(self.check_in_action)
            menu.addAction(self.edit_action)
            menu.addSeparator()
            menu.addAction(self.delete_action)
        elif hit.objective_id is not None:
            menu.addAction(self.edit_action)
            menu.addAction(self.rename_action)
            menu.addAction(self.new_kr_action)
            menu.addSeparator()
            menu.addAction(self.delete_action)
        elif self.new_objective_action.isEnabled():
            menu.addAction(self.new_objective_action)
        return menu

    # --- selected-item commands ------------------------------------------------------

    def edit_selected(self) -> None:
        """Edit what is selected (objective or key result)."""
        sel = self.view.canvas.selected
        if sel is None:
            return
        if sel.key_result_id is not None:
            self.edit_key_result(sel.key_result_id)
        else:
            self.edit_objective(sel.objective_id)

    def rename_selected(self) -> None:
        """Start the inline rename of the selected card or key result."""
        sel = self.view.canvas.selected
        if sel is not None and not self._refused(sel.objective_id):
            self.view.canvas.start_rename(sel.objective_id, sel.key_result_id)

    def check_in_selected(self) -> None:
        """Open the check-in dialog of the selected key result."""
        sel = self.view.canvas.selected
        if sel is not None and sel.key_result_id is not None:
            self.check_in(sel.key_result_id)

    def new_key_result_selected(self) -> None:
        """Add a key result to the selected card."""
        sel = self.view.canvas.selected
        if sel is not None:
            self.new_key_result(sel.objective_id)

    def new_objective_selected(self) -> None:
        """New objective in the selected card's team (or with no team preset)."""
        sel = self.view.canvas.selected
        team_id = period_id = None
        if sel is not None and self.view.board is not None:
            objective = self.view.board.card(sel.objective_id).objective
            team_id, period_id = objective.team_id, objective.period_id
        self.new_objective(team_id, period_id=period_id)

    def delete_selected(self) -> None:
        """Delete the selected key result or objective (undoable, so not asked twice)."""
        sel = self.view.canvas.selected
        if sel is None or self._refused(sel.objective_id):
            return
        self._run(self.commands.delete_key_result if sel.key_result_id is not None
                  else self.commands.delete_objective,
                  sel.key_result_id if sel.key_result_id is not None else sel.objective_id)

    # --- dialogs ---------------------------------------------------------------------

    def show_dialog(self, dialog: QDialog) -> QDialog:
        """Open a dialog window-modally and keep it in ``active_dialog`` until it closes."""
        return self._show(dialog)

    def _show(self, dialog: QDialog) -> QDialog:
        self.active_dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if self.active_dialog is dialog:
            self.active_dialog = None
        dialog.deleteLater()

    def _add_in_column(self, column: int) -> None:
        lane = self.view.canvas.column_lane(column)
        if lane.kind == Grouping.PERIOD:
            self.new_objective(None, period_id=lane.period_id)
        else:
            self.new_objective(lane.team_id)

    def new_objective(self, team_id: int | None = None, period_id: int | None = None) -> ObjectiveDialog | None:
        """Open the dialog for a new objective in the shown period (or ``period_id``) and
        ``team_id``; None when that period is closed."""
        svc = self.view.ctx.service
        period = self.view.shown_period
        if period_id is not None:
            period = next((p for p in svc.periods() if p.id == period_id), period)
        reason = self.period_lock_reason(period)
        if reason is not None:
            self.view.summary.setText(f"Read-only: {reason}")
            return None

        def submit(values: dict[str, Any]) -> None:
            created = self.commands.create_objective(values.pop("title"), values.pop("period_id"),
                                                     values.pop("team_id"), **values)
            self._select_later(Selection(created.id))

        return self._show(ObjectiveDialog(
            submit, periods=svc.periods(), teams=self.view.board.teams if self.view.board else svc.teams(),
            people=svc.people(), objectives=svc.objectives(), period_id=period.id if period else None,
            team_id=team_id, parent=self.view))

    def edit_objective(self, objective_id: int) -> ObjectiveDialog | None:
        """Open the dialog of an existing objective (None: it is closed, read-only)."""
        if self._refused(objective_id):
            return None
        svc = self.view.ctx.service
        objective = svc.objective(objective_id)
        return self._show(ObjectiveDialog(
            lambda values: self.commands.edit_objective(objective_id, **values),
            periods=svc.periods(), teams=svc.teams(), people=svc.people(), objectives=svc.objectives(),
            objective=objective, parent=self.view))

    def new_key_result(self, objective_id: int) -> KeyResultDialog | None:
        """Open the dialog for a new key result of an objective (None: it is closed)."""
        if self._refused(objective_id):
            return None
        svc = self.view.ctx.service
        objective = svc.objective(objective_id)

        def submit(values: dict[str, Any]) -> None:
            created = self.commands.create_key_result(objective_id, values.pop("title"), **values)
            self._select_later(Selection(objective_id, created.id))

        return self._show(KeyResultDialog(submit, people=svc.people(), nodes=self._nodes(),
                                          objective_title=objective.title,
                                          linked_values=self._linked_values(objective.period_id),
                                          parent=self.view))

    def edit_key_result(self, key_result_id: int) -> KeyResultDialog | None:
        """Open the dialog of an existing key result (None: its objective is closed)."""
        svc = self.view.ctx.service
        kr = svc.key_result(key_result_id)
        if self._refused(kr.objective_id):
            return None
        objective = svc.objective(kr.objective_id)
        return self._show(KeyResultDialog(
            lambda values: self.commands.edit_key_result(key_result_id, **values),
            people=svc.people(), nodes=self._nodes(), objective_title=objective.title,
            key_result=kr, linked_values=self._linked_values(objective.period_id), parent=self.view))

    def check_in(self, key_result_id: int) -> CheckInDialog | None:
        """Open the check-in dialog of a key result (history, chart, override); for a
        closed objective or a read-only workspace it shows the history only."""
        from okrdesk.ui.checkins.dialog import CheckInDialog  # it imports this package

        board = self.view.board
        card = next(c for c in board.cards if any(r.kr.id == key_result_id for r in c.key_results))
        reason = self.lock_reason(card.objective.id)
        if reason is None and self.view.ctx.read_only:
            reason = "this workspace is open read-only."
        row = next(r for r in card.key_results if r.kr.id == key_result_id)
        svc = self.view.ctx.service
        return self._show(CheckInDialog(
            self.commands, row, card, svc.check_ins(key_result_id), today=self.view.ctx.today,
            read_only=reason or "", parent=self.view))

    def _linked_values(self, period_id: int | None) -> Any:
        """The key-result dialog's prefill of a KPI node's (start, current) for a key
        result of period ``period_id`` (``linked_start_and_current``)."""
        ctx = self.view.ctx
        period = next((p for p in ctx.service.periods() if p.id == period_id), None)
        return lambda node_id: linked_start_and_current(ctx.tree(ctx.today), node_id, period, ctx.today)

    def _nodes(self) -> list:
        return list(self.view.ctx.service.kpi_nodes())

    # --- edits -----------------------------------------------------------------------

    def rename(self, objective_id: int, title: str) -> None:
        """Rename an objective (inline editor)."""
        if self._refused(objective_id):
            return
        self._run(self.commands.edit_objective, objective_id, title=title)

    def rename_key_result(self, key_result_id: int, title: str) -> None:
        """Rename a key result (inline editor)."""
        if self._refused(self.view.ctx.service.key_result(key_result_id).objective_id):
            return
        self._run(self.commands.edit_key_result, key_result_id, title=title)

    def handle_drop(self, drag: BoardDrag, target: DropTarget) -> bool:
        """Move the dragged objective or key result where it was dropped."""
        board = self.view.board
        if board is None:
            return False
        moving = drag.ids[0]
        source = moving if drag.kind == OBJECTIVE else self.view.ctx.service.key_result(moving).objective_id
        if self._refused(source) or (drag.kind != OBJECTIVE and self._refused(target.objective_id)):
            return False
        if drag.kind == OBJECTIVE and target.lane == "period":
            done = self._drop_in_period(moving, target)
            selection = Selection(moving)
        elif drag.kind == OBJECTIVE:
            column = target.column if target.column is not None else 0
            visible = self.view.canvas.column_card_ids(column)
            full = next((c for t, c in board.by_team() if (t.id or None) == target.team_id), [])
            full_ids = [c.objective.id for c in full]
            position = position_in_full_list(full_ids, visible, moving, target.index)
            done = self._run(self.commands.move_objective, moving, target.team_id, position)
            selection = Selection(moving)
        else:
            done = self._run(self.commands.move_key_result, moving, target.objective_id, target.index)
            selection = Selection(target.objective_id, moving)
        if done:
            self.view.canvas.select(selection)
        return bool(done)

    def _drop_in_period(self, moving: int, target: DropTarget) -> bool:
        """A card dropped in a period lane: the objective moves to that period, in its own
        team, at the place among its team's cards that the drop marker showed."""
        board = self.view.board
        team_id = board.card(moving).objective.team_id
        same_team = {c.objective.id for c in board.cards if c.objective.team_id == team_id}
        column_ids = [i for i in self.view.canvas.column_card_ids(target.column) if i != moving]
        visible = [i for i in column_ids if i in same_team]
        index = sum(1 for i in column_ids[:target.index] if i in same_team)
        full = [c.objective.id for c in board.cards
                if c.objective.team_id == team_id and c.objective.period_id == target.period_id]
        full.sort(key=lambda oid: (board.card(oid).objective.position, oid))
        position = position_in_full_list(full, visible, moving, index)
        return bool(self._run(self.commands.move_objective, moving, team_id, position,
                              target.period_id, to_period=True))

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a command; a refused edit is reported in the board's summary line."""
        try:
            return fn(*args, **kwargs)
        except WorkspaceError as exc:
            self.view.summary.setText(f"\u26a0 {exc}")
            return None

    def _select_later(self, selection: Selection) -> None:
        """Select a row created by a dialog once the board has reloaded."""
        self.view.canvas.select(selection)
