"""The measurement table of one KPI: add, change, delete, paste from Excel; every step undoable.

Non-modal (``show()``), so tests and users drive it without a nested event
loop. Formula nodes get an explanation instead of a table: their values are
computed from the nodes below them.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from okrdesk import palette
from okrdesk.domain.entities import FormulaKind, KpiNode, Status
from okrdesk.excel.parsing import ParseError
from okrdesk.store.errors import ValidationError
from okrdesk.store.readmodels.tree import TreeReadModel
from okrdesk.ui import icons
from okrdesk.ui.fonts import body_font, title_font
from okrdesk.ui.measurements.edits import MeasurementEdits
from okrdesk.ui.measurements.paste import COLUMN_NAMES, PasteResult, parse_one_date, parse_one_value, parse_pasted_rows
from okrdesk.ui.measurements.table_model import DATE, NOTE, VALUE, MeasurementTableModel

_FORMULA_WORDS = {
    FormulaKind.SUM: "the sum of", FormulaKind.AVERAGE: "the average of", FormulaKind.PRODUCT: "the product of",
    FormulaKind.RATIO: "the ratio of", FormulaKind.WEIGHTED_SUM: "the weighted sum of",
    FormulaKind.EXPRESSION: "a formula over",
}


def locale_hints(locale: QLocale | None = None) -> tuple[bool, bool]:
    """(decimal comma, day before month) of the user's locale: the fallbacks of a paste."""
    locale = locale or QLocale()
    short = locale.dateFormat(QLocale.FormatType.ShortFormat).lower()
    return locale.decimalPoint() == ",", short.find("d") < short.find("m")


class MeasurementDialog(QDialog):
    """Edit ``node``'s measurements; ``tree`` names the children of a formula node."""

    def __init__(self, ctx, node: KpiNode, tree: TreeReadModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.node = node
        self.edits = MeasurementEdits(ctx.service, ctx.undo_stack, node)
        self.decimal_comma, self.day_first = locale_hints()
        self.last_paste: PasteResult | None = None
        self.setWindowTitle(f"Values of {node.code} {node.name}")
        self.setObjectName("MeasurementDialog")
        self.resize(760, 620)

        title = QLabel(f"{node.code}  {node.name}")
        title.setFont(title_font(1))
        unit = f"Unit: {node.unit}.  " if node.unit else ""
        hint = QLabel(f"{unit}Paste rows copied from Excel (date, value, optional note): dates and numbers "
                      "are read in any common format. Every change can be undone.")
        hint.setObjectName("Muted")
        hint.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._table_page())
        self.pages.addWidget(self._formula_page(tree))
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        computed = FormulaKind(node.formula) != FormulaKind.NONE
        self.pages.setCurrentIndex(1 if computed else 0)
        hint.setVisible(not computed)
        if computed:
            self.resize(560, 240)
        ctx.undo_stack.indexChanged.connect(self._store_changed)
        self.refresh()

    # ------------------------------------------------------------------ pages

    def _table_page(self) -> QWidget:
        read_only = bool(self.ctx.read_only)
        self.model = MeasurementTableModel(self.node.unit, self._edit_cell, read_only, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(f"Measurements of {self.node.code}")

        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd MMM yyyy")
        today = self.ctx.today
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setAccessibleName("Date of the new value")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("Value")
        self.value_edit.setAccessibleName("New value")
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (optional)")
        self.note_edit.setAccessibleName("Note of the new value")
        self.add_button = QPushButton(icons.icon("plus"), "Add")
        self.add_button.clicked.connect(self.add_from_fields)
        self.value_edit.returnPressed.connect(self.add_from_fields)
        add_row = QHBoxLayout()
        add_row.addWidget(self.date_edit)
        add_row.addWidget(self.value_edit)
        add_row.addWidget(self.note_edit, 1)
        add_row.addWidget(self.add_button)

        self.delete_button = QPushButton(icons.icon("trash-2"), "Delete")
        self.delete_button.setToolTip("Delete the selected rows (Del)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.paste_button = QPushButton(icons.icon("clipboard-copy"), "Paste from Excel")
        self.paste_button.setToolTip("Add the rows on the clipboard: date, value and an optional note (Ctrl+V)")
        self.paste_button.clicked.connect(lambda: self.paste_text(QGuiApplication.clipboard().text()))
        self.undo_button = QPushButton(icons.icon("undo-2"), "Undo")
        self.undo_button.clicked.connect(self.ctx.undo_stack.undo)
        self.redo_button = QPushButton(icons.icon("redo-2"), "Redo")
        self.redo_button.clicked.connect(self.ctx.undo_stack.redo)
        for widget in (self.add_button, self.delete_button, self.paste_button):
            widget.setEnabled(not read_only)
        tools = QHBoxLayout()
        tools.addWidget(self.paste_button)
        tools.addWidget(self.delete_button)
        tools.addStretch(1)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.redo_button)
        for key, slot in ((QKeySequence.StandardKey.Paste, lambda: self.paste_text(QGuiApplication.clipboard().text())),
                          (QKeySequence.StandardKey.Delete, self.delete_selected),
                          (QKeySequence.StandardKey.Undo, self.ctx.undo_stack.undo),
                          (QKeySequence.StandardKey.Redo, self.ctx.undo_stack.redo)):
            action = QAction(self)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setFont(body_font(9.5))
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setAccessibleName("Pasted rows with problems")
        self.preview.setMaximumHeight(180)
        self.preview.hide()

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.message)
        layout.addWidget(self.preview)
        return page

    def _formula_page(self, tree: TreeReadModel | None) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        kind = FormulaKind(self.node.formula)
        words = _FORMULA_WORDS.get(kind, "a formula over")
        if kind == FormulaKind.EXPRESSION and self.node.expression.strip():
            words = f"the formula {self.node.expression.strip()} over"
        children = tree.children(self.node.id) if tree is not None and self.node.id in tree.ids else []
        names = ", ".join(f"{r.node.code} {r.node.name}" for r in children) or "the nodes below it"
        self.formula_label = QLabel(
            f"The values of {self.node.code} are computed: {words} {names}.\n\n"
            "Enter values on those nodes instead (choose one in the Trends list and press “Edit values…”). "
            "To type this node's values yourself, set its formula to “none” in the KPI tree."
        )
        self.formula_label.setWordWrap(True)
        layout.addWidget(self.formula_label)
        layout.addStretch(1)
        return page

    def is_computed(self) -> bool:
        """Whether the dialog explains a formula node instead of showing a table."""
        return self.pages.currentIndex() == 1

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Read the node's measurements again (after any edit, undo or redo)."""
        if not self.is_computed():
            self.model.refresh(self.edits.measurements())
        self.undo_button.setEnabled(self.ctx.undo_stack.canUndo())
        self.redo_button.setEnabled(self.ctx.undo_stack.canRedo())

    def _store_changed(self, _index: int) -> None:
        self.refresh()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        """Stop following the undo stack once closed."""
        with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
            self.ctx.undo_stack.indexChanged.disconnect(self._store_changed)
        super().closeEvent(event)

    def _say(self, text: str, problem: bool = False) -> None:
        colour = palette.STATUS_COLOURS[Status.RED] if problem else palette.MUTED_INK
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)

    # ------------------------------------------------------------------ edits

    def add_from_fields(self) -> bool:
        """Add the value typed in the bottom row; False (and a message) when it cannot be read."""
        day = self.date_edit.date().toPython()
        try:
            value = parse_one_value(self.value_edit.text(), unit=self.node.unit, decimal_comma=self.decimal_comma)
            self.edits.add(day, value, self.note_edit.text().strip())
        except (ParseError, ValidationError) as exc:
            self._say(f"Value: {exc}", problem=True)
            return False
        self.value_edit.clear()
        self.note_edit.clear()
        self._say(f"Added the value of {day:%d %b %Y}.")
        self.table.scrollTo(self.model.index(self.model.row_of(day), 0))
        return True

    def _edit_cell(self, row: int, column: int, text: str) -> str | None:
        old = self.model.measurement(row)
        day, value, note = old.date, old.value, old.note
        try:
            if column == DATE:
                day = parse_one_date(text, day_first=self.day_first)
                if day != old.date and self.model.row_of(day) >= 0:
                    raise ParseError(f"{day:%d %b %Y} already has a value: change that row instead")
            elif column == VALUE:
                value = parse_one_value(text, unit=self.node.unit, decimal_comma=self.decimal_comma)
            elif column == NOTE:
                note = text.strip()
            self.edits.change(old, day, value, note)
        except (ParseError, ValidationError) as exc:
            message = f"Row {row + 1}, {COLUMN_NAMES[column]}: {exc}"
            self._say(message, problem=True)
            return message
        self._say("")
        return None

    def selected_dates(self) -> list[dt.date]:
        """Dates of the selected rows."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.model.measurement(r).date for r in sorted(rows)]

    def delete_selected(self) -> None:
        """Delete the selected rows as one step."""
        days = self.selected_dates()
        if not days or self.ctx.read_only:
            return
        self.edits.delete(days)
        self._say(f"Deleted {len(days)} value{'s' if len(days) != 1 else ''}. Undo brings them back.")

    def paste_text(self, text: str) -> PasteResult | None:
        """Read a pasted block; apply it whole as one step, or show every bad cell and apply nothing."""
        if self.ctx.read_only or self.is_computed():
            return None
        result = parse_pasted_rows(text, unit=self.node.unit, decimal_comma=self.decimal_comma, day_first=self.day_first)
        self.last_paste = result
        if not result.rows and not result.errors:
            self._say("The clipboard holds no rows. Copy two or three columns in Excel: date, value, note.", True)
            self.preview.hide()
            return result
        if result.errors:
            n = len(result.errors)
            self._say(f"Nothing was pasted: {n} cell{'s' if n != 1 else ''} cannot be read "
                      f"(red below; hover for why). First: {result.errors[0]}", problem=True)
            self._show_preview(result)
            return result
        try:
            self.edits.paste(result.rows)
        except ValidationError as exc:
            self._say(f"Nothing was pasted: {exc}", problem=True)
            return result
        self.preview.hide()
        n = len(result.rows)
        self._say(f"Pasted {n} value{'s' if n != 1 else ''}" + (" (first line taken as titles)" if result.header_skipped else "")
                  + ". Undo takes the whole paste back.")
        return result

    def _show_preview(self, result: PasteResult) -> None:
        width = max((len(r) for r in result.cells), default=2)
        self.preview.clear()
        self.preview.setRowCount(len(result.cells))
        self.preview.setColumnCount(max(width, 2))
        self.preview.setHorizontalHeaderLabels([COLUMN_NAMES[i] if i < 3 else f"Column {i + 1}" for i in range(max(width, 2))])
        bad = QBrush(QColor(palette.STATUS_TINTS[Status.RED]))
        for r, cells in enumerate(result.cells):
            for c in range(max(width, 2)):
                item = QTableWidgetItem(cells[c] if c < len(cells) else "")
                error = result.error_at(r, c)
                if error is not None:
                    item.setBackground(bad)
                    item.setForeground(QBrush(QColor(palette.STATUS_COLOURS[Status.RED])))
                    item.setToolTip(error.message)
                    if not item.text():
                        item.setText("⚠ " + error.message)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        self.preview.show()
