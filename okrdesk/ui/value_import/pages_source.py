"""The first page of the Import values wizard: the file and the sheet.

``FilePage``: pick an ``.xlsx``, ``.xlsm`` or ``.csv`` file and a sheet; a CSV's
detected encoding, delimiter and decimal mark are shown and can be corrected (the
file is read again with them). Below, the ``StartPanel``: how the import works,
the saved profiles and the recent imports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from okrdesk.excel.foreign import DELIMITERS, ENCODINGS, CsvFormat
from okrdesk.ui import icons
from okrdesk.ui.value_import.page_base import WizardPage
from okrdesk.ui.value_import.start_panel import StartPanel
from okrdesk.ui.value_import.state import WizardState

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.txt *.tsv *.xls);;All files (*)"
DELIMITER_NAMES = {";": "Semicolon ( ; )", ",": "Comma ( , )", "\t": "Tab", "|": "Bar ( | )"}


def heading(text: str) -> QLabel:
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
        self.body.addWidget(heading("File"))
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

        self.start(lambda check: state.open(path, csv_format, check), lambda _r: self._loaded(),
                   f"Reading {path.name}…", failed=lambda _m: self._sheet_widgets_visible(False))

    def _sheet_chosen(self) -> None:
        name = self.sheet.currentText()
        if self.state.grid is not None and name == self.state.grid.sheet:
            return
        state = self.state
        self.start(lambda check: state.load_sheet(name, check), lambda _r: self._loaded(),
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

    def step_stopped(self) -> None:  # noqa: D102 - the file and sheet read before stay
        self.path_edit.setText(str(self.state.path) if self.state.path is not None else "")
        if self.state.grid is not None:
            self.sheet.blockSignals(True)
            self.sheet.setCurrentText(self.state.grid.sheet)
            self.sheet.blockSignals(False)

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
