"""The sheet around a reported cell, for the Import again dialog.

Import Values Again goes straight to what will change, without the wizard's raw
grid; when a skipped row or a mismatch (``Sheet!Cell``) is clicked there,
``PlaceViewer`` reads the file again in the background (the profile's sheet and
CSV format) and shows it as the wizard's "Find the table" page does — row numbers
and column letters as in Excel, the profile's header row highlighted — scrolled to
the cell, which is marked. ``show_place`` marks another cell of the same file.
Closing it while it reads never waits for the read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from okrdesk.excel.foreign import CsvFormat, Grid, ImportSpec, open_source
from okrdesk.ui.value_import.grid_model import GridModel
from okrdesk.ui.value_import.page_base import MessageLine, error_text, let_go
from okrdesk.ui.workers import Job

MAX_SPANS = 2_000


def read_grid(path: Path, spec: ImportSpec) -> Grid:
    """The sheet of ``path`` a profile's ``spec`` reads (its CSV format, when a CSV)."""
    csv_format = None
    if spec.csv_encoding and spec.csv_delimiter:
        csv_format = CsvFormat(spec.csv_encoding, spec.csv_delimiter, bool(spec.decimal_comma))
    book = open_source(path, csv_format=csv_format)
    sheet = spec.sheet if book.kind != "csv" and spec.sheet in book.sheet_names else None
    return book.grid(sheet)


class PlaceViewer(QDialog):
    """See the module notes."""

    loaded = Signal()  # the sheet is read and shown (tests wait on it)

    def __init__(self, path: Path, spec: ImportSpec, place: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("place-viewer")
        self.setWindowTitle(self.tr("{file} — {place}").format(file=path.name, place=place))
        self.resize(860, 460)
        self.path = path
        self.place = place
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = GridModel(self)
        self.view = QTableView()
        self.view.setObjectName("place-grid")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setDefaultSectionSize(110)
        self.view.hide()
        self.error = MessageLine()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.setContentsMargins(16, 14, 16, 12)
        column.addWidget(self.heading)
        column.addWidget(self.view, 1)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.heading.setText(self.tr("Reading {file}…").format(file=path.name))
        self.header_row = spec.header_row
        self.job: Job | None = Job(lambda _control: read_grid(path, spec), name="values-place-read",
                                   parent=self)
        self.job.succeeded.connect(self._read)
        self.job.failed.connect(self._failed)
        self.job.start()

    def _read(self, grid: Grid) -> None:
        if self.job is None:
            return
        self.job = None
        self.model.set_grid(grid, self.header_row)
        for rng in grid.merged[:MAX_SPANS]:
            self.view.setSpan(rng.top, rng.left, rng.bottom - rng.top + 1, rng.right - rng.left + 1)
        self.view.show()
        self.show_place(self.place)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if self.job is None:
            return
        self.job = None
        self.heading.setText("")
        self.error.show_message(error_text(exc))
        self.loaded.emit()

    def show_place(self, place: str) -> bool:
        """Scroll to ``place`` (``Sheet!C7`` or a row ``Sheet!7``) and mark it; False (with a
        message) when it is not a cell of the sheet read."""
        self.place = place
        self.setWindowTitle(self.tr("{file} — {place}").format(file=self.path.name, place=place))
        grid = self.model.grid
        if grid is None:
            return False  # still reading: shown when the sheet is read
        at = Grid.index_of(place)
        if at is None or not 0 <= at[0] < grid.height or (at[1] is not None and not 0 <= at[1] < grid.width):
            self.model.set_marked(None)
            self.heading.setText(self.tr("{place} is not a cell of the sheet {sheet} in {file} "
                                         "({rows:,} rows × {cols:,} columns).").format(
                place=place, sheet=grid.sheet, file=self.path.name, rows=grid.height, cols=grid.width))
            return False
        row, col = at
        self.model.set_marked(row, col)
        index = self.model.index(row, col if col is not None else 0)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.setCurrentIndex(index)
        self.heading.setText(self.tr("<b>{place}</b> in {file}, marked; the profile's header row "
                                     "(row {header}) is highlighted.").format(
            place=place, file=self.path.name, header=self.header_row))
        return True

    def done(self, result: int) -> None:  # noqa: D102 - never wait for the read
        job, self.job = self.job, None
        if job is not None:
            let_go(job)
        super().done(result)


__all__ = ["PlaceViewer", "read_grid"]
