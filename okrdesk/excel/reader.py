"""Read an okrdesk workbook with python-calamine into parsed rows (no workspace needed).

``read_workbook(path)`` checks the file first (``safety.check_workbook_file``),
then for every sheet whose title names a data sheet of ``format.DATA_SHEETS``
(synonyms allowed; sheets not there are simply absent — a client often
returns only Check-ins or Measurements):

* the header row is the row, among the first 30, that matches the most known
  headers (the first non-empty row when none does), so a title row above the
  table is tolerated;
* columns are matched in any order by ``format.match_headers``; unknown
  headers give a warning and are ignored; read-only columns are ignored;
* every cell is parsed by its column kind (``parsing``); a cell that cannot be
  parsed becomes a ``Problem`` and its value ``INVALID``, so that validation
  reports each problem once and never stops at the first;
* empty rows are skipped, and every row keeps the number a user sees in Excel
  (calamine is asked not to skip leading empty rows and columns);
* ambiguous ``a/b/yyyy`` dates and ``1,234`` numbers are settled by a
  workbook-wide vote over the unambiguous ones (see ``parsing``);
* Excel serial numbers in date columns follow the workbook's 1900 or 1904
  date system (read from ``xl/workbook.xml``).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

import python_calamine as pc

from . import format as fmt
from .parsing import ParseError, is_blank, parse_date, parse_number, parse_text, vote_day_first, vote_decimal_comma
from .report import Problem, column_letter
from .safety import DEFAULT_LIMITS, WorkbookError, check_workbook_file

DEFAULT_MAX_ROWS = 200_000
HEADER_SCAN_ROWS = 30
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*[\"'](1|true)[\"']")


class _Invalid:
    """The value of a cell that could not be parsed (its problem is already reported)."""

    _instance: _Invalid | None = None

    def __new__(cls) -> _Invalid:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


@dataclass(slots=True)
class Row:
    """One data row: its Excel row number and ``field -> parsed value`` of the matched
    columns (None for an empty cell, ``INVALID`` for a cell that could not be parsed)."""

    number: int
    values: dict[str, Any]


class SheetData:
    """One data sheet as read: its spec, its title in the file, the header row number,
    the column letter of every matched field, and its non-empty rows.

    The rows are held column by column: ``numbers`` (the Excel row number of every
    non-empty row) and ``data`` (``field -> parsed values``, aligned with ``numbers``).
    ``rows`` gives them as ``Row`` objects, built on first use; the import's hot path
    (Measurements, 100,000s of rows) works on the columns and never builds them.
    """

    __slots__ = ("spec", "title", "header_row", "columns", "numbers", "data", "_rows")

    def __init__(self, spec: fmt.SheetSpec, title: str, header_row: int, columns: dict[str, str],
                 numbers: Sequence[int] = (), data: dict[str, list[Any]] | None = None) -> None:
        self.spec, self.title, self.header_row, self.columns = spec, title, header_row, columns
        self.numbers: Sequence[int] = numbers
        self.data: dict[str, list[Any]] = data if data is not None else {}
        self._rows: list[Row] | None = None

    def __repr__(self) -> str:
        return f"SheetData({self.spec.name!r}, {len(self.numbers)} rows)"

    @property
    def rows(self) -> list[Row]:
        """The non-empty rows as ``Row`` objects (built once, on first use)."""
        if self._rows is None:
            names = list(self.data)
            self._rows = [Row(number, dict(zip(names, values)))
                          for number, values in zip(self.numbers, zip(*self.data.values()))]
            if not names:
                self._rows = [Row(number, {}) for number in self.numbers]
        return self._rows

    def __len__(self) -> int:
        return len(self.numbers)

    def cell(self, field_name: str, row: Row | int) -> str:
        """``B7``: the cell of ``field_name`` on ``row`` (the row's first cell when the
        column is not in the sheet)."""
        number = row if isinstance(row, int) else row.number
        return f"{self.columns.get(field_name, 'A')}{number}"

    def has(self, field_name: str) -> bool:
        return field_name in self.columns


@dataclass
class WorkbookData:
    """Everything read from a workbook: its data sheets by spec name, the problems
    found while reading (errors and warnings), the format version written in
    ``Read me`` (None when absent) and the date system."""

    path: Path
    sheets: dict[str, SheetData]
    problems: list[Problem]
    format_version: int | None = None
    date1904: bool = False

    def sheet(self, name: str) -> SheetData | None:
        return self.sheets.get(name)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (restored after it).

    Reading, planning and applying 100,000 rows allocates millions of small tuples and
    lists while the sheet's rows are alive; every allocation burst would start a
    collection that walks them all again (a third of the import's time). The import
    makes no reference cycles worth collecting meanwhile; reference counting still
    frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_workbook(path: str | Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> WorkbookData:
    """Read ``path``; WorkbookError for a file that is not a safe, readable workbook or
    a sheet with more than ``max_rows`` data rows."""
    with paused_gc():
        return _read_workbook(path, max_rows)


def _is_reader_panic(exc: BaseException) -> bool:
    """A panic inside calamine (``pyo3_runtime.PanicException``, a BaseException), e.g. on
    a date serial far outside the calendar: bad input, not a bug of ours."""
    return type(exc).__name__ == "PanicException"


def _read_workbook(path: str | Path, max_rows: int) -> WorkbookData:
    path = check_workbook_file(
        path, replace(DEFAULT_LIMITS, max_sheet_rows=max_rows + HEADER_SCAN_ROWS))
    date1904 = _date1904(path)
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise WorkbookError(f"{path.name} is password-protected; remove the password in Excel.") from None
    except (pc.CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} cannot be read as a workbook: {exc}.") from None
    except BaseException as exc:
        if not _is_reader_panic(exc):
            raise
        raise WorkbookError(f"{path.name} cannot be read as a workbook ({exc}).") from None
    problems: list[Problem] = []
    sheets: dict[str, SheetData] = {}
    version: int | None = None
    meta = None
    try:
        for meta in book.sheets_metadata:
            spec = fmt.sheet_for(meta.name)
            if meta.name == fmt.CHART_DATA:
                continue  # okrdesk's own numbers behind the charts: nothing to import
            if spec is None or (spec.name == fmt.README and version is not None):
                if spec is None:
                    problems.append(Problem(meta.name, "", "this sheet is not part of the okrdesk "
                                            "format and was ignored", "warning"))
                continue
            if not spec.columns:
                if spec.name == fmt.README:
                    version = _format_version(_load(book, meta.name, path))
                continue
            if spec.name in sheets:
                problems.append(Problem(meta.name, "", f"a second {spec.name} sheet; only "
                                        f"{sheets[spec.name].title!r} was read", "warning"))
                continue
            raw = book.get_sheet_by_name(meta.name)
            data_rows = raw.total_height  # rows below the first (total_height is the last index)
            if data_rows > max_rows:
                raise WorkbookError(
                    f"{path.name}: sheet {meta.name!r} has {data_rows:,} rows; the limit is "
                    f"{max_rows:,} data rows per sheet. Split the file or raise the limit."
                )
            sheet = _read_sheet(spec, meta.name, _load(book, meta.name, path, raw), date1904,
                                problems)
            if sheet is not None:
                sheets[spec.name] = sheet
    except pc.CalamineError as exc:
        raise WorkbookError(f"{path.name} cannot be read: {exc}.") from None
    except BaseException as exc:
        if not _is_reader_panic(exc):
            raise
        where = f"sheet {meta.name!r}" if meta is not None else "its list of sheets"
        raise WorkbookError(f"{path.name}: {where} cannot be read: it holds a value outside "
                            f"what a spreadsheet can hold ({exc}).") from None
    finally:
        book.close()
    if version is not None and version > fmt.FORMAT_VERSION:
        problems.append(Problem(fmt.README, "B", f"this workbook is in format version {version}; "
                                f"this okrdesk reads up to {fmt.FORMAT_VERSION}. Update okrdesk."))
    return WorkbookData(path, sheets, problems, version, date1904)


def _load(book: pc.CalamineWorkbook, name: str, path: Path,
          sheet: pc.CalamineSheet | None = None) -> list[list[Any]]:
    try:
        return (sheet or book.get_sheet_by_name(name)).to_python(skip_empty_area=False)
    except pc.CalamineError as exc:
        raise WorkbookError(f"{path.name}: sheet {name!r} cannot be read: {exc}.") from None


def _date1904(path: Path) -> bool:
    """Whether the workbook uses the 1904 date system (its workbookPr flag)."""
    try:
        with zipfile.ZipFile(path) as zf:
            head = zf.read("xl/workbook.xml")[:65536]
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
    return bool(_DATE1904.search(head))


def _format_version(rows: list[list[Any]]) -> int | None:
    key = fmt.header_key(fmt.VERSION_LABEL)
    for row in rows[:200]:
        if len(row) >= 2 and fmt.header_key(row[0]) == key:
            try:
                number = parse_number(row[1])
            except ParseError:
                return None
            return int(number) if number is not None else None
    return None


def _header_index(spec: fmt.SheetSpec, rows: list[list[Any]]) -> int | None:
    best, best_count, first = None, 0, None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if all(is_blank(v) for v in row):
            continue
        if first is None:
            first = index
        count = len(fmt.match_headers(spec, row).columns)
        if count > best_count:
            best, best_count = index, count
    return best if best is not None else first


def _read_sheet(
    spec: fmt.SheetSpec, title: str, rows: list[list[Any]], date1904: bool, problems: list[Problem]
) -> SheetData | None:
    header = _header_index(spec, rows)
    if header is None:
        return SheetData(spec, title, 1, {})
    columns, unknown, missing = fmt.match_headers(spec, rows[header])
    hnum = header + 1
    for index, text in unknown:
        problems.append(Problem(spec.name, f"{column_letter(index)}{hnum}",
                                f"column {text!r} is not part of the {spec.name} sheet and was "
                                "ignored", "warning"))
    for col in missing:
        problems.append(Problem(spec.name, f"A{hnum}", f"the required column {col.name!r} is "
                                f"missing (headers are looked for in row {hnum})"))
    used = {i: c for i, c in columns.items() if not c.read_only}
    sheet = SheetData(spec, title, hnum, {c.field: column_letter(i) for i, c in used.items()})
    if missing or not used:
        return sheet
    body = rows[header + 1:]
    indexes = sorted(used)
    raw_columns = {index: list(map(itemgetter(index), body)) for index in indexes}
    decimal_comma = vote_decimal_comma(_texts(raw_columns, used, "number"))
    day_first = vote_day_first(_texts(raw_columns, used, "date"))
    found: list[tuple[int, int, Problem]] = []
    first_row = hnum + 1
    parsed: dict[str, list[Any]] = {}
    for index in indexes:
        col = used[index]
        parse = _parser(col, date1904, decimal_comma, day_first)
        parsed[col.field] = _parse_column(raw_columns.pop(index), col, parse, first_row,
                                          spec.name, column_letter(index), index, found)
    # Drop empty rows (every cell blank or only spaces): they hold None in every column.
    empty: set[int] | None = None
    for values in parsed.values():
        if None not in values:
            empty = set()
            break
        empty = ({i for i, v in enumerate(values) if v is None} if empty is None
                 else {i for i in empty if values[i] is None})
    if empty:
        keep = [i for i in range(len(body)) if i not in empty]
        sheet.numbers = [first_row + i for i in keep]
        sheet.data = {name: [values[i] for i in keep] for name, values in parsed.items()}
    else:
        sheet.numbers = range(first_row, first_row + len(body))
        sheet.data = parsed
    problems += [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]
    return sheet


class _Slow:
    """Marks a cell the fast path of its column left for the full parser."""


_SLOW: Any = _Slow()


def _parse_column(
    cells: list[Any], col: fmt.ColumnSpec, parse: Callable[[Any], Any], first_row: int,
    sheet: str, letter: str, index: int, found: list[tuple[int, int, Problem]],
) -> list[Any]:
    """The parsed values of one column's cells (``cells[0]`` on Excel row ``first_row``).

    The cell types a column normally holds (floats in a number column, dates in a date
    column, text in a text column, empty cells) are taken in one pass; only the other
    cells go through ``parse``, and a cell it refuses becomes a ``Problem`` in ``found``
    and ``INVALID`` in the result.
    """
    if col.kind == "number" and col.field != "revision":
        values = [v if type(v) is float else None if v == "" else _SLOW for v in cells]
    elif col.kind == "date":
        values = [v if type(v) is dt.date else None if v == "" else _SLOW for v in cells]
    elif col.kind in ("text", "ref"):
        values = [(v.strip() or None) if type(v) is str else _SLOW for v in cells]
    else:
        values = [None if v == "" else _SLOW for v in cells]
    if _SLOW not in values:
        return values
    for i, v in enumerate(values):
        if v is not _SLOW:
            continue
        value = cells[i]
        if value is None or (type(value) is str and (not value or value.isspace())):
            values[i] = None
            continue
        try:
            values[i] = parse(value)
        except ParseError as exc:
            number = first_row + i
            found.append((number, index, Problem(sheet, f"{letter}{number}", str(exc))))
            values[i] = INVALID
    return values


def _texts(columns: dict[int, list[Any]], used: dict[int, fmt.ColumnSpec], kind: str) -> list[str]:
    """The text cells of the columns of ``kind`` (for the workbook-wide locale votes)."""
    return [v for i, cells in columns.items() if used[i].kind == kind
            for v in cells if type(v) is str and v]


def _parser(
    col: fmt.ColumnSpec, date1904: bool, decimal_comma: bool | None, day_first: bool | None
) -> Callable[[Any], Any]:
    """The function turning a non-empty cell of ``col`` into its value (or ParseError)."""
    if col.field == "revision":
        def revision(value: Any) -> int | None:
            number = parse_number(value)
            if number is None or number != int(number) or number < 0:
                raise ParseError(f"the hidden revision {value!r} is not a whole number; leave "
                                 "the _rev column as exported")
            return int(number)
        return revision
    if col.kind == "number":
        def number(value: Any) -> float | None:
            if type(value) is float:
                return value
            return parse_number(value, decimal_comma=decimal_comma)
        return number
    if col.kind == "date":
        def date(value: Any) -> Any:
            return parse_date(value, date1904=date1904, day_first=day_first)
        return date
    if col.kind == "enum":
        def enum(value: Any) -> str | None:
            if isinstance(value, str) and not value.strip():
                return None
            word = fmt.parse_enum(col, parse_text(value))
            if word is None:
                raise ParseError(f"{parse_text(value)!r} is not a {col.name}; use one of: "
                                 + ", ".join(fmt.accepted_words(col)))
            return word
        return enum
    if col.kind == "bool":
        def flag(value: Any) -> bool | None:
            if isinstance(value, str) and not value.strip():
                return None
            result = fmt.parse_bool(col, value)
            if result is None:
                raise ParseError(f"{parse_text(value)!r} is not yes or no (use Yes or No)")
            return result
        return flag

    def text(value: Any) -> str | None:
        result = value.strip() if type(value) is str else parse_text(value)
        return result or None
    return text
