"""First guesses the user can correct: header row, layout, columns, date order, decimal mark.

``detect_spec(grid, nodes)`` proposes a complete ``ImportSpec``:

* **Header row**: among the first 30 rows, the row with the most header-like
  cells (text that is not a number, dates, periods, Excel serial dates rising
  by a steady step; merged cells filled across) that has data below it; the earliest wins a tie, so title rows above
  the table (one cell each) are passed over.
* **Layout**: *wide* when at least two headers read as dates or periods; else
  *long* when a column below the header holds dates and another holds text
  labels (KPI names repeat down the rows); else *columns* when a column holds
  dates and the others numbers.
* **Columns**: the label column is the text column whose cells match the most
  KPI codes or names of ``nodes`` (without nodes, or on a tie: a header such as
  KPI, Metric, Name, Account; then the most distinct texts; then the leftmost);
  the value column of a long sheet is the numeric column with a header such as
  Value, Amount, Actual (else the first numeric one); a note column is a text
  column headed Note, Comment or Remark.
* **Dates**: ``day_first`` from the vote over the date texts (None when they
  do not tell); **decimal mark** from the CSV sniffing or the vote over the
  number texts.
* **Scale**: 1000 or 1,000,000 when the title rows or headers say "in
  thousands", "TEUR", "(000)", "in millions", "Mio"... (``detect_scale``).
* **Percent**: ``fraction`` when values are written as ``45%`` texts, else
  ``fraction`` too when every value of the sheet lies within -1.5..1.5 and
  some node of the mapping has the unit %, else ``points``.

``redetect(grid, spec, header_row=..., layout=...)`` re-runs the column choice
after the user changed the header row or the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from okrdesk.domain.entities import KpiNode

from ..parsing import ParseError, is_blank, parse_number, parse_text, vote_day_first, vote_decimal_comma
from ..report import column_letter
from .periods import is_period
from .source import Grid
from .spec import ColumnRef, ImportSpec, header_key
from .table import HEADER_SCAN_ROWS, period_columns

_SAMPLE = 200  # data rows looked at per column
LABEL_WORDS = ("kpi", "metric", "measure", "name", "account", "line item", "item", "position",
               "kennzahl", "bezeichnung", "konto", "indicator", "description", "code", "label")
VALUE_WORDS = ("value", "amount", "actual", "actuals", "wert", "betrag", "ist", "total", "number",
               "count", "result", "valeur", "importe", "waarde")
NOTE_WORDS = ("note", "notes", "comment", "comments", "remark", "remarks", "notiz", "bemerkung",
              "kommentar", "memo")
DATE_WORDS = ("date", "day", "month", "period", "datum", "monat", "periode", "week", "quarter")


def _is_number_text(value: Any) -> bool:
    if type(value) is not str:
        return False
    try:
        return parse_number(value) is not None
    except ParseError:
        return False


def _header_like(value: Any, date1904: bool) -> bool:
    if is_blank(value) or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return not _is_number_text(value) or is_period(value, date1904=date1904)
    return not isinstance(value, int | float)  # dates and datetimes


_SERIALS = (32874.0, 73051.0)  # 1990-01-01 .. 2099-12-31 as Excel serial numbers
_STEPS = ((1, 1), (7, 7), (28, 31), (89, 92), (181, 184), (365, 366))


def _serial_header_count(cells: list[Any]) -> int:
    """How many cells of a row are Excel serial dates of a header: at least three
    numbers, all in 1990..2099, rising by a steady day, week, month, quarter, half or
    year (a row of amounts practically never does)."""
    numbers = [v for v in cells if type(v) is float]
    if len(numbers) < 3 or not all(_SERIALS[0] <= v <= _SERIALS[1] for v in numbers):
        return 0
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    for low, high in _STEPS:
        if all(low <= step <= high for step in steps):
            return len(numbers)
    return 0


def detect_header_row(grid: Grid) -> int:
    """The header row (1-based) of ``grid`` (module notes); 1 for an empty sheet."""
    best, best_score = 1, 0
    for r in range(min(grid.height, HEADER_SCAN_ROWS)):
        cells = grid.filled_row(r)
        # Distinct texts: a title merged across the table counts once, not once per cell.
        score = (len({header_key(v) for v in cells if _header_like(v, grid.date1904)})
                 + _serial_header_count(cells))
        if score < 2 or not _has_data_below(grid, r):
            continue
        if score > best_score:
            best, best_score = r + 1, score
    return best


def _has_data_below(grid: Grid, r: int) -> bool:
    for row in grid.rows[r + 1:r + 12]:
        if any(not is_blank(v) for v in row):
            return True
    return False


def _column_cells(grid: Grid, header_row: int, c: int) -> list[Any]:
    return [row[c] for row in grid.rows[header_row:header_row + _SAMPLE] if not is_blank(row[c])]


def _kind(cells: list[Any], date1904: bool) -> str:
    """``date``, ``number``, ``text`` or ``empty``: what most cells of a column are."""
    if not cells:
        return "empty"
    dates = sum(is_period(v, date1904=date1904, header=False) for v in cells)
    numbers = sum((isinstance(v, int | float) and not isinstance(v, bool)) or _is_number_text(v)
                  for v in cells)
    if dates >= 0.6 * len(cells) and dates >= numbers:
        return "date"
    if numbers >= 0.6 * len(cells):
        return "number"
    return "text"


def _word_score(header: Any, words: Sequence[str]) -> int:
    key = header_key(header)
    return int(bool(key) and any(key == w or key.startswith(w + " ") or key.endswith(" " + w)
                                 for w in words))


def _node_keys(nodes: Sequence[KpiNode]) -> set[str]:
    return {header_key(n.code) for n in nodes} | {header_key(n.name) for n in nodes}


def _pick_label(grid: Grid, header_row: int, candidates: list[int], nodes: Sequence[KpiNode]) -> int | None:
    if not candidates:
        return None
    keys = _node_keys(nodes)
    headers = grid.filled_row(header_row - 1)

    def score(c: int) -> tuple[int, int, int, int]:
        cells = [parse_text(v) for v in _column_cells(grid, header_row, c)]
        matches = sum(header_key(v) in keys for v in cells)
        return matches, _word_score(headers[c], LABEL_WORDS), len(set(cells)), -c

    return max(candidates, key=score)


def column_ref(grid: Grid, header_row: int, col: int) -> ColumnRef:
    """The ``ColumnRef`` of 0-based column ``col`` under header row ``header_row``: what the
    wizard puts into the spec when the user picks a column (a column without a header is
    named by its letter)."""
    headers = grid.filled_row(header_row - 1)
    header = parse_text(headers[col]) if col < len(headers) else ""
    return ColumnRef(header or column_letter(col), column_letter(col))


def _ref(grid: Grid, header_row: int, c: int | None) -> ColumnRef | None:
    return None if c is None else column_ref(grid, header_row, c)


def detect_spec(grid: Grid, nodes: Sequence[KpiNode] = ()) -> ImportSpec:
    """A complete first guess of the spec for ``grid`` (module notes)."""
    spec = ImportSpec(sheet=grid.sheet, header_row=detect_header_row(grid))
    if grid.csv_format is not None:
        spec.decimal_comma = grid.csv_format.decimal_comma
        spec.csv_encoding = grid.csv_format.encoding
        spec.csv_delimiter = grid.csv_format.delimiter
    return redetect(grid, spec, nodes=nodes)


def redetect(grid: Grid, spec: ImportSpec, *, header_row: int | None = None,
             layout: str | None = None, nodes: Sequence[KpiNode] = ()) -> ImportSpec:
    """A copy of ``spec`` with the columns chosen again for ``header_row`` and ``layout``
    (each detected when None); the mapping and the other choices are kept."""
    spec = replace(spec, mapping=dict(spec.mapping), new_nodes=dict(spec.new_nodes))
    if header_row is not None:
        spec.header_row = header_row
    hr = spec.header_row
    headers = grid.filled_row(hr - 1) if hr - 1 < grid.height else []
    wide = period_columns(grid, spec) if headers else []
    used = {c for c, _ in wide}
    kinds = {c: _kind(_column_cells(grid, hr, c), grid.date1904)
             for c in range(len(headers)) if c not in used}
    dates = [c for c, k in kinds.items() if k == "date"]
    texts = [c for c, k in kinds.items() if k == "text"]
    numbers = [c for c, k in kinds.items() if k == "number"]
    if layout is None:
        layout = "wide" if len(wide) >= 2 else "long" if dates and texts else "columns" if dates else "wide"
    spec.layout = layout
    spec.label_column = spec.date_column = spec.value_column = spec.note_column = None
    if layout == "wide":
        first_period = min(used) if used else len(headers)
        left = [c for c in texts if c < first_period] or texts
        spec.label_column = _ref(grid, hr, _pick_label(grid, hr, left, nodes))
    else:
        date_col = max(dates, key=lambda c: (_word_score(headers[c], DATE_WORDS), -c)) if dates else None
        spec.date_column = _ref(grid, hr, date_col)
        if layout == "long":
            notes = [c for c in texts if _word_score(headers[c], NOTE_WORDS)]
            labels = [c for c in texts if c not in notes]
            spec.label_column = _ref(grid, hr, _pick_label(grid, hr, labels, nodes))
            spec.note_column = _ref(grid, hr, notes[0] if notes else None)
            value_col = (max(numbers, key=lambda c: (_word_score(headers[c], VALUE_WORDS), -c))
                         if numbers else None)
            spec.value_column = _ref(grid, hr, value_col)
    if spec.day_first is None:
        texts_for_dates = [v for v in headers if type(v) is str]
        if spec.date_column is not None:
            c = column_index(spec.date_column)
            texts_for_dates = [v for v in _column_cells(grid, hr, c) if type(v) is str]
        spec.day_first = vote_day_first(texts_for_dates)
    if spec.decimal_comma is None:
        spec.decimal_comma = vote_decimal_comma(
            [v for row in grid.rows[hr:hr + 2000] for v in row if type(v) is str and v])
    spec.percent = _percent_mode(grid, hr, nodes)
    if spec.scale == 1.0:
        spec.scale = detect_scale(grid, hr)
    return spec


_THOUSANDS = re.compile(r"\bin\s+(?:\w+\s+)?thousands?\b|\(\s*'?000\s*\)|'000\b|\bteur\b|\btusd\b|"
                        r"\bk\s*(?:eur|usd|gbp|chf|€|\$|£)|(?:eur|usd|gbp|chf|€|\$|£)\s*k\b|"
                        r"\bin\s+tausend\b|\btsd\.?(?:\s|$)|\ben\s+milliers\b|\bk€", re.IGNORECASE)
_MILLIONS = re.compile(r"\bin\s+(?:\w+\s+)?millions?\b|\bmio\.?(?:\s|$)|\bmillionen\b|\bmn\b|"
                       r"\b(?:eur|usd|gbp|chf)\s*m\b|(?:€|\$|£)\s*m\b|\ben\s+millions\b|\bm€",
                       re.IGNORECASE)


def detect_scale(grid: Grid, header_row: int) -> float:
    """1000 when the title rows or the header row say the amounts are in thousands
    (``in EUR thousands``, ``(000)``, ``TEUR``, ``k€``, ``in Tausend``...), 1,000,000
    for millions (``in millions``, ``Mio``, ``EUR m``...), else 1."""
    texts = [v for row in grid.rows[:header_row] for v in row if type(v) is str and v.strip()]
    for text in texts:
        if _MILLIONS.search(text):
            return 1_000_000.0
        if _THOUSANDS.search(text):
            return 1000.0
    return 1.0


def column_index(ref: ColumnRef) -> int:
    """The 0-based index of a column letter (``A`` → 0)."""
    index = 0
    for ch in ref.letter.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _percent_mode(grid: Grid, header_row: int, nodes: Sequence[KpiNode]) -> str:
    cells = [v for row in grid.rows[header_row:header_row + 2000] for v in row[1:]
             if not is_blank(v)]
    if any(type(v) is str and v.strip().endswith("%") for v in cells):
        return "fraction"
    numbers = [v for v in cells if type(v) is float]
    if numbers and all(-1.5 <= v <= 1.5 for v in numbers) and any(n.unit.strip() == "%" for n in nodes):
        return "fraction"
    return "points"
