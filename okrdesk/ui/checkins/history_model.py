"""The check-in history of one key result as a read-only table model, newest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from okrdesk.domain.entities import CheckIn
from okrdesk.ui.okr_board.formatting import format_confidence, format_value

HEADERS = ("Date", "Value", "Confidence", "Comment", "Author")
Index = QModelIndex | QPersistentModelIndex


class CheckInHistoryModel(QAbstractTableModel):
    """Date, value, confidence, comment and author of every check-in (newest first)."""

    def __init__(self, check_ins: list[CheckIn], unit: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = sorted(check_ins, key=lambda c: (c.date, c.id), reverse=True)
        self._unit = unit

    def check_in(self, row: int) -> CheckIn:
        """The check-in shown on ``row``."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Number of check-ins (0 under any item: a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Five columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts in the user's locale; numbers right-aligned; the full comment as tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ci = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (ci.date.isoformat(), format_value(ci.value, self._unit), format_confidence(ci.confidence),
                    " ".join(ci.comment.split()), ci.author)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and ci.comment:
            return ci.comment
        return None
