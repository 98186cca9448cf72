"""The second page of the Import values wizard: the table in the sheet.

The raw grid as Excel shows it (``GridModel``, merged cells spanning); a click on
a row makes it the header row (title rows above it are dimmed); the layout — one
row per value, one row per KPI with a column per period, or one column per KPI
with a date column — and the columns it needs are detected and can be changed;
so can the date order and the decimal mark. What the dates read as is shown
(``Jan-27`` → ``Jan 2027``), and period columns are named in the grid's header.
``show_place("Sheet!C7")`` scrolls to a cell reported on the last page and marks
it (the wizard comes back here when such a place is clicked).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.foreign import Grid
from okrdesk.excel.report import column_letter
from okrdesk.ui.value_import.grid_model import ROLE_WORDS, GridModel
from okrdesk.ui.value_import.page_base import MessageLine, WizardPage
from okrdesk.ui.value_import.pages_source import heading
from okrdesk.ui.value_import.state import COLUMN_FIELDS, LAYOUT_FIELDS, WizardState

LAYOUT_TEXTS = {
    "wide": ("One row per KPI, a column per month or period",
             "Revenue | Jan 2027 | Feb 2027 | … — typical of accounting exports"),
    "long": ("One row per value",
             "KPI | Date | Value | Note — typical of CRM and database exports"),
    "columns": ("One column per KPI, a row per date",
                "Date | Revenue | Churn | … — typical of BI time series"),
}
COLUMN_WORDS = {"label_column": "KPI names", "date_column": "Dates", "value_column": "Values",
                "note_column": "Notes (optional)"}
MAX_SPANS = 2_000
GRAIN_WORDS = {"month": "months", "quarter": "quarters", "half": "half-years", "year": "years",
               "day": "dates"}


class LayoutPage(WizardPage):
    """Header row, layout, columns and dates (module notes)."""

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(
            "Find the table",
            "Click the row that holds the column headers; rows above it are left out. Check the "
            "layout and the columns okrdesk found, and change them if they are wrong.", parent)
        self.state = state
        self.model = GridModel(self)
        self.view = QTableView()
        self.view.setObjectName("raw-grid")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setShowGrid(True)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        vertical = self.view.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        vertical.setSectionsClickable(True)
        vertical.sectionClicked.connect(lambda row: self.set_header_row(row + 1))
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.clicked.connect(self._cell_clicked)
        self.view.setCursor(Qt.CursorShape.PointingHandCursor)

        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1)
        self.header_row.setMinimumWidth(90)
        self.header_row.setToolTip("Type the row number, or click the row in the sheet")
        self.header_row.setAccessibleName("Header row")
        self.header_row.valueChanged.connect(self._header_spin_changed)

        self.layout_group = QButtonGroup(self)
        layouts = QVBoxLayout()
        layouts.setSpacing(2)
        self.layout_buttons: dict[str, QRadioButton] = {}
        for key, (text, example) in LAYOUT_TEXTS.items():
            button = QRadioButton(text)
            button.setToolTip(example)
            self.layout_group.addButton(button)
            self.layout_buttons[key] = button
            button.toggled.connect(lambda on, k=key: on and self.set_layout(k))
            hint = QLabel(example)
            hint.setObjectName("Muted")
            hint.setContentsMargins(24, 0, 0, 6)
            hint.setWordWrap(True)
            layouts.addWidget(button)
            layouts.addWidget(hint)

        self.columns: dict[str, QComboBox] = {}
        columns_form = QFormLayout()
        for name in COLUMN_FIELDS:
            combo = QComboBox()
            combo.setMinimumWidth(180)
            combo.activated.connect(lambda _i, n=name: self._column_chosen(n))
            self.columns[name] = combo
            columns_form.addRow(COLUMN_WORDS[name], combo)

        self.day_first = QComboBox()
        self.day_first.addItem("Decide from the file", None)
        self.day_first.addItem("Day first — 31/01/2027", True)
        self.day_first.addItem("Month first — 01/31/2027", False)
        self.day_first.activated.connect(lambda _i: self._option("day_first", self.day_first))
        self.decimal = QComboBox()
        self.decimal.addItem("Decide from the file", None)
        self.decimal.addItem("Point — 1,234.56", False)
        self.decimal.addItem("Comma — 1.234,56", True)
        self.decimal.activated.connect(lambda _i: self._option("decimal_comma", self.decimal))
        self.dates_found = QLabel()
        self.dates_found.setWordWrap(True)
        self.dates_found.setObjectName("dates-found")
        numbers_form = QFormLayout()
        numbers_form.addRow("Date order", self.day_first)
        numbers_form.addRow("Decimal mark", self.decimal)

        side = QVBoxLayout()
        side.setSpacing(8)
        header_row = QHBoxLayout()
        header_row.addWidget(heading("Header row"))
        header_row.addStretch(1)
        header_row.addWidget(self.header_row)
        side.addLayout(header_row)
        side.addWidget(heading("Layout"))
        side.addLayout(layouts)
        side.addWidget(heading("Columns"))
        side.addLayout(columns_form)
        side.addWidget(heading("Dates and numbers"))
        side.addLayout(numbers_form)
        side.addWidget(self.dates_found)
        side.addStretch(1)
        panel = QWidget()
        panel.setObjectName("layout-panel")
        panel.setLayout(side)
        panel.setFixedWidth(380)
        self.panel = panel

        self.place_note = MessageLine()
        self.place_note.setObjectName("place-note")
        grid_column = QVBoxLayout()
        grid_column.setSpacing(4)
        grid_column.addWidget(self.place_note)
        grid_column.addWidget(self.view, 1)
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addLayout(grid_column, 1)
        row.addWidget(panel)
        self.body.addLayout(row, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        grid = self.state.grid
        assert grid is not None and self.state.spec is not None
        self.model.set_grid(grid, self.state.spec.header_row)
        self.view.clearSpans()
        for rng in grid.merged[:MAX_SPANS]:  # merged cells span as in Excel
            self.view.setSpan(rng.top, rng.left, rng.bottom - rng.top + 1, rng.right - rng.left + 1)
        self.header_row.blockSignals(True)
        self.header_row.setRange(1, max(1, grid.height))
        self.header_row.blockSignals(False)
        self.place_note.show_message("")
        self.refresh()
        self.view.scrollTo(self.model.index(max(0, self.state.spec.header_row - 3), 0),
                           QAbstractItemView.ScrollHint.PositionAtTop)

    def show_place(self, place: str) -> bool:
        """Scroll to the cell ``place`` (``Sheet!C7``, or a row ``Sheet!7``) and mark it;
        False when it is not a cell of this sheet."""
        grid = self.state.grid
        at = Grid.index_of(place)
        sheet = place.rsplit("!", 1)[0].strip("'") if "!" in place else None
        if grid is None or at is None or (sheet is not None and sheet != grid.sheet):
            return False
        row, col = at
        if not (0 <= row < grid.height) or (col is not None and not 0 <= col < grid.width):
            return False
        self.model.set_marked(row, col)
        index = self.model.index(row, col if col is not None else 0)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.place_note.show_message(
            f"{place} is marked in the sheet — reported on the “Check and apply” page. Change "
            "the choices here if it was read wrongly, then click Next to see the check again.",
            "note")
        return True

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override (Back to the first page)
        self.model.set_marked(None)
        self.place_note.show_message("")

    # --- choices ------------------------------------------------------------------------

    def _cell_clicked(self, index: QModelIndex) -> None:
        self.set_header_row(index.row() + 1)

    def _header_spin_changed(self, value: int) -> None:
        if self.state.spec is not None and value != self.state.spec.header_row:
            self.set_header_row(value)

    def set_header_row(self, row: int) -> None:
        """Make Excel row ``row`` the header row (columns, and layout unless chosen, again)."""
        self.state.set_header_row(row)
        self.refresh()

    def set_layout(self, layout: str) -> None:
        if self.state.spec is not None and (layout != self.state.spec.layout or not self.state.layout_forced):
            self.state.set_layout(layout)
            self.refresh()

    def set_column(self, name: str, column: int | None) -> None:
        """Use 0-based ``column`` (None: none) as ``name`` (``label_column``...)."""
        self.state.set_column(name, column)
        self.refresh()

    def _column_chosen(self, name: str) -> None:
        self.set_column(name, self.columns[name].currentData())

    def _option(self, name: str, combo: QComboBox) -> None:
        self.state.set_option(**{name: combo.currentData()})
        self.refresh()

    # --- display ------------------------------------------------------------------------

    def refresh(self) -> None:
        spec = self.state.spec
        assert spec is not None
        self.model.set_header_row(spec.header_row)
        self.header_row.blockSignals(True)
        self.header_row.setValue(spec.header_row)
        self.header_row.blockSignals(False)
        for key, button in self.layout_buttons.items():
            button.blockSignals(True)
            button.setChecked(spec.layout == key)
            button.blockSignals(False)
        headers = self.state.headers()
        used = LAYOUT_FIELDS[spec.layout]
        roles: dict[int, str] = {}
        for name, combo in self.columns.items():
            combo.blockSignals(True)
            combo.clear()
            if name == "note_column":
                combo.addItem("None", None)
            elif self.state.column_of(name) is None:
                combo.addItem("Choose a column…", None)
            for c, text in enumerate(headers):
                letter = column_letter(c)
                combo.addItem(f"{letter}: {text}" if text else letter, c)
            chosen = self.state.column_of(name) if name in used else None
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen is not None else 0)
            combo.setEnabled(name in used)
            combo.blockSignals(False)
            if chosen is not None:
                roles[chosen] = ROLE_WORDS[name]
        for col, period in self.state.period_columns():
            roles.setdefault(col, period.label())
        self.model.set_roles(roles)
        self.day_first.setCurrentIndex(self.day_first.findData(spec.day_first))
        self.decimal.setCurrentIndex(self.decimal.findData(spec.decimal_comma))
        self._show_dates()
        self.completeChanged.emit()

    def _show_dates(self) -> None:
        spec = self.state.spec
        assert spec is not None
        examples, count, grain = self.state.date_summary()
        missing = spec.missing_fields()
        if missing:
            words = ", ".join(COLUMN_WORDS[m].split(" (")[0].lower() for m in missing)
            self.error.show_message(f"Choose the column of the {words}.", "warning")
        else:
            self.error.show_message("")
        if not count:
            where = ("no column header reads as a month or period (such as Jan 2027, 2027-01, "
                     "Q1 2027)") if spec.layout == "wide" else "no cell of the date column reads as a date"
            self.dates_found.setText(f"<b>Dates:</b> {where}. Check the header row and the layout.")
            return
        what = GRAIN_WORDS.get(grain, "dates")
        shown = "<br>".join(f"“{raw}” → {read}" for raw, read in examples)
        if spec.layout == "wide":
            lead = f"{count:,} columns read as {what}"
        else:
            lead = f"{count:,} rows with {what}" + (" (first 500 rows looked at)" if count >= 500 else "")
        self.dates_found.setText(f"<b>Dates found:</b> {lead}, for example:<br>{shown}")

    def set_controls_enabled(self, enabled: bool) -> None:
        self.panel.setEnabled(enabled)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        spec = self.state.spec
        return not self.busy and spec is not None and not spec.missing_fields()

