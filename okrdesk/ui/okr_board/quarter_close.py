"""The quarter close review (issue 4 item 7): per team the final scores of its
objectives, how many fall in each band, a retrospective note per objective, and
two actions — close (or reopen) the quarter, and carry unfinished objectives
(score below 0.7, chosen with check boxes) to the next period.

Every change is one undoable command from ``BoardCommands``; the dialog reads
the period again whenever the undo stack moves, so undo from the main window
shows at once. It opens with ``open()`` (tests fill and accept it directly).
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Period
from okrdesk.palette import STATUS_COLOURS, STATUS_SYMBOLS, STATUS_WORDS
from okrdesk.store.errors import WorkspaceError
from okrdesk.store.readmodels.okrs import (
    BAND_ORDER,
    BoardReadModel,
    ObjectiveCard,
    TeamReview,
    carry_start,
    is_unfinished,
    review_by_team,
)
from okrdesk.store.service_okr_close import next_quarter
from okrdesk.ui.okr_board.commands import BoardCommands
from okrdesk.ui.view_base import ViewContext

CARRY, TITLE, SCORE, NOTE = range(4)


def distribution_text(review: TeamReview) -> str:
    """Objectives per band in words, worst first, e.g. "■ 1 Off target · ▲ 2 Watch · ● 0 On target"."""
    parts = [f"{STATUS_SYMBOLS[b]} {review.band_counts[b]} {STATUS_WORDS[b]}" for b in BAND_ORDER]
    if review.unscored:
        parts.append(f"{review.unscored} without a score")
    return "  \u00b7  ".join(parts)


class QuarterCloseDialog(QDialog):
    """Review and close one period; carry its unfinished objectives forward."""

    def __init__(self, ctx: ViewContext, commands: BoardCommands, period: Period,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.commands = commands
        self.period_id = period.id
        self.period = period
        self.board: BoardReadModel | None = None
        self.tables: dict[int, QTableWidget] = {}  # team id -> its table
        self._building = False
        self.setWindowTitle(f"Close quarter \u2014 {period.name}")
        self.resize(1120, 720)

        self.heading = QLabel(self)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("Muted")
        self.state_label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)

        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.toggle_closed)
        self.carry_button = QPushButton(self)
        self.carry_button.setProperty("primary", True)
        self.carry_button.clicked.connect(self.carry_checked)
        done = QPushButton("Done", self)
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.carry_button)
        buttons.addStretch(1)
        buttons.addWidget(done)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.state_label)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()
        ctx.undo_stack.indexChanged.connect(self._stack_moved)

    # --- reading ---------------------------------------------------------------------

    def _stack_moved(self, _index: int) -> None:
        if not self._building:
            self.refresh()

    def refresh(self) -> None:
        """Read the period, its scores and carried copies again and rebuild the page."""
        svc = self.ctx.service
        self.period = next(p for p in svc.periods() if p.id == self.period_id)
        self.board = BoardReadModel.load(svc, self.period, self.ctx.today, tree=self.ctx.tree(self.ctx.today))
        nxt = svc.next_period(self.period_id)
        self.next_name = nxt.name if nxt is not None else next_quarter(self.period)[0]
        self.next_start = nxt.start if nxt is not None else next_quarter(self.period)[1]
        self.next_end = nxt.end if nxt is not None else next_quarter(self.period)[2]
        carried_to = {}
        if nxt is not None:
            carried_to = {o.carried_from_id: nxt.name for o in svc.objectives(nxt.id) if o.carried_from_id}
        self._building = True
        scrolled = self.scroll.verticalScrollBar().value()
        try:
            self.body = QWidget()
            self.body_layout = QVBoxLayout(self.body)
            self.body_layout.setContentsMargins(0, 0, 8, 0)
            self.body_layout.setSpacing(6)
            self.tables = {}
            for review in review_by_team(self.board):
                self._add_team(review, carried_to)
            self.body_layout.addStretch(1)
            old = self.scroll.takeWidget()
            if old is not None:  # a note edit rebuilds the page from inside its table's signal
                old.hide()
                old.deleteLater()
            self.scroll.setWidget(self.body)
            self.scroll.verticalScrollBar().setValue(scrolled)
        finally:
            self._building = False
        closed = self.period.closed
        self.heading.setText(f"{self.period.name} \u2014 quarter review")
        total = len(self.board.cards)
        self.state_label.setText(
            (f"Closed: its {total} objectives are read-only on the board. Reopen to change them."
             if closed else
             f"Open, {total} objectives. Write a note per objective, then close the quarter; "
             "unfinished objectives (below 0.7) can be carried to the next period."))
        self.close_button.setText("Reopen the quarter" if closed else "Close the quarter")
        self.close_button.setEnabled(not self.ctx.read_only)
        self._update_carry_button()

    def _add_team(self, review: TeamReview, carried_to: dict[int, str]) -> None:
        title = QLabel(review.team.name, self.body)
        bold = QFont(title.font())
        bold.setBold(True)
        title.setFont(bold)
        mean = review.mean_score
        stats = QLabel(distribution_text(review) + (f"  \u00b7  mean {mean:.2f}" if mean is not None else ""),
                       self.body)
        stats.setObjectName("Muted")
        table = QTableWidget(len(review.cards), 4, self.body)
        table.setAccessibleName(f"Objectives of {review.team.name}")
        table.setHorizontalHeaderLabels(["Carry", "Objective", "Final score", "Retrospective note"])
        table.verticalHeader().setVisible(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                              | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(CARRY, 96)
        header.resizeSection(SCORE, 150)
        for row, card in enumerate(review.cards):
            self._fill_row(table, row, card, carried_to)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setFixedHeight(header.sizeHint().height() + table.verticalHeader().length()
                             + 2 * table.frameWidth())
        table.itemChanged.connect(self._item_changed)
        self.tables[review.team.id] = table
        self.body_layout.addSpacing(6)
        self.body_layout.addWidget(title)
        self.body_layout.addWidget(stats)
        self.body_layout.addWidget(table)

    def _fill_row(self, table: QTableWidget, row: int, card: ObjectiveCard, carried_to: dict[int, str]) -> None:
        oid = card.objective.id
        carry = QTableWidgetItem()
        carry.setData(Qt.ItemDataRole.UserRole, oid)
        carry.setFlags(Qt.ItemFlag.ItemIsEnabled)
        if oid in carried_to:
            carry.setText(f"\u2192 {carried_to[oid]}")
            carry.setToolTip(f"Carried to {carried_to[oid]}")
        elif is_unfinished(card) and not self.ctx.read_only:
            carry.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            carry.setCheckState(Qt.CheckState.Checked)
            carry.setToolTip("Tick to copy it with its key results into the next period")
        else:
            carry.setText("Done" if card.band is not None else "")
        title = QTableWidgetItem(f"{card.objective.ref} \u00b7 {card.objective.title}")
        title.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        score = QTableWidgetItem(
            f"{card.score:.2f}  {STATUS_SYMBOLS[card.band]} {STATUS_WORDS[card.band]}"
            if card.score is not None and card.band is not None else "No score")
        score.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if card.band is not None:
            score.setForeground(QBrush(QColor(STATUS_COLOURS[card.band])))
        note = QTableWidgetItem(card.objective.retrospective)
        note.setData(Qt.ItemDataRole.UserRole, oid)
        note.setToolTip("What went well, what did not, what we learned (double-click to write)")
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        note.setFlags(flags if self.ctx.read_only else flags | Qt.ItemFlag.ItemIsEditable)
        for column, item in ((CARRY, carry), (TITLE, title), (SCORE, score), (NOTE, note)):
            table.setItem(row, column, item)

    # --- choices ---------------------------------------------------------------------

    def carry_items(self) -> list[QTableWidgetItem]:
        """The check-box cells of objectives that can be carried."""
        return [t.item(r, CARRY) for t in self.tables.values() for r in range(t.rowCount())
                if t.item(r, CARRY).flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def checked_ids(self) -> list[int]:
        """Ids of the objectives ticked for carrying forward, in board order."""
        return [item.data(Qt.ItemDataRole.UserRole) for item in self.carry_items()
                if item.checkState() == Qt.CheckState.Checked]

    def set_carry(self, objective_id: int, checked: bool) -> None:
        """Tick or untick an objective for carrying forward."""
        for item in self.carry_items():
            if item.data(Qt.ItemDataRole.UserRole) == objective_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                return
        raise KeyError(f"objective {objective_id} cannot be carried forward")

    def note_item(self, objective_id: int) -> QTableWidgetItem:
        """The retrospective cell of an objective."""
        for table in self.tables.values():
            for row in range(table.rowCount()):
                if table.item(row, NOTE).data(Qt.ItemDataRole.UserRole) == objective_id:
                    return table.item(row, NOTE)
        raise KeyError(f"objective {objective_id} is not in this review")

    def _update_carry_button(self) -> None:
        count = len(self.checked_ids())
        self.carry_button.setText(
            f"Carry {count} unfinished objective{'s' if count != 1 else ''} to {self.next_name}")
        self.carry_button.setEnabled(count > 0 and not self.ctx.read_only)
        self.carry_button.setToolTip(
            f"Copy the ticked objectives with their key results into {self.next_name}; each key "
            "result starts at its current value (a KPI-linked one at its KPI's value then).")

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._building:
            return
        if item.column() == CARRY:
            self._update_carry_button()
        elif item.column() == NOTE:
            self._run(self.commands.edit_objective, item.data(Qt.ItemDataRole.UserRole),
                      retrospective=item.text().strip())

    # --- actions ---------------------------------------------------------------------

    def toggle_closed(self) -> None:
        """Close the period (or reopen it when closed): one undoable command."""
        name = self.period.name
        if self.period.closed:
            if self._run(self.commands.reopen_period, self.period_id) is not None:
                self.message.setText(f"{name} is open again.")
        elif self._run(self.commands.close_period, self.period_id) is not None:
            self.message.setText(f"{name} is closed (Undo reopens it).")

    def carry_checked(self) -> None:
        """Carry the ticked objectives to the next period: one undoable command."""
        ids = self.checked_ids()
        if not ids or self.board is None:
            return
        tree = self.ctx.tree(self.ctx.today)
        starts = {row.kr.id: carry_start(row, tree, self.next_start, self.next_end)
                  for card in self.board.cards if card.objective.id in ids for row in card.key_results}
        name = self.next_name
        if self._run(self.commands.carry_forward, self.period_id, ids, starts) is not None:
            self.message.setText(f"Carried {len(ids)} objective{'s' if len(ids) != 1 else ''} to {name}.")

    def _run(self, fn, *args, **kwargs):  # noqa: ANN001, ANN202
        try:
            return fn(*args, **kwargs)
        except WorkspaceError as exc:
            self.message.setText(f"\u26a0 {exc}")
            return None

    def done(self, result: int) -> None:  # noqa: D102 (Qt API)
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.undo_stack.indexChanged.disconnect(self._stack_moved)
        super().done(result)


__all__ = ["QuarterCloseDialog", "distribution_text"]
