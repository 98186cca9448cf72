"""Reading a foreign spreadsheet into raw grids: xlsx/xlsm (python-calamine) and CSV.

``open_source(path)`` returns a ``SourceBook``: its sheet names and, for each,
a ``Grid`` of raw cell values (str, float, date, datetime, bool; ``""`` for an
empty cell) with the row numbers and column letters a user sees in Excel
(calamine is asked to keep leading empty rows and columns, so ``grid.ref(r, c)``
names the true cell), and the merged cell ranges of the sheet.

* Workbooks pass ``safety.check_workbook_file`` first (zip bombs, entity
  declarations, encrypted or legacy files are refused with a message naming the
  file); the 1904 date system is read from the workbook.
* A CSV (or .txt/.tsv) is decoded with the encoding found by ``csv_sniff``
  (BOMs first, then UTF-8, then cp1252), its delimiter and decimal separator
  detected there too; its one sheet is named after the file. CSV cells are text.

Every problem reading a file raises ``SourceError`` (a ``WorkbookError``) whose
message names the file and says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..parsing import is_blank
from ..reader import paused_gc
from ..report import column_letter
from ..safety import WorkbookError, check_workbook_file
from .csv_sniff import CsvFormat, sniff_csv

#: Rows above this count are refused (a foreign export is a report, not a database).
MAX_ROWS = 200_000
MAX_COLUMNS = 16_384
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_A1 = re.compile(r"^([A-Za-z]{0,3})(\d+)$")
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](1|true)[\"']")


class SourceError(WorkbookError):
    """A file that cannot be read as a spreadsheet; the message names the file and the fix."""


@dataclass(frozen=True, slots=True)
class CellRange:
    """A merged range, 0-based and inclusive: rows ``top..bottom``, columns ``left..right``."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def ref(self) -> str:
        """``B2:D2`` as Excel names it."""
        return (f"{column_letter(self.left)}{self.top + 1}:"
                f"{column_letter(self.right)}{self.bottom + 1}")


@dataclass
class Grid:
    """The raw cells of one sheet: ``rows[r][c]`` is the cell on Excel row ``r + 1`` in
    column ``column_letter(c)``; every row has ``width`` cells (``""`` when empty)."""

    sheet: str
    rows: list[list[Any]]
    merged: list[CellRange] = field(default_factory=list)
    date1904: bool = False
    csv_format: CsvFormat | None = None  # how a CSV was read; None for a workbook sheet

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def value(self, row: int, col: int) -> Any:
        """The raw value at 0-based ``row``, ``col`` (``""`` outside the grid)."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def ref(self, row: int, col: int) -> str:
        """``C7``: the Excel name of the cell at 0-based ``row``, ``col``."""
        return f"{column_letter(col)}{row + 1}"

    def place(self, row: int, col: int) -> str:
        """``Sheet!C7``: where a problem is reported."""
        return f"{self.sheet}!{self.ref(row, col)}"

    @staticmethod
    def index_of(place: str) -> tuple[int, int | None] | None:
        """0-based ``(row, col)`` of a place as reported (``Sheet!C7`` or ``C7``; a whole
        row ``Sheet!7`` or ``Sheet!7:9`` gives its first row and None), else None — for
        highlighting a reported cell in the grid."""
        ref = place.rsplit("!", 1)[-1].split(":")[0]
        match = _A1.match(ref)
        if not match:
            return None
        letters, digits = match.groups()
        col = None
        if letters:
            col = 0
            for ch in letters.upper():
                col = col * 26 + ord(ch) - 64
            col -= 1
        return int(digits) - 1, col

    def is_blank_row(self, row: int) -> bool:
        return all(is_blank(v) for v in self.rows[row])

    def merged_at(self, row: int, col: int) -> CellRange | None:
        """The merged range covering the cell, if any."""
        for rng in self.merged:
            if rng.top <= row <= rng.bottom and rng.left <= col <= rng.right:
                return rng
        return None

    def filled_row(self, row: int) -> list[Any]:
        """Row ``row`` with every merged range's top-left value copied across the cells
        it covers (a merged header such as ``2027`` over three month columns)."""
        values = list(self.rows[row]) if 0 <= row < len(self.rows) else []
        for rng in self.merged:
            if rng.top <= row <= rng.bottom:
                top_left = self.value(rng.top, rng.left)
                for col in range(rng.left, min(rng.right + 1, len(values))):
                    if is_blank(values[col]):
                        values[col] = top_left
        return values


@dataclass
class SourceBook:
    """A file opened for a values import: its path, kind and sheets (grids read lazily)."""

    path: Path
    kind: str  # "xlsx" or "csv"
    sheet_names: list[str]
    date1904: bool = False
    csv_format: CsvFormat | None = None
    _grids: dict[str, Grid] = field(default_factory=dict, repr=False)

    def grid(self, sheet: str | None = None) -> Grid:
        """The raw grid of ``sheet`` (the first sheet when None); SourceError when the
        sheet is not in the file or cannot be read."""
        name = sheet if sheet is not None else self.sheet_names[0]
        if name not in self.sheet_names:
            raise SourceError(f"{self.path.name} has no sheet {name!r}; its sheets are: "
                              + ", ".join(repr(s) for s in self.sheet_names) + ".")
        if name not in self._grids:
            if self.kind == "csv":
                self._grids[name] = _read_csv(self.path, self.csv_format)
            else:
                self._grids[name] = _read_sheet(self.path, name, self.date1904)
        return self._grids[name]


def open_source(path: str | Path, *, csv_format: CsvFormat | None = None) -> SourceBook:
    """Open ``path`` (xlsx, xlsm or CSV) for a values import; SourceError when it cannot.

    ``csv_format`` overrides what is detected for a CSV (the user corrected it)."""
    path = Path(path)
    if path.suffix.lower() in CSV_SUFFIXES or _is_text_export(path):
        raw = _read_bytes(path)
        found = csv_format or sniff_csv(raw)
        return SourceBook(path, "csv", [path.stem or "CSV"], csv_format=found)
    try:
        check_workbook_file(path)
    except SourceError:
        raise
    except WorkbookError as exc:
        raise SourceError(str(exc)) from None
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise SourceError(f"{path.name} is password-protected; remove the password in Excel.") from None
    except (pc.CalamineError, OSError, ValueError) as exc:
        raise SourceError(f"{path.name} cannot be read as a workbook: {exc}.") from None
    try:
        names = [m.name for m in book.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
    except AttributeError:
        names = list(book.sheet_names)
    finally:
        book.close()
    if not names:
        raise SourceError(f"{path.name} has no worksheets.")
    return SourceBook(path, "xlsx", names, date1904=_date1904(path))


def _is_text_export(path: Path) -> bool:
    """Whether a file with a workbook name is really delimited text (systems often write
    CSV or tab-separated exports named ``.xls``); HTML and binary files are not."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False  # the safety check reports it
    if not head or head.startswith((b"PK", bytes.fromhex("D0CF11E0"))):
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="replace")  # UTF-16 text with a BOM
    else:
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            text = head.decode("cp1252", errors="replace")
    if text.lstrip("\ufeff \t\r\n").startswith("<"):
        return False  # HTML or XML: the safety check explains it
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text) and any(d in text for d in ";,\t|")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise SourceError(f"{path.name} is empty (0 bytes).")
        if size > 200 * 1024 * 1024:
            raise SourceError(f"{path.name} is {size / 2**20:,.0f} MB; the limit for a CSV is 200 MB.")
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path.name}: no such file ({path}).") from None
    except IsADirectoryError:
        raise SourceError(f"{path.name} is a folder, not a file.") from None
    except OSError as exc:
        raise SourceError(f"{path.name} cannot be read: {exc.strerror or exc}.") from None


def _date1904(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            head = zf.read("xl/workbook.xml")[:65536]
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return bool(_DATE1904.search(head))


def _read_sheet(path: Path, name: str, date1904: bool) -> Grid:
    with paused_gc():
        try:
            book = pc.CalamineWorkbook.from_path(str(path))
        except (pc.CalamineError, OSError, ValueError) as exc:
            raise SourceError(f"{path.name} cannot be read as a workbook: {exc}.") from None
        try:
            sheet = book.get_sheet_by_name(name)
            if sheet.total_height > MAX_ROWS:
                raise SourceError(f"{path.name}: sheet {name!r} has {sheet.total_height:,} rows; "
                                  f"the limit is {MAX_ROWS:,}. Export a shorter period.")
            rows = sheet.to_python(skip_empty_area=False)
            merged = [CellRange(top, left, bottom, right)
                      for (top, left), (bottom, right) in (sheet.merged_cell_ranges or [])]
        except pc.CalamineError as exc:
            raise SourceError(f"{path.name}: sheet {name!r} cannot be read: {exc}.") from None
        finally:
            book.close()
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Grid(name, rows, merged, date1904)


def _read_csv(path: Path, fmt: CsvFormat | None) -> Grid:
    raw = _read_bytes(path)
    fmt = fmt or sniff_csv(raw)
    try:
        text = raw.decode(fmt.encoding)
    except (UnicodeDecodeError, LookupError):
        raise SourceError(f"{path.name} is not in the {fmt.encoding} encoding; choose "
                          "another encoding.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=fmt.delimiter)
    rows: list[list[Any]] = []
    try:
        for row in reader:
            rows.append([cell for cell in row])
            if len(rows) > MAX_ROWS:
                raise SourceError(f"{path.name} has more than {MAX_ROWS:,} rows; export a "
                                  "shorter period.")
    except csv.Error as exc:
        raise SourceError(f"{path.name} line {reader.line_num}: {exc}.") from None
    width = min(max((len(r) for r in rows), default=0), MAX_COLUMNS)
    for i, row in enumerate(rows):
        rows[i] = (row + [""] * (width - len(row)))[:width]
    return Grid(path.stem or "CSV", rows, [], False, fmt)
