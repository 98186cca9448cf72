"""The read-only parts of the import preview: counts per sheet, the rows that
would change (field by field, old → new) and the problems as ``Sheet!Cell: message``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from okrdesk.excel.plan import ImportPlan
from okrdesk.excel.report import Problem
from okrdesk.ui import icons, theme
from okrdesk.ui.excel.plan_text import COUNT_COLUMNS, display_value, field_label, row_title

#: Rows listed per sheet and status in the changes list; the report has them all.
LISTED_PER_SHEET = 2_000

_COUNT_HEADERS = {"new": "New", "changed": "Changed", "unchanged": "Unchanged",
                  "conflict": "Conflicts", "delete": "Deletions"}
_STATUS_TEXT = {"new": "new", "changed": "changed", "conflict": "conflict", "delete": "delete"}


class CountsTable(QTableWidget):
    """One row per sheet: new / changed / unchanged / conflicts / deletions, then a total."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-counts")
        self.setColumnCount(1 + len(COUNT_COLUMNS))
        self.setHorizontalHeaderLabels(
            [self.tr("Sheet")] + [self.tr(_COUNT_HEADERS[s]) for s in COUNT_COLUMNS])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        for column in range(1, self.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def set_plan(self, plan: ImportPlan) -> None:
        counts = plan.counts()
        totals = dict.fromkeys(COUNT_COLUMNS, 0)
        self.setRowCount(len(counts) + 1)
        for row, (sheet, tally) in enumerate(counts.items()):
            self._fill(row, sheet, tally, bold=False)
            for status in COUNT_COLUMNS:
                totals[status] += tally.get(status, 0)
        self._fill(len(counts), self.tr("All sheets"), totals, bold=True)

    def count(self, sheet: str, status: str) -> int:
        """The number shown for ``sheet`` and ``status`` (for tests and accessibility)."""
        for row in range(self.rowCount()):
            if self.item(row, 0).text() == sheet:
                return int(self.item(row, 1 + COUNT_COLUMNS.index(status)).data(Qt.ItemDataRole.UserRole))
        raise KeyError(f"no sheet {sheet!r} in the counts table")

    def _fill(self, row: int, sheet: str, tally: dict[str, int], *, bold: bool) -> None:
        name = QTableWidgetItem(sheet)
        cells = [name]
        for status in COUNT_COLUMNS:
            n = tally.get(status, 0)
            cell = QTableWidgetItem(f"{n:,}" if n else "–")
            cell.setData(Qt.ItemDataRole.UserRole, n)
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if n and status == "conflict":
                cell.setForeground(QBrush(theme.status_colour("amber")))
            elif n and status == "delete":
                cell.setForeground(QBrush(theme.status_colour("red")))
            cells.append(cell)
        for column, cell in enumerate(cells):
            if bold:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            self.setItem(row, column, cell)


class ChangesTree(QTreeWidget):
    """Rows that would be written: changed rows with their fields (old → new), new
    rows and replace-mode deletions; conflicts have their own tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-changes")
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Row / field"), self.tr("Status"),
                              self.tr("Workspace now"), self.tr("After import")])
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        header = self.header()
        header.resizeSection(0, 280)
        header.resizeSection(1, 80)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def set_plan(self, plan: ImportPlan) -> int:
        """Show ``plan``'s changes; returns how many rows are listed."""
        self.clear()
        listed = 0
        for sheet, rows in plan.changes.items():
            shown: dict[str, int] = {}
            hidden: dict[str, int] = {}
            for row in rows:
                if row.status == "conflict":
                    continue
                if shown.get(row.status, 0) >= LISTED_PER_SHEET:
                    hidden[row.status] = hidden.get(row.status, 0) + 1
                    continue
                shown[row.status] = shown.get(row.status, 0) + 1
                listed += 1
                item = QTreeWidgetItem([row_title(row), self.tr(_STATUS_TEXT[row.status]), "", ""])
                if row.status == "delete":
                    item.setForeground(1, QBrush(theme.status_colour("red")))
                self.addTopLevelItem(item)
                for change in row.changes:
                    QTreeWidgetItem(item, [
                        field_label(sheet, change.field),
                        "",
                        display_value(sheet, change.field, change.old),
                        display_value(sheet, change.field, change.new),
                    ])
            for status, n in hidden.items():
                more = QTreeWidgetItem([self.tr("{sheet}: {n:,} more {status} rows (all are in "
                                                "the report)").format(sheet=sheet, n=n,
                                                                      status=_STATUS_TEXT[status])])
                more.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.addTopLevelItem(more)
        if listed <= 200:
            self.expandAll()
        return listed


class ProblemsList(QListWidget):
    """Every problem as ``Sheet!Cell: message``, errors first, with an icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import-problems")
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)

    def set_problems(self, problems: list[Problem]) -> None:
        self.clear()
        ordered = [p for p in problems if p.severity == "error"] + [
            p for p in problems if p.severity != "error"]
        error_icon = icons.icon("circle-alert", theme.status_colour("red").name())
        warning_icon = icons.icon("triangle-alert", theme.status_colour("amber").name())
        for problem in ordered:
            item = QListWidgetItem(error_icon if problem.severity == "error" else warning_icon,
                                   str(problem))
            item.setData(Qt.ItemDataRole.UserRole, problem.severity)
            item.setToolTip(self.tr("Error: blocks the import") if problem.severity == "error"
                            else self.tr("Warning: the import can go ahead"))
            self.addItem(item)

    def texts(self) -> list[str]:
        """The lines shown, in order."""
        return [self.item(i).text() for i in range(self.count())]
