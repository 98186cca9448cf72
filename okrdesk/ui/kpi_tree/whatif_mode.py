"""What-if mode of the KPI Tree view: temporary overrides on a copy of the rollup.

``WhatIfMode.attach(view)`` adds "What-if", "Goal seek…" and "Root cause…" to
the view's mode bar and a what-if bar under it. While what-if is on, a value
typed in the bar (or a goal seek applied) overrides the selected measured
node's value in its current bucket on a *copy* of the rollup; every ancestor
recomputes (``Rollup.set_measured`` on the copy) and the Outline shows the
what-if values: overridden and affected Value cells are tinted and the Change
column reads "Δ +4.2%" against the actual value. Nothing is written to the
workspace; "Reset" drops the overrides and leaving the mode restores the
actual tree. The Canvas is disabled while what-if is on (it shows actual
values only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyleOptionViewItem,
    QToolButton,
    QWidget,
)

from okrdesk.domain.entities import FormulaKind, Status
from okrdesk.domain.status import change_ratio, kpi_status
from okrdesk.store.readmodels.tree import NodeRow, TreeReadModel
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.delegates import OutlineDelegate
from okrdesk.ui.kpi_tree.outline_model import NODE_ID_ROLE, Column

if TYPE_CHECKING:  # numpy-backed; not needed before the first paint
    from okrdesk.domain.rollup import Rollup


def whatif_tree(actual: TreeReadModel, overrides: dict[int, tuple[dt.date, float]]) -> tuple[TreeReadModel, set[int]]:
    """``actual`` with ``overrides`` (node id -> (bucket, value)) applied on a copy of its
    rollup; returns the what-if tree and the ids whose shown value differs from actual.

    A what-if row's ``previous`` is the actual value and its ``change`` the relative
    difference, so the Change column shows the delta against actual."""
    work: Rollup = actual.rollup.copy()
    touched: set[int] = set()
    for node_id, (bucket, value) in overrides.items():
        work.set_measured(node_id, bucket, value)
        touched.add(node_id)
        touched |= work.dependants(node_id)
    rows: list[NodeRow] = []
    affected: set[int] = set()
    for row in actual.rows:
        nid = row.node.id
        if nid in touched and row.bucket is not None:
            value = work.value(nid, row.bucket)
            if value != row.value:
                affected.add(nid)
                node = row.node
                row = dataclasses.replace(
                    row, value=value, previous=row.value, change=change_ratio(row.value, value),
                    status=kpi_status(value, node.target, node.direction, node.green_from, node.red_from))
        rows.append(row)
    ids = list(actual.ids)
    tree = TreeReadModel(rows, work, actual.grain, actual.as_of, {i: actual.raw(i) for i in ids}, actual.links,
                         {i: actual.mismatches(i) for i in ids})
    return tree, affected


class WhatIfDelegate(OutlineDelegate):
    """Value and Change cells of what-if rows: tinted, and the change read as "Δ" against actual."""

    def __init__(self, mode: WhatIfMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        """Tint the cell (amber for an override, accent for a recomputed value) and write
        the change as "Δ +4.2%" against actual."""
        nid = index.data(NODE_ID_ROLE) if index.isValid() else None  # a proxy index: ask for the id
        if nid is None or nid not in self.mode.affected:
            super().paint(painter, option, index)
            return
        c = theme.current()
        tint = c.status_tints[Status.AMBER] if nid in self.mode.overrides else c.accent_tint
        painter.fillRect(option.rect, QColor(tint))
        if index.column() != Column.CHANGE:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setFont(index.data(Qt.ItemDataRole.FontRole) or option.font)
        colour = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(colour if isinstance(colour, QColor) else QColor(c.ink))
        painter.drawText(option.rect.adjusted(8, 0, -8, 0),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.mode.delta_text(nid))
        painter.restore()


class WhatIfMode(QObject):
    """Overrides, the what-if tree shown in the Outline, and the toolbar entries."""

    #: Emitted when what-if is switched on or off.
    toggled = Signal(bool)

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        self.overrides: dict[int, tuple[dt.date, float]] = {}
        self.affected: set[int] = set()
        self.shown: TreeReadModel | None = None
        self._build_toolbar()
        self.bar = self._build_bar()
        view.layout().insertWidget(1, self.bar)
        self.bar.setVisible(False)
        delegate = WhatIfDelegate(self, view.tree_view)
        for column in (Column.VALUE, Column.CHANGE):
            view.tree_view.setItemDelegateForColumn(column, delegate)
        self.delegate = delegate
        view.tree_view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        view.tree_view.doubleClicked.connect(self._double_clicked)

    @classmethod
    def attach(cls, view) -> WhatIfMode:
        """Add what-if, goal seek and root cause to ``view`` (a KpiTreeView with its mode bar)."""
        return cls(view)

    # ------------------------------------------------------------------ widgets

    def _build_toolbar(self) -> None:
        row = self.view.canvas_mode.switch.layout()
        self.toggle = QToolButton()
        self.toggle.setObjectName("WhatIfToggle")
        self.toggle.setText("What-if")
        self.toggle.setCheckable(True)
        self.toggle.setToolTip("Try values without saving them: every ancestor recomputes")
        self.toggle.setAccessibleName("What-if mode")
        self.toggle.toggled.connect(self.set_active)
        self.goal_seek_button = QToolButton()
        self.goal_seek_button.setText("Goal seek…")
        self.goal_seek_button.setToolTip("Find the driver value a KPI needs to reach a target")
        self.goal_seek_button.clicked.connect(lambda: self.open_goal_seek())
        self.root_cause_button = QToolButton()
        self.root_cause_button.setText("Root cause…")
        self.root_cause_button.setToolTip("Split the selected node's change between two periods over its inputs")
        self.root_cause_button.clicked.connect(lambda: self.open_root_cause())
        for k, button in enumerate((self.toggle, self.goal_seek_button, self.root_cause_button)):
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            row.insertWidget(2 + k, button)
        row.insertSpacing(2, 16)

    def _build_bar(self) -> QWidget:
        c = theme.current()
        bar = QWidget()
        bar.setObjectName("WhatIfBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setStyleSheet(f"QWidget#WhatIfBar {{ background: {c.accent_tint}; border-bottom: 1px solid {c.border}; }}")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 6, 12, 6)
        title = QLabel("<b>What-if</b> — values here are not saved.")
        self.node_label = QLabel("")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("value")
        self.value_edit.setMaximumWidth(160)
        self.value_edit.setAccessibleName("What-if value")
        self.value_edit.returnPressed.connect(self.apply_edit)
        self.set_button = QPushButton("Set")
        self.set_button.clicked.connect(self.apply_edit)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Drop every what-if value")
        self.reset_button.clicked.connect(self.reset)
        self.summary = QLabel("")
        for widget in (title, self.node_label, self.value_edit, self.set_button, self.reset_button):
            row.addWidget(widget)
        row.addWidget(self.summary, 1)
        return bar

    # ------------------------------------------------------------------ state

    def set_active(self, on: bool) -> None:
        """Switch what-if on or off; off drops every override and shows the actual tree."""
        if on == self.active:
            return
        self.active = on
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)
        canvas = self.view.canvas_mode
        if on:
            canvas.set_mode("outline", remember=False)
        canvas.buttons["canvas"].setEnabled(not on)
        canvas.buttons["canvas"].setToolTip(
            "The Canvas shows actual values only: leave what-if first" if on else "The tree as boxes and connectors")
        self.bar.setVisible(on)
        if not on:
            self.overrides.clear()
        self.refresh()
        self._selection_changed()
        self.toggled.emit(on)

    def reset(self) -> None:
        """Drop every override (what-if stays on)."""
        self.overrides.clear()
        self.refresh()
        self._selection_changed()

    def override(self, node_id: int, value: float, bucket: dt.date | None = None) -> str | None:
        """Override a measured node's value (switching what-if on); returns why it was refused, or None."""
        actual = self.view.read_model
        if actual is None or node_id not in actual.ids:
            return "Select a node of the tree first."
        row = actual.row(node_id)
        if row.node.formula != FormulaKind.NONE:
            return f"{row.node.code} is computed by a formula: change one of its inputs instead."
        bucket = bucket or row.bucket
        if bucket is None:
            return f"{row.node.code} has no value in this period to change."
        self.set_active(True)
        self.overrides[node_id] = (bucket, float(value))
        self.refresh()
        self._selection_changed()
        return None

    def rollup(self) -> Rollup | None:
        """The rollup with the overrides (the actual one when there are none)."""
        tree = self.shown if self.active and self.shown is not None else self.view.read_model
        return tree.rollup if tree is not None else None

    def refresh(self) -> None:
        """Show the actual tree with the overrides applied (the actual tree when off)."""
        actual = self.view.read_model
        if actual is None:
            return
        self.overrides = {nid: v for nid, v in self.overrides.items() if nid in actual.ids}
        if self.active and self.overrides:
            self.shown, self.affected = whatif_tree(actual, self.overrides)
        else:
            self.shown, self.affected = None, set()
        self.view.model.set_tree(self.shown or actual)
        count = len(self.overrides)
        self.summary.setText(
            f"{count} value{'s' if count != 1 else ''} changed, {len(self.affected) - count} recomputed"
            if count else "Select a measured node and type a value.")
        self.reset_button.setEnabled(bool(count))

    def tree_changed(self, _tree: TreeReadModel) -> None:
        """The view shows another actual tree (an edit, another period): re-apply the overrides."""
        if self.active:
            self.refresh()

    def delta_text(self, node_id: int) -> str:
        """"Δ +4.2%" for a what-if row (the absolute difference when actual is 0 or missing)."""
        row = self.shown.row(node_id) if self.shown is not None else None
        if row is None or row.value is None:
            return "Δ —"
        if row.change is not None:
            return f"Δ {row.change * 100:+.1f}%"
        if row.previous is None:
            return "Δ new"
        return f"Δ {row.value - row.previous:+.6g}"

    # ------------------------------------------------------------------ bar

    def _selection_changed(self) -> None:
        nid = self.view.selected_node_id()
        tree = self.shown or self.view.read_model
        if not self.active or nid is None or tree is None or nid not in tree.ids:
            self.node_label.setText("")
            return
        row = tree.row(nid)
        measured = row.node.formula == FormulaKind.NONE
        self.node_label.setText(f"{row.node.code}:" if measured else f"{row.node.code} is computed — pick an input")
        self.value_edit.setEnabled(measured)
        self.set_button.setEnabled(measured)
        self.value_edit.setText(fmt.edit_number(row.value) if measured else "")

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.active and index.column() == Column.VALUE and self.value_edit.isEnabled():
            self.value_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.value_edit.selectAll()

    def apply_edit(self) -> None:
        """Override the selected node with the value typed in the bar."""
        nid = self.view.selected_node_id()
        try:
            value = fmt.parse_number(self.value_edit.text())
        except ValueError as error:
            self.view.show_message(str(error))
            return
        if value is None or nid is None:
            return
        problem = self.override(nid, value)
        if problem:
            self.view.show_message(problem)

    # ------------------------------------------------------------------ dialogs

    def open_goal_seek(self, target_id: int | None = None):
        """Open the goal seek dialog for ``target_id`` (default: the selected node)."""
        from okrdesk.ui.kpi_tree.goal_seek_dialog import GoalSeekDialog

        tree = self.shown or self.view.read_model
        if tree is None:
            return None
        dialog = GoalSeekDialog(tree, target_id or self.view.selected_node_id(), self.view)
        dialog.applied.connect(lambda nid, bucket, value: self.override(nid, value, bucket))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def open_root_cause(self, node_id: int | None = None):
        """Open the root cause dialog for ``node_id`` (default: the selected node)."""
        from okrdesk.ui.kpi_tree.root_cause_dialog import RootCauseDialog

        tree = self.shown or self.view.read_model
        nid = node_id or self.view.selected_node_id()
        if tree is None or nid is None:
            return None
        dialog = RootCauseDialog(tree, nid, self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog
