"""The raw cells of a sheet as Excel shows them: row numbers down the side, column
letters across the top, the header row highlighted and title rows above it dimmed.

``GridModel`` is a light read-only table model over a ``Grid`` (no copy of the
cells; text is made only for the cells on screen), so a sheet of 200,000 rows
scrolls as fast as a small one. The columns chosen for the KPI, date, value and
note carry that role in their header (``B · KPI``) and a faint tint. A cell reported
on the last page (a skipped row, a problem) can be marked (``set_marked``): it is
drawn in the warning colour, with its whole row tinted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from okrdesk.excel.foreign import Grid
from okrdesk.excel.report import column_letter
from okrdesk.ui import theme
from okrdesk.ui.value_import.state import cell_text

Index = QModelIndex | QPersistentModelIndex
#: Words shown in a column header for the column's role in the import.
ROLE_WORDS = {"label_column": "KPI", "date_column": "Date", "value_column": "Value",
              "note_column": "Note"}
#: Role of a cell: "title" (above the header row), "header" or "data".
RowKindRole = Qt.ItemDataRole.UserRole + 1


class GridModel(QAbstractTableModel):
    """A ``Grid`` for a ``QTableView`` (module notes)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: Grid | None = None
        self.header_row = 1  # Excel row number
        self.roles: dict[int, str] = {}  # column -> role word
        self.marked: tuple[int, int | None] | None = None  # 0-based (row, column or None)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_grid(self, grid: Grid | None, header_row: int = 1) -> None:
        self.beginResetModel()
        self.grid = grid
        self.header_row = header_row
        self.roles = {}
        self.marked = None
        self.endResetModel()

    def set_marked(self, row: int | None, col: int | None = None) -> None:
        """Mark the 0-based cell ``(row, col)`` (``col`` None: the whole row; ``row``
        None: nothing)."""
        old, self.marked = self.marked, (None if row is None else (row, col))
        last = self.columnCount() - 1
        for mark in (old, self.marked):
            if mark is not None and 0 <= mark[0] < self.rowCount() and last >= 0:
                self.dataChanged.emit(self.index(mark[0], 0), self.index(mark[0], last))

    def mark_of(self, row: int, col: int) -> str:
        """``cell`` (the marked cell), ``row`` (its row) or ""."""
        if self.marked is None or self.marked[0] != row:
            return ""
        return "cell" if self.marked[1] is None or self.marked[1] == col else "row"
    def set_header_row(self, row: int) -> None:
        """Highlight Excel row ``row`` as the header row (and dim the rows above it)."""
        if row == self.header_row or self.grid is None:
            self.header_row = row
            return
        old = self.header_row
        self.header_row = row
        top, bottom = min(old, row) - 1, max(old, row) - 1
        self.dataChanged.emit(self.index(0, 0), self.index(max(bottom, top), self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, max(bottom, top))

    def set_roles(self, roles: dict[int, str]) -> None:
        """Mark columns with their role in the import (column -> ``KPI``/``Date``/...)."""
        if roles == self.roles:
            return
        self.roles = dict(roles)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1),
                                  [Qt.ItemDataRole.BackgroundRole])

    # --- Qt model ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() or self.grid is None else self.grid.height

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() or self.grid is None else self.grid.width

    def row_kind(self, row: int) -> str:
        """``title``, ``header`` or ``data`` for 0-based ``row``."""
        if row < self.header_row - 1:
            return "title"
        return "header" if row == self.header_row - 1 else "data"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row, col = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return cell_text(self.grid.rows[row][col])
        if role == RowKindRole:
            return self.row_kind(row)
        kind = self.row_kind(row)
        colours = theme.current()
        if role == Qt.ItemDataRole.ForegroundRole:
            if kind == "title":
                return QBrush(QColor(colours.faint_ink))
            if kind == "header":
                return QBrush(QColor(colours.accent))
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            mark = self.mark_of(row, col)
            if mark:
                amber = QColor(theme.status_colour("amber"))
                amber.setAlpha(150 if mark == "cell" else 45)
                return QBrush(amber)
            if kind == "header":
                return QBrush(QColor(colours.accent_tint))
            if col in self.roles and kind == "data":
                return QBrush(QColor(colours.sunken if colours.name == "dark" else "#F5F8FE"))
            return None
        if role == Qt.ItemDataRole.FontRole and (kind == "header" or self.mark_of(row, col) == "cell"):
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.grid.rows[row][col]
            if isinstance(value, int | float) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                letter = column_letter(section)
                word = self.roles.get(section)
                return f"{letter} · {word}" if word else letter
            return str(section + 1)
        if role == Qt.ItemDataRole.FontRole and (
                (orientation == Qt.Orientation.Horizontal and section in self.roles)
                or (orientation == Qt.Orientation.Vertical and section == self.header_row - 1)):
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and orientation == Qt.Orientation.Vertical:
            if section == self.header_row - 1:
                return QBrush(QColor(theme.current().accent))
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical:
            return (self.tr("The header row") if section == self.header_row - 1
                    else self.tr("Click a row to make it the header row"))
        return None
