"""What-if mode of the KPI Tree view: temporary values pinned on a copy of the rollup.

``WhatIfMode.attach(view)`` adds "What-if", "Goal seek…" and "Root cause…" to
the view's mode bar and a what-if bar under it. While what-if is on, any node
(a formula node too: its formula is set aside) can be given a value in its
current bucket: typed in the Outline's Value column, typed in the bar, set on
the Canvas (double-click a box, or its context menu, see ``whatif_canvas``), or
applied from goal seek. The value is pinned on a *copy* of the rollup
(``store.readmodels.whatif``); every dependant recomputes, and both the Outline
and the Canvas show the what-if tree: a node's own what-if value is tinted
amber, a recomputed one accent, and the change reads "Δ +4.2%" against actual.
An empty value restores the actual one. Nothing is written to the workspace
and nothing goes on the undo stack; "Reset" drops every value and leaving the
mode restores the actual tree. The current values can be kept as a named
scenario (``whatif_scenarios``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from okrdesk.domain.entities import Status
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.store.readmodels.whatif import WhatIfTree, whatif_tree
from okrdesk.ui import theme
from okrdesk.ui.kpi_tree import formatting as fmt
from okrdesk.ui.kpi_tree.outline_model import Column

if TYPE_CHECKING:  # numpy-backed; not needed before the first paint
    from okrdesk.domain.rollup import Rollup


class WhatIfMode(QObject):
    """What-if values, the what-if tree shown in the Outline and the Canvas, and the toolbar entries."""

    #: Emitted when what-if is switched on or off.
    toggled = Signal(bool)
    #: Emitted whenever the what-if values change (set, cleared, reset, loaded).
    changed = Signal()

    def __init__(self, view) -> None:
        super().__init__(view)
        self.view = view
        self.active = False
        #: node id -> (bucket, value); kept for nodes an edit removed, so an undo brings them back.
        self.overrides: dict[int, tuple[dt.date, float]] = {}
        self.shown: WhatIfTree | None = None
        self._version = 0  # raised on every change of ``overrides``
        self._shown_version = -1
        self._build_toolbar()
        self.bar = self._build_bar()
        view.layout().insertWidget(1, self.bar)
        self.bar.setVisible(False)
        view.tree_view.delegate.overlay = self.cell_overlay
        if view.ctx.read_only:  # what-if writes nothing, so it works on a read-only workspace too
            view.model.edit_refused.connect(view.show_message)
        view.tree_view.selectionModel().currentRowChanged.connect(lambda *_: self._selection_changed())
        view.canvas_mode.shown_tree = self.present
        from okrdesk.ui.kpi_tree.whatif_canvas import CanvasWhatIf
        from okrdesk.ui.kpi_tree.whatif_scenarios import ScenarioMenu

        self.canvas = CanvasWhatIf(self, view.canvas_mode.canvas)
        self.scenarios = ScenarioMenu(self, self.scenario_button)

    @classmethod
    def attach(cls, view) -> WhatIfMode:
        """Add what-if, goal seek and root cause to ``view`` (a KpiTreeView with its mode bar)."""
        return cls(view)

    @property
    def affected(self) -> frozenset[int]:
        """Ids showing a what-if value: their own or one recomputed from another."""
        return self.shown.affected if self.shown is not None else frozenset()

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
        title.setToolTip("Double-click a value in the Outline or on the Canvas to try another one")
        self.node_label = QLabel("")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("value")
        self.value_edit.setMaximumWidth(160)
        self.value_edit.setAccessibleName("What-if value")
        self.value_edit.returnPressed.connect(self.apply_edit)
        self.set_button = QPushButton("Set")
        self.set_button.clicked.connect(self.apply_edit)
        self.restore_button = QPushButton("Restore actual")
        self.restore_button.setToolTip("Show the selected node's actual value again")
        self.restore_button.clicked.connect(self._restore_selected)
        self.reset_button = QPushButton("Reset")
        self.reset_button.setToolTip("Drop every what-if value")
        self.reset_button.clicked.connect(self.reset)
        self.scenario_button = QPushButton("Scenarios")
        self.scenario_button.setToolTip("Keep the what-if values under a name, or load kept ones")
        self.scenario_button.setAccessibleName("What-if scenarios")
        self.summary = QLabel("")
        for widget in (title, self.node_label, self.value_edit, self.set_button, self.restore_button,
                       self.reset_button, self.scenario_button):
            row.addWidget(widget)
        row.addWidget(self.summary, 1)
        return bar

    # ------------------------------------------------------------------ state

    def set_active(self, on: bool) -> None:
        """Switch what-if on or off; off drops every value and shows the actual tree."""
        if on == self.active:
            return
        self.active = on
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)
        self.bar.setVisible(on)
        tree_view = self.view.tree_view
        self.view.model.whatif_edit = self.edit_value if on else None
        if self.view.ctx.read_only:  # the Outline of a read-only workspace edits only what-if values
            tree_view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked if on
                                      else QAbstractItemView.EditTrigger.NoEditTriggers)
        if not on:
            self.overrides.clear()
            self.scenarios.forget()
            self._version += 1
        self.refresh()
        self.toggled.emit(on)

    def reset(self) -> None:
        """Drop every what-if value (what-if stays on)."""
        self.overrides.clear()
        self.scenarios.forget()
        self._changed()

    def override(self, node_id: int, value: float, bucket: dt.date | None = None) -> str | None:
        """Give a node (measured or computed) a what-if value, switching what-if on;
        returns why it was refused, or None."""
        actual = self.view.read_model
        if actual is None or node_id not in actual.ids:
            return "Select a node of the tree first."
        row = actual.row(node_id)
        bucket = bucket or row.bucket or self._latest_bucket(actual)
        if bucket is None:
            return f"{row.node.code}: the tree has no values in this period to change."
        try:
            actual.rollup.copy().pin(node_id, bucket, value)  # refuses what a pin refuses, with the reason
        except ValueError as error:
            return str(error)
        self.set_active(True)
        self.overrides[node_id] = (bucket, float(value))
        self._changed()
        return None

    def clear(self, node_id: int) -> bool:
        """Show the node's actual value again; False when it had no what-if value."""
        if self.overrides.pop(node_id, None) is None:
            return False
        self._changed()
        return True

    def replace_all(self, overrides: dict[int, tuple[dt.date, float]]) -> dict[int, str]:
        """Switch what-if on with exactly ``overrides`` (a scenario); returns those that
        could not be applied (id -> why), which are left out."""
        self.set_active(True)
        self.overrides = dict(overrides)
        self._changed()
        dropped = dict(self.shown.dropped) if self.shown is not None else {}
        for node_id in dropped:
            self.overrides.pop(node_id, None)
        if dropped:
            self._changed()
        return dropped

    def _latest_bucket(self, tree: TreeReadModel) -> dt.date | None:
        buckets = tree.rollup.buckets()
        if tree.as_of is not None:
            buckets = [b for b in buckets if b <= tree.as_of]
        return buckets[-1] if buckets else None

    def _changed(self) -> None:
        self._version += 1
        self.view.show_message("")  # a message about an earlier refused value is out of date
        self.refresh()
        self.changed.emit()

    def rollup(self) -> Rollup | None:
        """The rollup with the what-if values (the actual one when there are none)."""
        tree = self.shown if self.active and self.shown is not None else self.view.read_model
        return tree.rollup if tree is not None else None

    def present(self, actual: TreeReadModel) -> TreeReadModel:
        """The tree to show for ``actual``: the what-if tree while there are what-if
        values (built once per tree and set of values), else ``actual`` itself."""
        if not (self.active and self.overrides):
            self.shown = None
            return actual
        if self.shown is None or self.shown.actual is not actual or self._shown_version != self._version:
            self.shown = whatif_tree(actual, self.overrides)
            self._shown_version = self._version
        return self.shown

    def refresh(self) -> None:
        """Show the what-if tree in the Outline and the Canvas (the actual tree when off)."""
        actual = self.view.read_model
        if actual is None:
            return
        tree = self.present(actual)
        self.view.model.set_tree(tree)
        canvas = self.view.canvas_mode
        if canvas.mode() == "canvas":
            self.canvas.show_values(tree)  # only values changed: the boxes are redrawn in place
        canvas.tree_changed(actual)
        shown = self.shown
        count = len(shown.overridden) if shown is not None else 0
        recomputed = len(shown.affected) - count if shown is not None else 0
        text = (f"{count} value{'s' if count != 1 else ''} changed, {recomputed} recomputed" if count
                else "Double-click a value (Outline or Canvas) or select a node and type a value.")
        if shown is not None and shown.elsewhere:
            text += f" · {len(shown.elsewhere)} more in other periods"
        if shown is not None and shown.dropped:
            text += f" · {len(shown.dropped)} on deleted nodes (Undo brings them back)"
        self.summary.setText(self.scenarios.describe(text))
        self.reset_button.setEnabled(bool(self.overrides))
        self._selection_changed()
        self._show_details(self.view.selected_node_id())

    def tree_changed(self, _tree: TreeReadModel) -> None:
        """The view shows another actual tree (an edit, another period): re-apply the values."""
        if self.active:
            self.refresh()

    def cell_overlay(self, node_id: int, column: int) -> tuple[QColor, str | None] | None:
        """How the Outline marks a what-if row's Value and Change cells: tinted (amber for
        a what-if value, accent for a recomputed one), the change read as "Δ +4.2%"
        against actual; None for every other cell."""
        shown = self.shown
        if shown is None or column not in (Column.VALUE, Column.CHANGE) or node_id not in shown.affected:
            return None
        c = theme.current()
        tint = QColor(c.status_tints[Status.AMBER] if node_id in shown.overridden else c.accent_tint)
        return tint, self.delta_text(node_id) if column == Column.CHANGE else None

    def delta_text(self, node_id: int) -> str:
        """"Δ +4.2%" for a what-if row against its actual value."""
        row = self.shown.row(node_id) if self.shown is not None and node_id in self.shown.ids else None
        if row is None:
            return fmt.format_delta(None, None)
        return fmt.format_delta(row.value, row.previous, row.node.unit)

    # ------------------------------------------------------------------ typing values

    def edit_value(self, node_id: int, text: str) -> str | None:
        """A value typed for ``node_id`` (Outline cell, Canvas, bar): the user's locale;
        empty restores the actual value. Returns why it was refused, or None."""
        tree = self.shown or self.view.read_model
        code = tree.row(node_id).node.code if tree is not None and node_id in tree.ids else "this node"
        try:
            value = fmt.parse_number(text)
        except ValueError as error:
            return f"What-if value of {code}: {error}."
        if value is None:
            self.clear(node_id)
            return None
        return self.override(node_id, value)

    def _selection_changed(self) -> None:
        nid = self.view.selected_node_id()
        tree = self.shown or self.view.read_model
        if not self.active or nid is None or tree is None or nid not in tree.ids:
            self.node_label.setText("")
            self.restore_button.setEnabled(False)
            return
        row = tree.row(nid)
        self.node_label.setText(f"{row.node.code}:")
        self.value_edit.setText(fmt.edit_number(row.value))
        self.restore_button.setEnabled(nid in self.overrides)

    def _show_details(self, node_id: int | None) -> None:
        """The details panel follows the values shown (what-if or actual) of the selected node."""
        tree = self.view.model.tree()
        if node_id is not None and tree is not None and node_id in tree.ids:
            self.view.details.show_row(tree.row(node_id), tree)

    def _restore_selected(self) -> None:
        nid = self.view.selected_node_id()
        if nid is not None:
            self.clear(nid)

    def apply_edit(self) -> None:
        """Give the selected node the value typed in the bar (empty: its actual value)."""
        nid = self.view.selected_node_id()
        if nid is None:
            self.view.show_message("Select a node of the tree first.")
            return
        problem = self.edit_value(nid, self.value_edit.text())
        if problem:
            self.view.show_message(problem)

    # ------------------------------------------------------------------ dialogs

    def open_goal_seek(self, target_id: int | None = None):
        """Open the goal seek dialog for ``target_id`` (default: the selected node), on the
        what-if tree when there are what-if values."""
        from okrdesk.ui.kpi_tree.goal_seek_dialog import GoalSeekDialog

        tree = self.shown or self.view.read_model
        if tree is None:
            return None
        dialog = GoalSeekDialog(tree, target_id or self.view.selected_node_id(), self.view)
        dialog.applied.connect(lambda nid, bucket, value: self._apply_goal_seek(nid, value, bucket))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def _apply_goal_seek(self, node_id: int, value: float, bucket: dt.date) -> None:
        problem = self.override(node_id, value, bucket)
        if problem:
            self.view.show_message(problem)

    def open_root_cause(self, node_id: int | None = None):
        """Open the root cause dialog for ``node_id`` (default: the selected node), on the
        what-if tree when there are what-if values."""
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
