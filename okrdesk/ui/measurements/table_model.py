"""The table of one KPI's measurements: date, value, note, source; edits go through a callback.

A thin adapter (CRAFT.md): ``setData`` hands the typed text to ``edit``, which
checks it and pushes an undoable edit; the model never changes its rows itself.
``refresh`` brings the rows in line with the store after any change with
fine-grained signals (rows removed, inserted or changed), never a reset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt

from okrdesk.domain.entities import Measurement

Index = QModelIndex | QPersistentModelIndex
DATE, VALUE, NOTE, SOURCE = range(4)
HEADERS = ("Date", "Value", "Note", "Source")
#: ``edit(row, column, text) -> error message or None``
EditCallback = Callable[[int, int, str], "str | None"]


def number_text(value: float, locale: QLocale | None = None) -> str:
    """``value`` in full precision with the locale's decimal mark and grouping ("1,234.5")."""
    locale = locale or QLocale()
    text = f"{value:.15g}"
    if "e" in text:
        return locale.toString(value, "g", 15)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return locale.toString(value, "f", decimals)


def date_text(day: dt.date) -> str:
    """A date as the table shows it: "31 Jan 2027"."""
    return f"{day:%d %b %Y}"


class MeasurementTableModel(QAbstractTableModel):
    """Rows of measurements sorted by date."""

    def __init__(self, unit: str = "", edit: EditCallback | None = None, read_only: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.unit = unit
        self._edit = edit
        self._read_only = read_only
        self._rows: list[Measurement] = []
        self.last_error: str | None = None

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Number of measurements (a table: no children)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        """Date, value, note, source."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        """Column titles (the value's with its unit) and row numbers."""
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == VALUE and self.unit:
                return f"Value ({self.unit})"
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        """Display text, edit text, alignment and tooltips of a cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (date_text(m.date), number_text(m.value), m.note, m.source)[column]
        if role == Qt.ItemDataRole.EditRole:
            return (m.date.isoformat(), number_text(m.value), m.note, m.source)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DATE, VALUE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTE and m.note:
            return m.note
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Date, value and note are editable (unless read-only); the source is not."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() != SOURCE and not self._read_only and self._edit is not None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """Hand the typed text to the edit callback; False (and ``last_error``) when refused."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self._edit is None:
            return False
        self.last_error = self._edit(index.row(), index.column(), "" if value is None else str(value))
        return self.last_error is None

    # ------------------------------------------------------------------ rows

    def measurement(self, row: int) -> Measurement:
        """The measurement shown in ``row``."""
        return self._rows[row]

    def measurements(self) -> list[Measurement]:
        """Every row, by date."""
        return list(self._rows)

    def row_of(self, day: dt.date) -> int:
        """The row of ``day`` (-1 when absent)."""
        for i, m in enumerate(self._rows):
            if m.date == day:
                return i
        return -1

    def refresh(self, measurements: Sequence[Measurement]) -> None:
        """Show ``measurements`` (any order), emitting removals, insertions and changes only."""
        new = sorted(measurements, key=lambda m: m.date)
        wanted = {m.date for m in new}
        # Removals, from the bottom so the row numbers stay valid.
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].date not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
        # Insertions and changes, walking both sorted lists.
        for i, m in enumerate(new):
            if i < len(self._rows) and self._rows[i].date == m.date:
                if self._rows[i] != m:
                    self._rows[i] = m
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))
                continue
            self.beginInsertRows(QModelIndex(), i, i)
            self._rows.insert(i, m)
            self.endInsertRows()
