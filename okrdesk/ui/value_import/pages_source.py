"""The first two pages of the Import values wizard: the file and sheet, then the
table in it (header row, layout, columns, dates).

* ``FilePage``: pick an ``.xlsx``, ``.xlsm`` or ``.csv`` file and a sheet; a
  CSV's detected encoding, delimiter and decimal mark are shown and can be
  corrected (the file is read again with them).
* ``LayoutPage``: the raw grid as Excel shows it (``GridModel``); a click on a
  row makes it the header row (title rows above it are dimmed); the layout —
  one row per value, one row per KPI with a column per period, or one column per
  KPI with a date column — and the columns it needs are detected and can be
  changed; so can the date order and the decimal mark. What the dates read as
  is shown (``Jan-27`` → ``Jan 2027``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.foreign import DELIMITERS, ENCODINGS, CsvFormat
from okrdesk.excel.report import column_letter
from okrdesk.ui import icons
from okrdesk.ui.value_import.grid_model import ROLE_WORDS, GridModel
from okrdesk.ui.value_import.page_base import WizardPage
from okrdesk.ui.value_import.start_panel import StartPanel
from okrdesk.ui.value_import.state import COLUMN_FIELDS, LAYOUT_FIELDS, WizardState

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.tsv *.xls);;All files (*)"
DELIMITER_NAMES = {";": "Semicolon ( ; )", ",": "Comma ( , )", "\t": "Tab", "|": "Bar ( | )"}
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


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class FilePage(WizardPage):
    """Choose the file and the sheet (module notes)."""

    loaded = Signal()  # a sheet was read (tests wait on it)

    def __init__(self, state: WizardState, parent: QWidget | None = None) -> None:
        super().__init__(
            "Choose the file",
            "Values exported from an accounting, CRM, HR or BI system: an Excel workbook "
            "(.xlsx, .xlsm) or a CSV file. Nothing is changed until the last step.", parent)
        self.state = state
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("No file chosen yet")
        self.browse = QPushButton(icons.icon("folder-open"), "Choose File…")
        self.browse.clicked.connect(self.browse_dialog)
        pick = QHBoxLayout()
        pick.addWidget(self.path_edit, 1)
        pick.addWidget(self.browse)

        self.sheet = QComboBox()
        self.sheet.setMinimumWidth(260)
        self.sheet.activated.connect(lambda _i: self._sheet_chosen())
        self.sheet_label = QLabel("Sheet")
        self.size_label = QLabel()
        self.size_label.setObjectName("Muted")

        self.encoding = QComboBox()
        for name in ENCODINGS:
            self.encoding.addItem(name, name)
        self.delimiter = QComboBox()
        for value in DELIMITERS:
            self.delimiter.addItem(DELIMITER_NAMES.get(value, repr(value)), value)
        self.decimal = QComboBox()
        self.decimal.addItem("Point — 1,234.56", False)
        self.decimal.addItem("Comma — 1.234,56", True)
        for combo in (self.encoding, self.delimiter, self.decimal):
            combo.activated.connect(lambda _i: self._csv_format_chosen())
        self.detected = QLabel()
        self.detected.setObjectName("Muted")
        self.csv_box = QGroupBox("How the CSV file is written")
        form = QFormLayout(self.csv_box)
        form.addRow("Encoding", self.encoding)
        form.addRow("Separator", self.delimiter)
        form.addRow("Decimal mark", self.decimal)
        form.addRow("", self.detected)
        self.csv_box.hide()

        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_label)
        sheet_row.addWidget(self.sheet)
        sheet_row.addWidget(self.size_label, 1)
        self.body.addWidget(_heading("File"))
        self.body.addLayout(pick)
        self.body.addLayout(sheet_row)
        self.body.addWidget(self.csv_box)
        self.body.addSpacing(8)
        self.start_panel = StartPanel(state.service)
        self.body.addWidget(self.start_panel, 1)
        self._sheet_widgets_visible(False)

    # --- actions ------------------------------------------------------------------------

    def browse_dialog(self) -> None:
        folder = str(self.state.path.parent) if self.state.path else str(self.start_folder())
        path, _ = QFileDialog.getOpenFileName(self, "Import Values", folder, FILE_FILTER)
        if path:
            self.load_file(path)

    def start_folder(self) -> Path:
        wizard = self.wizard()
        folder = getattr(wizard, "start_folder", None)
        return folder if folder is not None else Path.home()

    def load_file(self, path: str | Path, csv_format: CsvFormat | None = None) -> None:
        """Open ``path`` and read its first sheet (the profile's, when opened from one)."""
        path = Path(path)
        self.path_edit.setText(str(path))
        state = self.state

        def work() -> None:
            state.open(path, csv_format)
            state.load_sheet(state.default_sheet())

        self.start(work, lambda _r: self._loaded(),
                   f"Reading {path.name}…", failed=lambda _m: self._sheet_widgets_visible(False))

    def _sheet_chosen(self) -> None:
        name = self.sheet.currentText()
        if self.state.grid is not None and name == self.state.grid.sheet:
            return
        state = self.state
        self.start(lambda: state.load_sheet(name), lambda _r: self._loaded(),
                   f"Reading the sheet {name}…")

    def choose_sheet(self, name: str) -> None:
        """Read the sheet ``name`` (as if picked in the list)."""
        self.sheet.setCurrentText(name)
        self._sheet_chosen()

    def _csv_format_chosen(self) -> None:
        if self.state.path is None:
            return
        fmt = CsvFormat(self.encoding.currentData(), self.delimiter.currentData(),
                        bool(self.decimal.currentData()))
        self.load_file(self.state.path, fmt)

    def set_csv_format(self, fmt: CsvFormat) -> None:
        """Read the CSV again with ``fmt`` (as if chosen in the lists)."""
        self.encoding.setCurrentIndex(self.encoding.findData(fmt.encoding))
        self.delimiter.setCurrentIndex(self.delimiter.findData(fmt.delimiter))
        self.decimal.setCurrentIndex(self.decimal.findData(fmt.decimal_comma))
        self._csv_format_chosen()

    def _loaded(self) -> None:
        state = self.state
        book, grid = state.book, state.grid
        assert book is not None and grid is not None
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(book.sheet_names)
        self.sheet.setCurrentText(grid.sheet)
        self.sheet.blockSignals(False)
        self._sheet_widgets_visible(True)
        self.sheet.setEnabled(len(book.sheet_names) > 1)
        self.size_label.setText(f"{grid.height:,} rows × {grid.width:,} columns")
        fmt = grid.csv_format
        self.csv_box.setVisible(fmt is not None)
        if fmt is not None:
            self.encoding.setCurrentIndex(max(0, self.encoding.findData(fmt.encoding)))
            self.delimiter.setCurrentIndex(max(0, self.delimiter.findData(fmt.delimiter)))
            self.decimal.setCurrentIndex(self.decimal.findData(fmt.decimal_comma))
            self.detected.setText("Read as " + fmt.describe() + ". Change any of these if the "
                                  "preview on the next page looks wrong.")
        if grid.height == 0:
            self.error.show_message(f"The sheet {grid.sheet!r} is empty; choose another sheet or file.")
        self.loaded.emit()

    def _sheet_widgets_visible(self, visible: bool) -> None:
        for widget in (self.sheet_label, self.sheet, self.size_label):
            widget.setVisible(visible)
        if not visible:
            self.csv_box.hide()

    def set_controls_enabled(self, enabled: bool) -> None:
        for widget in (self.browse, self.sheet, self.csv_box):
            widget.setEnabled(enabled)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self.busy and self.state.grid is not None and self.state.grid.height > 0


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
        header_row.addWidget(_heading("Header row"))
        header_row.addStretch(1)
        header_row.addWidget(self.header_row)
        side.addLayout(header_row)
        side.addWidget(_heading("Layout"))
        side.addLayout(layouts)
        side.addWidget(_heading("Columns"))
        side.addLayout(columns_form)
        side.addWidget(_heading("Dates and numbers"))
        side.addLayout(numbers_form)
        side.addWidget(self.dates_found)
        side.addStretch(1)
        panel = QWidget()
        panel.setObjectName("layout-panel")
        panel.setLayout(side)
        panel.setFixedWidth(380)
        self.panel = panel

        row = QHBoxLayout()
        row.setSpacing(16)
        row.addWidget(self.view, 1)
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
        self.refresh()
        self.view.scrollTo(self.model.index(max(0, self.state.spec.header_row - 3), 0),
                           QAbstractItemView.ScrollHint.PositionAtTop)

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

