"""The OKR Board view: a filter row above team columns of objective cards.

"Board | Alignment" switches the cards for the alignment tree (``alignment``);
"Columns" groups the cards by team, pace or period (``grouping``): by period,
every period is a column (the one chosen in the toolbar is scrolled into
view) and dragging a card to another period moves it there;
"Close quarter…" opens the period's review (``quarter_close``).

Editing (``board_actions.BoardEditing``): create, edit, rename, delete and move
objectives and key results, and check in, each one undoable command; the
view reloads whenever the undo stack moves.

"All time" (no period) shows the current period's objectives — the period that
contains today, else the latest one that has started — with a note saying so:
a board of every quarter at once mixes scores that cannot be compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from okrdesk.domain.entities import Pace, Period
from okrdesk.domain.quality import QualityIssue
from okrdesk.palette import ACCENT
from okrdesk.store.readmodels.okrs import BoardReadModel
from okrdesk.ui.empty_state import EmptyState
from okrdesk.ui.okr_board.alignment import AlignmentView
from okrdesk.ui.okr_board.board_actions import BoardEditing
from okrdesk.ui.okr_board.editable_canvas import EditableBoardCanvas, Selection
from okrdesk.ui.okr_board.filters import BoardFilter
from okrdesk.ui.okr_board.grouping import GROUPING_WORDS, Grouping, Lane, group_cards
from okrdesk.ui.okr_board.quarter_close import QuarterCloseDialog
from okrdesk.ui.view_base import BaseView, ViewContext
from okrdesk.ui.widgets.elided_label import ElidedLabel
from okrdesk.ui.widgets.status_badge import badge_text

ANY = None


def current_period(periods: list[Period], today: dt.date) -> Period | None:
    """The period containing ``today`` (the shortest if several), else the latest started, else the first."""
    if not periods:
        return None
    containing = [p for p in periods if p.start <= today <= p.end]
    if containing:
        return min(containing, key=lambda p: ((p.end - p.start).days, p.start))
    started = [p for p in periods if p.start <= today]
    if started:
        return max(started, key=lambda p: (p.start, -(p.end - p.start).days))
    return min(periods, key=lambda p: p.start)


class OkrBoardView(BaseView):
    """Columns by team of objective cards with key results, score, pace and confidence."""

    key = "okr-board"
    title = "OKR Board"

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._period: Period | None = None
        self._shown_period: Period | None = None
        self._board: BoardReadModel | None = None
        self._tree = None  # the KPI tree read used by the last load
        self._search = ""
        self._building_filters = False
        self._periods: list[Period] = []

        self.team_combo = QComboBox(self)
        self.team_combo.setAccessibleName("Filter by team")
        self.owner_combo = QComboBox(self)
        self.owner_combo.setAccessibleName("Filter by owner")
        self.pace_combo = QComboBox(self)
        self.pace_combo.setAccessibleName("Filter by pace")
        self.grouping_combo = QComboBox(self)
        self.grouping_combo.setAccessibleName("Columns by")
        self.grouping_combo.setToolTip("Columns by team, by pace status or by period")
        for grouping, word in GROUPING_WORDS.items():
            self.grouping_combo.addItem(word, grouping)
        self.grouping_combo.currentIndexChanged.connect(self._grouping_changed)
        for combo in (self.team_combo, self.owner_combo, self.pace_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.summary = ElidedLabel("", self)
        self.summary.setObjectName("Muted")
        self.summary.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.collapse_button = QPushButton("Collapse all", self)
        self.collapse_button.setProperty("flat", True)
        self.collapse_button.clicked.connect(self._toggle_all)

        self.board_mode = QPushButton("Board", self)
        self.alignment_mode = QPushButton("Alignment", self)
        modes = QButtonGroup(self)
        for button, tip in ((self.board_mode, "Objective cards in columns by team"),
                            (self.alignment_mode, "Company objectives with the team objectives that contribute to them")):
            button.setCheckable(True)
            button.setStyleSheet(f"QPushButton:checked {{ color: {ACCENT}; border: 1px solid {ACCENT};"
                                 " font-weight: 600; }")
            button.setToolTip(tip)
            modes.addButton(button)
        self.board_mode.setChecked(True)
        modes.buttonClicked.connect(lambda _b: self._mode_changed())
        self.close_quarter_button = QPushButton("Close quarter\u2026", self)
        self.close_quarter_button.setToolTip("Review the period's final scores, write retrospectives, "
                                             "close it and carry unfinished objectives forward")
        self.close_quarter_button.clicked.connect(self.open_quarter_close)

        self.new_button = QPushButton("New objective", self)
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip("Add an objective to this period (Ctrl+Shift+O)")

        # Two rows, so that the view fits 1000 px: what is shown and the period's actions,
        # then the filters.
        top = QHBoxLayout()
        top.setContentsMargins(20, 12, 20, 0)
        top.setSpacing(10)
        top.addWidget(self.board_mode)
        top.addWidget(self.alignment_mode)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addSpacing(8)
        top.addWidget(self.close_quarter_button)
        top.addWidget(self.new_button)
        bar = QHBoxLayout()
        bar.setContentsMargins(20, 8, 20, 2)
        bar.setSpacing(10)
        for label_text, combo in (("Columns", self.grouping_combo), ("Team", self.team_combo),
                                  ("Owner", self.owner_combo), ("Pace", self.pace_combo)):
            label = QLabel(label_text, self)
            label.setObjectName("Muted")
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
            bar.addSpacing(8)
        bar.addStretch(1)
        bar.addWidget(self.collapse_button)

        self.canvas = EditableBoardCanvas(self)
        self.empty = EmptyState("square-kanban", "No objectives", "Nothing to show yet.", self)
        self.clear_button = self.empty.add_button("Clear filters", self.clear_filters, primary=True)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.empty)
        self.alignment = AlignmentView(lambda oid: self.editing.edit_objective(oid), self)
        self.stack.addWidget(self.alignment)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self._fill_static_combos()
        # Keyboard focus starts on the board (arrow keys and Page Up/Down scroll it).
        self.canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.canvas)
        QWidget.setTabOrder(self.canvas, self.grouping_combo)
        QWidget.setTabOrder(self.grouping_combo, self.team_combo)
        QWidget.setTabOrder(self.team_combo, self.owner_combo)
        QWidget.setTabOrder(self.owner_combo, self.pace_combo)
        QWidget.setTabOrder(self.pace_combo, self.collapse_button)
        self.editing = BoardEditing(self)

    # BaseView -----------------------------------------------------------------------------

    def set_period(self, period: Period | None) -> None:
        """Show ``period``'s objectives (None: the current period, with a note)."""
        self._period = period
        self.reload()
        self._scroll_to_shown_period()

    def set_search(self, text: str) -> None:
        """Keep only cards whose objective or key-result titles contain ``text``."""
        self._search = text
        self._refresh_board()

    def reload(self) -> None:
        """Read and score the objectives again (the shared KPI tree read is read again
        only when the tree changed, never after an OKR edit)."""
        service = self.ctx.service
        periods = list(service.periods())
        if self._period is not None:  # read again: closing or reopening changes it
            self._period = next((p for p in periods if p.id == self._period.id), None)
        shown = self._period
        if shown is None:
            shown = current_period(periods, self.ctx.today)
        self._shown_period = shown
        self._periods = periods
        self._tree = self.ctx.tree(self.ctx.today)  # the shared read: re-read only after tree writes
        every_period = self._columns_by == Grouping.PERIOD
        if every_period:  # every period's cards: about a second on the firm demo, so say so
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            self._board = BoardReadModel.load(service, None if every_period else shown, self.ctx.today,
                                              tree=self._tree)
            self._fill_data_combos()
            self._refresh_board()
        finally:
            if every_period:
                QApplication.restoreOverrideCursor()
        self.canvas.keep_selection()
        self.editing.update_actions()

    # Public helpers -----------------------------------------------------------------------

    @property
    def board(self) -> BoardReadModel | None:
        """The read model behind the cards (None before the first load)."""
        return self._board

    @property
    def shown_period(self) -> Period | None:
        """The period whose objectives are on the board."""
        return self._shown_period

    @property
    def grouping(self) -> Grouping:
        """What the columns stand for: teams, paces or periods."""
        return Grouping(self.grouping_combo.currentData())

    @property
    def _columns_by(self) -> Grouping:
        """The grouping the cards are laid out in (the alignment tree is of one period,
        so behind it the cards are by team)."""
        return Grouping.TEAM if self.alignment_mode.isChecked() else self.grouping

    def set_grouping(self, grouping: Grouping) -> None:
        """Group the columns by team, pace or period (the board reloads)."""
        self.grouping_combo.setCurrentIndex(self.grouping_combo.findData(grouping))

    def show_issue(self, issue: QualityIssue) -> bool:
        """Show what a quality issue is about (the quality panel's "jump"): the board
        mode, filters cleared when they hide it, scrolled to and selecting the card,
        the key result (its card expanded) or the team's column (grouped by team).
        False, with a note in the summary line, when it is not in the shown period."""
        if self.alignment_mode.isChecked():
            self.board_mode.setChecked(True)
            self._mode_changed()
        if issue.subject == "team" and self.grouping != Grouping.TEAM:
            self.set_grouping(Grouping.TEAM)
        board = self._board
        assert board is not None
        objective_id = key_result_id = None
        if issue.subject == "objective":
            objective_id = issue.subject_id
        elif issue.subject == "key_result":
            key_result_id = issue.subject_id
            objective_id = next((c.objective.id for c in board.cards
                                 if any(r.kr.id == key_result_id for r in c.key_results)), None)
        else:
            objective_id = next((c.objective.id for c in board.cards
                                 if c.objective.team_id == issue.subject_id), None)
        if objective_id is None or objective_id not in {c.objective.id for c in board.cards}:
            self.summary.setText(f"\u26a0 Not on this board: {issue.message}")
            return False
        shown = {c.objective.id for _, cards in self.canvas.columns() for c in cards}
        if objective_id not in shown:
            self.clear_filters()
        if key_result_id is not None:
            self.canvas.set_collapsed(objective_id, False)
        self.stack.setCurrentWidget(self.canvas)
        if issue.subject == "team":
            self.canvas.scroll_to_column(self.canvas.column_of(objective_id))
        self.canvas.select(Selection(objective_id, key_result_id))
        self.canvas.ensure_visible(objective_id)
        self.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
        self.summary.setText(issue.message)
        return True

    def current_filter(self) -> BoardFilter:
        """The filter row's choices plus the search text."""
        return BoardFilter(
            team_id=self.team_combo.currentData(),
            owner_name=self.owner_combo.currentData(),
            pace=self.pace_combo.currentData(),
            search=self._search,
        )

    def clear_filters(self) -> None:
        """Reset team, owner and pace to "all" and clear the search."""
        self._building_filters = True
        for combo in (self.team_combo, self.owner_combo, self.pace_combo):
            combo.setCurrentIndex(0)
        self._building_filters = False
        self._search = ""
        self._refresh_board()

    # Internals ----------------------------------------------------------------------------

    def _fill_static_combos(self) -> None:
        self.pace_combo.addItem("All paces", ANY)
        for pace in (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK):
            self.pace_combo.addItem(badge_text(pace), pace)
        self.team_combo.addItem("All teams", ANY)
        self.owner_combo.addItem("All owners", ANY)

    def _fill_data_combos(self) -> None:
        assert self._board is not None
        team_id = self.team_combo.currentData()
        owner = self.owner_combo.currentData()
        self._building_filters = True
        self.team_combo.clear()
        self.team_combo.addItem("All teams", ANY)
        for team, _cards in self._board.by_team():
            self.team_combo.addItem(team.name, team.id)
        owners = sorted(
            {c.owner_name for c in self._board.cards if c.owner_name}
            | {r.owner_name for c in self._board.cards for r in c.key_results if r.owner_name},
            key=str.casefold,
        )
        self.owner_combo.clear()
        self.owner_combo.addItem("All owners", ANY)
        for name in owners:
            self.owner_combo.addItem(name, name)
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(team_id)) if team_id is not None else 0)
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(owner)) if owner is not None else 0)
        self._building_filters = False

    def _filters_changed(self) -> None:
        if not self._building_filters:
            self._refresh_board()

    def _mode_changed(self) -> None:
        """Board or alignment: the alignment tree is always of the period chosen in the
        toolbar, so a board by period is read again for it."""
        aligned = self.alignment_mode.isChecked()
        self.grouping_combo.setEnabled(not aligned)
        if self._board is not None and self.grouping == Grouping.PERIOD:
            self.reload()
        else:
            self._refresh_board()

    def _grouping_changed(self) -> None:
        if self._board is None:
            return
        self.reload()
        self.canvas.horizontalScrollBar().setValue(0)
        self.canvas.verticalScrollBar().setValue(0)
        selected = self.canvas.selected
        if selected is not None:  # the selected card stays in sight in its new column
            self.canvas.ensure_visible(selected.objective_id)
        else:
            self._scroll_to_shown_period()

    def _scroll_to_shown_period(self) -> None:
        """By period: bring the period chosen in the toolbar into view."""
        if self.grouping == Grouping.PERIOD and self._shown_period is not None:
            self.canvas.scroll_to_column(next(
                (i for i, (lane, _) in enumerate(self.canvas.columns()) if lane.id == self._shown_period.id), 0))

    def lanes(self) -> list[tuple[Lane, list]]:
        """The columns for the current grouping and filters (cards of a closed period
        shown by team or pace take no new objectives: their lanes say why)."""
        assert self._board is not None
        groups = group_cards(self._board, self._columns_by, self.current_filter(), periods=self._periods,
                             pace_words={p: badge_text(p) for p in (Pace.ON_TRACK, Pace.AT_RISK, Pace.OFF_TRACK)})
        reason = self.editing.period_lock_reason()
        if self._columns_by == Grouping.TEAM and reason is not None:
            groups = [(replace(lane, refusal=reason), cards) for lane, cards in groups]
        return groups

    def open_quarter_close(self) -> QuarterCloseDialog | None:
        """Open the quarter close review of the shown period (kept in
        ``editing.active_dialog`` for tests); None when no period is shown."""
        period = self._shown_period
        if period is None:
            self.summary.setText("\u26a0 Choose a period in the toolbar to close it.")
            return None
        dialog = QuarterCloseDialog(self.ctx, self.editing.commands, period, self)
        self.editing.show_dialog(dialog)
        return dialog

    def _toggle_all(self) -> None:
        collapse = self.collapse_button.text() == "Collapse all"
        self.canvas.set_all_collapsed(collapse)
        self.collapse_button.setText("Expand all" if collapse else "Collapse all")

    def _refresh_board(self) -> None:
        if self._board is None:
            return
        columns = self.lanes()
        self.canvas.set_columns(columns)
        shown = self.canvas.card_count()
        total = len(self._board.cards)
        self.summary.setText(self._summary_text(shown, total, len(columns)))
        aligned = self.alignment_mode.isChecked()
        self.collapse_button.setVisible(not aligned)
        self.close_quarter_button.setEnabled(self._shown_period is not None and not self.ctx.read_only)
        if aligned:
            self.alignment.set_board(self._board)
            self.alignment.set_filter(self.current_filter())
            if total:
                self.stack.setCurrentWidget(self.alignment)
                return
        name = self._shown_period.name if self._shown_period else "this workspace"
        if total == 0:
            self._show_empty(
                f"No objectives in {name} yet",
                "Pick another period in the toolbar, or import a workbook whose Objectives and "
                "Key Results sheets name this period (File \u25b8 Import).",
                clear=False,
            )
        elif shown == 0:
            self._show_empty(
                "No objectives match these filters",
                "Choose another team, owner or pace, or clear the filters and the search to see the whole board.",
                clear=True,
            )
        else:
            self.stack.setCurrentWidget(self.canvas)

    def _show_empty(self, title: str, text: str, *, clear: bool) -> None:
        self.empty.title.setText(title)
        self.empty.text.setText(text)
        self.clear_button.setVisible(clear)
        self.stack.setCurrentWidget(self.empty)

    def _summary_text(self, shown: int, total: int, lanes: int) -> str:
        period = self._shown_period
        counts = f"{shown} of {total} objectives" if shown != total else f"{total} objectives"
        word = {Grouping.TEAM: "team", Grouping.PACE: "pace", Grouping.PERIOD: "period"}[self._columns_by]
        parts = [counts, f"{lanes} {word}{'s' if lanes != 1 else ''}"]
        if period is not None:
            days = (period.end - period.start).days + 1
            day = min(days, max(0, (self.ctx.today - period.start).days + 1))
            when = f"day {day} of {days}" if 0 < day < days else ("ended" if day >= days else "not started")
            if period.closed:
                when = "closed, read-only"
            if self._columns_by == Grouping.PERIOD:
                parts.append(f"every period; {period.name} ({when}) is chosen in the toolbar")
            else:
                prefix = "All time: showing the current period, " if self._period is None else ""
                parts.append(f"{prefix}{period.name} ({when})")
        return "  \u00b7  ".join(parts)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Re-measure the cards when the font changes (presentation mode, theme)."""
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.PaletteChange) and self._board is not None:
            self._refresh_board()


__all__ = ["OkrBoardView", "current_period"]
