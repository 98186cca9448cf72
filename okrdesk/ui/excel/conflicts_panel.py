"""The conflicts of an import plan, side by side, with a choice per row and for all.

A conflict is a row changed both in the workspace and in the workbook since the
workbook was exported. Each row shows, field by field, the workspace value and
the workbook value; the user keeps one side per row ("Keep workspace" /
"Keep workbook") or for every row at once. The chosen side is shown in bold.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.plan import RowChange
from okrdesk.ui.excel.plan_text import display_value, field_label, row_title

WORKSPACE = "workspace"
WORKBOOK = "workbook"
ConflictKey = tuple[str, Any]


class _Choice(QWidget):
    """Two radio buttons: keep the workspace's row or take the workbook's."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        self.keep_workspace = QRadioButton(self.tr("Keep workspace"))
        self.keep_workbook = QRadioButton(self.tr("Keep workbook"))
        self.group = QButtonGroup(self)
        for button, side in ((self.keep_workspace, WORKSPACE), (self.keep_workbook, WORKBOOK)):
            self.group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(lambda on, s=side: on and self.chosen.emit(s))
        row.addStretch(1)

    def set_side(self, side: str | None) -> None:
        button = {WORKSPACE: self.keep_workspace, WORKBOOK: self.keep_workbook}.get(side or "")
        if button is not None:
            button.setChecked(True)


class ConflictsPanel(QWidget):
    """Every conflict of a plan; ``resolutions()`` maps ``(sheet, key)`` to the kept side.

    ``changed`` is emitted whenever a choice changes.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowChange] = []
        self._choices: dict[ConflictKey, _Choice] = {}
        self._items: dict[ConflictKey, QTreeWidgetItem] = {}
        self._resolutions: dict[ConflictKey, str] = {}

        self.explanation = QLabel(self.tr(
            "These rows were changed in the workspace and in the workbook since the workbook "
            "was exported. Choose which side to keep for each row."))
        self.explanation.setWordWrap(True)
        self.all_workspace = QPushButton(self.tr("Keep Workspace for All"))
        self.all_workbook = QPushButton(self.tr("Keep Workbook for All"))
        self.all_workspace.clicked.connect(lambda: self.resolve_all(WORKSPACE))
        self.all_workbook.clicked.connect(lambda: self.resolve_all(WORKBOOK))
        buttons = QHBoxLayout()
        buttons.addWidget(self.all_workspace)
        buttons.addWidget(self.all_workbook)
        buttons.addStretch(1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("import-conflicts")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([self.tr("Row / field"), self.tr("Workspace value"),
                                   self.tr("Workbook value"), self.tr("Keep")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        header.resizeSection(0, 260)
        header.resizeSection(3, _Choice().sizeHint().width() + 8)

        column = QVBoxLayout(self)
        column.addWidget(self.explanation)
        column.addLayout(buttons)
        column.addWidget(self.tree, 1)

    # --- content ----------------------------------------------------------------------

    def set_conflicts(self, rows: list[RowChange], keep: dict[ConflictKey, str] | None = None) -> None:
        """Show ``rows``; choices in ``keep`` for rows still in conflict are kept."""
        keep = keep or {}
        self._rows = list(rows)
        self._resolutions = {k: v for k, v in keep.items()
                             if any((r.sheet, r.key) == k for r in rows)}
        self._choices.clear()
        self._items.clear()
        self.tree.clear()
        for row in self._rows:
            key = (row.sheet, row.key)
            item = QTreeWidgetItem([row_title(row), "", "", ""])
            self.tree.addTopLevelItem(item)
            for change in row.changes:
                QTreeWidgetItem(item, [
                    field_label(row.sheet, change.field),
                    display_value(row.sheet, change.field, change.old),
                    display_value(row.sheet, change.field, change.new),
                    "",
                ])
            choice = _Choice()
            choice.chosen.connect(lambda side, k=key: self.resolve(k, side))
            self.tree.setItemWidget(item, 3, choice)
            item.setExpanded(True)
            self._choices[key] = choice
            self._items[key] = item
            if key in self._resolutions:
                choice.set_side(self._resolutions[key])
                self._emphasise(key)
        enabled = bool(self._rows)
        self.all_workspace.setEnabled(enabled)
        self.all_workbook.setEnabled(enabled)

    def resolve(self, key: ConflictKey, side: str) -> None:
        """Keep ``side`` ("workspace" or "workbook") for the conflict ``key``."""
        if side not in (WORKSPACE, WORKBOOK):
            raise ValueError(f"side must be 'workspace' or 'workbook', not {side!r}")
        if key not in self._choices:
            raise KeyError(f"no conflict {key!r} in this import")
        if self._resolutions.get(key) == side:
            return
        self._resolutions[key] = side
        self._choices[key].set_side(side)
        self._emphasise(key)
        self.changed.emit()

    def resolve_all(self, side: str) -> None:
        """Keep ``side`` for every conflict."""
        for key in list(self._choices):
            self.resolve(key, side)

    def resolutions(self) -> dict[ConflictKey, str]:
        """``{(sheet, key): "workspace" | "workbook"}`` for the rows chosen so far."""
        return dict(self._resolutions)

    def unresolved(self) -> int:
        """How many conflicts still need a choice."""
        return sum(1 for key in self._choices if key not in self._resolutions)

    def _emphasise(self, key: ConflictKey) -> None:
        item = self._items[key]
        side = self._resolutions.get(key)
        for i in range(item.childCount()):
            child = item.child(i)
            for column, wanted in ((1, WORKSPACE), (2, WORKBOOK)):
                font = QFont(child.font(column))
                font.setBold(side == wanted)
                font.setStrikeOut(side is not None and side != wanted)
                child.setFont(column, font)
        tip = {WORKSPACE: self.tr("The workspace's row stays as it is."),
               WORKBOOK: self.tr("The workbook's values replace the workspace's.")}.get(side or "")
        item.setToolTip(0, tip or self.tr("Choose which side to keep."))
        item.setData(0, Qt.ItemDataRole.AccessibleDescriptionRole, tip or "")
