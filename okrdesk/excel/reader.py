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
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

import python_calamine as pc

from . import format as fmt
from .parsing import ParseError, is_blank, parse_date, parse_number, parse_text, vote_day_first, vote_decimal_comma
from .report import Problem, column_letter
from .safety import WorkbookError, check_workbook_file

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


@dataclass
class SheetData:
    """One data sheet as read: its spec, its title in the file, the header row number,
    the column letter of every matched field, and its non-empty rows."""

    spec: fmt.SheetSpec
    title: str
    header_row: int
    columns: dict[str, str]
    rows: list[Row] = field(default_factory=list)

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


def read_workbook(path: str | Path, *, max_rows: int = DEFAULT_MAX_ROWS) -> WorkbookData:
    """Read ``path``; WorkbookError for a file that is not a safe, readable workbook or
    a sheet with more than ``max_rows`` data rows."""
    path = check_workbook_file(path)
    date1904 = _date1904(path)
    try:
        book = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise WorkbookError(f"{path.name} is password-protected; remove the password in Excel.") from None
    except (pc.CalamineError, OSError, ValueError) as exc:
        raise WorkbookError(f"{path.name} cannot be read as a workbook: {exc}.") from None
    problems: list[Problem] = []
    sheets: dict[str, SheetData] = {}
    version: int | None = None
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
        return SheetData(spec, title, 1, {}, [])
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
    if missing:
        return sheet
    body = rows[header + 1:]
    indexes = sorted(used)
    names = [used[i].field for i in indexes]
    getter = itemgetter(*indexes)
    blank = getter([""] * (indexes[-1] + 1))
    kept = [(hnum + 1 + offset, raw) for offset, raw in enumerate(body) if getter(raw) != blank]
    numbers = [n for n, _ in kept]
    raw_columns = {index: [raw[index] for _, raw in kept] for index in indexes}
    decimal_comma = vote_decimal_comma(_texts(raw_columns, used, "number"))
    day_first = vote_day_first(_texts(raw_columns, used, "date"))
    found: list[tuple[int, int, Problem]] = []
    columns = []
    for index in indexes:
        col = used[index]
        parse = _parser(col, date1904, decimal_comma, day_first)
        letter = column_letter(index)

        def slow(value: Any, number: int, parse: Callable[[Any], Any] = parse,
                 letter: str = letter, index: int = index) -> Any:
            if value is None or (type(value) is str and (not value or value.isspace())):
                return None
            try:
                return parse(value)
            except ParseError as exc:
                found.append((number, index, Problem(spec.name, f"{letter}{number}", str(exc))))
                return INVALID

        cells = raw_columns[index]
        # Fast paths for the cell types a column normally holds; everything else is parsed.
        if col.kind == "number" and col.field != "revision":
            values = [v if type(v) is float else slow(v, n) for v, n in zip(cells, numbers)]
        elif col.kind == "date":
            values = [v if type(v) is dt.date else slow(v, n) for v, n in zip(cells, numbers)]
        elif col.kind in ("text", "ref"):
            values = [(v.strip() or None) if type(v) is str else slow(v, n)
                      for v, n in zip(cells, numbers)]
        else:
            values = [slow(v, n) for v, n in zip(cells, numbers)]
        columns.append(values)
    empty = (None,) * len(names)
    for number, row_values in zip(numbers, zip(*columns)):
        if row_values != empty:  # a row of only spaces is an empty row
            sheet.rows.append(Row(number, dict(zip(names, row_values))))
    problems += [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]
    return sheet


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
