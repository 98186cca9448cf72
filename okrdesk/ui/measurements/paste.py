"""Rows pasted from a spreadsheet, read into measurements (no Qt: tested on its own).

Excel and LibreOffice put a copied range on the clipboard as tab-separated
lines. A pasted block for one KPI has two or three columns: date, value and an
optional note. Dates and numbers are read with ``okrdesk.excel.parsing`` (the
same rules as the workbook import: ISO and local date orders, month names,
decimal comma or point, digit grouping, currency symbols), the ambiguous ones
settled by a vote over the whole block, then by the user's locale.

A block is checked whole: ``parse_pasted_rows`` returns every row it could read
and an error for every cell it could not; the caller applies the rows only when
there is no error ("nothing half-applied").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from okrdesk.excel.parsing import ParseError, parse_date, parse_number, vote_day_first, vote_decimal_comma

DATE, VALUE, NOTE = 0, 1, 2
COLUMN_NAMES = ("Date", "Value", "Note")
MAX_NOTE = 2000
_HEADER_WORDS = {"date", "datum", "day", "month", "period", "value", "wert", "valeur", "valor", "note", "comment"}


@dataclass(frozen=True)
class CellError:
    """A cell of the pasted block that cannot be read; ``row`` and ``column`` count from 0."""

    row: int
    column: int
    text: str
    message: str

    def where(self) -> str:
        """"Row 3, Value" (rows counted from 1, as the user sees them)."""
        name = COLUMN_NAMES[self.column] if self.column < len(COLUMN_NAMES) else f"Column {self.column + 1}"
        return f"Row {self.row + 1}, {name}"

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


@dataclass(frozen=True)
class PastedRow:
    """One readable row: ``line`` is its index in the pasted block (from 0)."""

    line: int
    date: dt.date
    value: float
    note: str = ""


@dataclass
class PasteResult:
    """Everything read from one pasted block."""

    cells: list[list[str]]  # the block as pasted (header and blank lines removed)
    rows: list[PastedRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    header_skipped: bool = False

    @property
    def ok(self) -> bool:
        """True when every row was read (the block may be applied)."""
        return not self.errors and bool(self.rows)

    def error_at(self, row: int, column: int) -> CellError | None:
        """The error of one cell, if any."""
        for error in self.errors:
            if error.row == row and error.column == column:
                return error
        return None


def split_block(text: str) -> list[list[str]]:
    """Tab-separated lines into cells; blank lines dropped, trailing empty cells trimmed."""
    rows = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        cells = [cell.strip() for cell in line.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _looks_like_header(cells: list[str]) -> bool:
    words = {c.strip().casefold().rstrip(":") for c in cells[:3]}
    return bool(words & _HEADER_WORDS)


def parse_pasted_rows(
    text: str, *, unit: str = "", decimal_comma: bool | None = None, day_first: bool | None = None
) -> PasteResult:
    """Read a pasted block of ``date<TAB>value[<TAB>note]`` lines.

    ``decimal_comma`` and ``day_first`` are the user's locale habits, used only
    when the block itself does not settle them. With ``unit == "%"`` a value
    written "4.2%" means 4.2 (the KPI stores percentages as numbers of percent).
    A first line of column titles ("Date", "Value", …) is skipped. Later lines
    for a date already given are an error (which one should win?).
    """
    cells = split_block(text)
    result = PasteResult(cells)
    if cells and _looks_like_header(cells[0]):
        try:
            parse_date(cells[0][0])
        except ParseError:
            result.header_skipped = True
            cells = cells[1:]
            result.cells = cells
    if not cells:
        return result
    values_comma = vote_decimal_comma(row[VALUE] for row in cells if len(row) > VALUE)
    comma = values_comma if values_comma is not None else decimal_comma
    dates_day_first = vote_day_first(row[DATE] for row in cells if row)
    first = dates_day_first if dates_day_first is not None else day_first
    seen: dict[dt.date, int] = {}
    for i, row in enumerate(cells):
        bad = len(result.errors)
        if len(row) > 3:
            result.errors.append(CellError(i, 3, row[3], "expected date, value and an optional note: remove this column"))
        day = _read_date(i, row, first, result)
        value = _read_value(i, row, comma, unit, result)
        note = row[NOTE] if len(row) > NOTE else ""
        if len(note) > MAX_NOTE:
            result.errors.append(CellError(i, NOTE, note[:40], f"the note is longer than {MAX_NOTE} characters"))
        if day is not None and day in seen:
            result.errors.append(
                CellError(i, DATE, row[DATE], f"{day:%d %b %Y} is already given in row {seen[day] + 1}")
            )
        elif day is not None:
            seen[day] = i
        if len(result.errors) == bad and day is not None and value is not None:
            result.rows.append(PastedRow(i, day, value, note))
    return result


def _read_date(i: int, row: list[str], day_first: bool | None, result: PasteResult) -> dt.date | None:
    text = row[DATE] if row else ""
    if not text:
        result.errors.append(CellError(i, DATE, text, "no date"))
        return None
    try:
        return parse_date(text, day_first=day_first)
    except ParseError as exc:
        result.errors.append(CellError(i, DATE, text, str(exc)))
        return None


def _read_value(i: int, row: list[str], comma: bool | None, unit: str, result: PasteResult) -> float | None:
    text = row[VALUE] if len(row) > VALUE else ""
    if not text:
        result.errors.append(CellError(i, VALUE, text, "no value"))
        return None
    cleaned = text.rstrip()
    if unit.strip() == "%" and cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    try:
        value = parse_number(cleaned, decimal_comma=comma)
    except ParseError as exc:
        result.errors.append(CellError(i, VALUE, text, str(exc)))
        return None
    if value is None:
        result.errors.append(CellError(i, VALUE, text, "a dash is no value: delete the row instead"))
    return value


def parse_one_value(text: str, *, unit: str = "", decimal_comma: bool | None = None) -> float:
    """One typed value (a table cell edit); ParseError with a readable message."""
    result = PasteResult([])
    value = _read_value(0, ["", text.strip()], decimal_comma, unit, result)
    if result.errors:
        raise ParseError(result.errors[0].message)
    assert value is not None
    return value


def parse_one_date(text: str, *, day_first: bool | None = None) -> dt.date:
    """One typed date (a table cell edit); ParseError with a readable message."""
    if not text.strip():
        raise ParseError("no date")
    return parse_date(text.strip(), day_first=day_first)
