"""A grid read through an ``ImportSpec``: the values it holds, each with its place.

``read_table(grid, spec)`` resolves the spec's columns in the header row (by
header text, case- and space-insensitively; merged header cells are filled
across, and a wide sheet's two-row headers such as a merged ``2027`` over
``Jan`` ``Feb`` ``Mar`` are read as ``Jan 2027``...), then walks the rows below:

* a blank row is a separator: skipped, reported once per run of blank rows;
* a row whose label reads as a total (``Total``, ``Sum``, ``Gesamt``...,
  ``spec.is_total_label``) is skipped with that reason;
* a row without a label (long and wide) or without a date (long and columns)
  is skipped with the reason;
* in a wide sheet, period columns coarser than the finest ones (a ``Q1 2027``
  or ``FY2027`` subtotal beside month columns) are skipped as totals;
* an empty value cell is no value (not reported); a dash is "no value" and
  reported; a cell that is not a number is reported with the parser's message.

Every value becomes an ``Observation`` (label, period, number, note, place);
every skip a ``Skipped`` (place ``Sheet!Cell`` and reason); every problem that
stops the import (a column of the spec missing from the header row, the header
found in another row) a ``Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..parsing import ParseError, is_blank, parse_number, parse_text, vote_day_first, vote_decimal_comma
from ..report import Problem, column_letter
from .periods import GRAINS, PeriodRef, parse_period
from .source import Grid
from .spec import SKIP, ColumnRef, ImportSpec, header_key, is_total_label

HEADER_SCAN_ROWS = 30


@dataclass(frozen=True, slots=True)
class Observation:
    """One value in the file: for ``label`` in ``period``, at ``Sheet!cell``."""

    label: str
    period: PeriodRef
    value: float
    percent_text: bool  # written as "45%" (so a fraction, whatever the spec says)
    note: str | None
    place: str  # Sheet!C7 of the value


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row or cell left out, and why (``place`` is ``Sheet!Cell`` or ``Sheet!5:7``)."""

    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"


@dataclass
class SourceTable:
    """What a grid holds under a spec (see the module notes)."""

    sheet: str
    observations: list[Observation] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # label -> Sheet!Cell of its first use
    periods: list[PeriodRef] = field(default_factory=list)  # the periods found, in file order

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def header_cells(grid: Grid, header_row: int) -> list[Any]:
    """The header row (1-based ``header_row``) with merged cells filled across."""
    return grid.filled_row(header_row - 1)


def find_column(grid: Grid, header_row: int, ref: ColumnRef) -> int | None:
    """The 0-based column whose header in ``header_row`` is ``ref.header`` (the one at
    ``ref.letter`` when several are), else None."""
    key = header_key(ref.header)
    found = [i for i, v in enumerate(header_cells(grid, header_row)) if header_key(v) == key]
    if not found:
        return None
    for i in found:
        if column_letter(i) == ref.letter:
            return i
    return found[0]


def _locate_header(grid: Grid, refs: list[ColumnRef]) -> int | None:
    """The row (1-based) among the first rows where most of ``refs`` are headers."""
    keys = {header_key(r.header) for r in refs}
    best, best_count = None, 0
    for r in range(min(grid.height, HEADER_SCAN_ROWS)):
        count = len(keys & {header_key(v) for v in grid.filled_row(r)})
        if count > best_count:
            best, best_count = r + 1, count
    return best


def _resolve(grid: Grid, spec: ImportSpec, table: SourceTable) -> dict[str, int] | None:
    """Column index of every column the spec names; problems (and None) when some are
    missing from the header row."""
    used = {"long": ("label_column", "date_column", "value_column", "note_column"),
            "wide": ("label_column",), "columns": ("date_column",)}[spec.layout]
    refs = {name: getattr(spec, name) for name in used}
    needed = set(spec.missing_fields())
    for name in sorted(needed):
        table.problems.append(Problem(grid.sheet, f"A{spec.header_row}",
                                      f"choose the {name.replace('_column', '')} column"))
    columns: dict[str, int] = {}
    missing: list[tuple[str, ColumnRef]] = []
    for name, ref in refs.items():
        if ref is None:
            continue
        index = find_column(grid, spec.header_row, ref)
        if index is None:
            missing.append((name, ref))
        else:
            columns[name] = index
    if missing:
        elsewhere = _locate_header(grid, [ref for _, ref in missing])
        for name, ref in missing:
            where = f"{ref.letter or 'A'}{spec.header_row}"
            text = (f"the column {ref.header!r} ({name.replace('_column', '')}) is not in the "
                    f"header row {spec.header_row}")
            if elsewhere is not None and elsewhere != spec.header_row:
                text += (f"; the headers now seem to be in row {elsewhere}: the file's layout "
                         "changed, check the header row")
            table.problems.append(Problem(grid.sheet, where, text))
    return None if (missing or needed) else columns


def read_table(grid: Grid, spec: ImportSpec) -> SourceTable:
    """The observations, skips and problems of ``grid`` under ``spec`` (module notes)."""
    table = SourceTable(grid.sheet)
    if all(grid.is_blank_row(r) for r in range(grid.height)):
        table.problems.append(Problem(grid.sheet, "", "the sheet is empty"))
        return table
    if spec.header_row > grid.height:
        table.problems.append(Problem(grid.sheet, f"A{spec.header_row}",
                                      f"the header row {spec.header_row} is below the last row "
                                      f"({grid.height}) of the sheet"))
        return table
    columns = _resolve(grid, spec, table)
    if columns is None:
        return table
    first = spec.header_row  # 0-based index of the first data row
    decimal_comma = spec.decimal_comma
    if decimal_comma is None:
        decimal_comma = (grid.csv_format.decimal_comma if grid.csv_format is not None
                         else vote_decimal_comma(_texts(grid, first)))
    reader = _Reader(grid, spec, table, bool(decimal_comma))
    if spec.layout == "wide":
        reader.wide(columns["label_column"])
    elif spec.layout == "long":
        reader.long(columns)
    else:
        reader.columns(columns["date_column"])
    return table


def _texts(grid: Grid, first: int) -> list[str]:
    return [v for row in grid.rows[first:first + 2000] for v in row if type(v) is str and v]


class _Reader:
    """Walks the data rows of one layout, filling the table."""

    def __init__(self, grid: Grid, spec: ImportSpec, table: SourceTable, decimal_comma: bool) -> None:
        self.grid, self.spec, self.table = grid, spec, table
        self.decimal_comma = decimal_comma
        self.first = spec.header_row
        self._blank_start: int | None = None

    # --- shared -------------------------------------------------------------------------

    def _rows(self):  # noqa: ANN202 - yields (0-based index, row)
        """The data rows, reporting runs of blank rows between them as separators."""
        rows = self.grid.rows
        last = len(rows)
        while last > self.first and all(is_blank(v) for v in rows[last - 1]):
            last -= 1  # trailing blank rows are the sheet's end, not separators
        for r in range(self.first, last):
            row = rows[r]
            if all(is_blank(v) for v in row):
                if self._blank_start is None:
                    self._blank_start = r
                continue
            if self._blank_start is not None:
                a, b = self._blank_start + 1, r
                where = f"{self.grid.sheet}!{a}" + (f":{b}" if b > a else "")
                self.table.skipped.append(Skipped(where, "blank separator row" + ("s" if b > a else "")))
                self._blank_start = None
            yield r, row

    def _number(self, raw: Any, r: int, c: int) -> tuple[float, bool] | None:
        """(value, written as a percent text) of a value cell; None when empty or refused."""
        if type(raw) is float:
            return raw, False
        if is_blank(raw):
            return None
        place = self.grid.place(r, c)
        if isinstance(raw, int) and not isinstance(raw, bool):
            return float(raw), False
        try:
            number = parse_number(raw, decimal_comma=self.decimal_comma)
        except ParseError as exc:
            self.table.skipped.append(Skipped(place, f"not a number: {exc}"))
            return None
        if number is None:
            self.table.skipped.append(Skipped(place, "a dash: no value"))
            return None
        return number, isinstance(raw, str) and raw.strip().endswith("%")

    def _label(self, raw: Any, r: int, c: int) -> str | None:
        """The label of row ``r`` (None when the row is skipped, with its reason)."""
        label = parse_text(raw) if not is_blank(raw) else ""
        if not label:
            self.table.skipped.append(Skipped(self.grid.place(r, c), "no KPI name in this row"))
            return None
        if is_total_label(label):
            self.table.skipped.append(Skipped(self.grid.place(r, c), f"totals row ({label!r})"))
            return None
        self.table.labels.setdefault(label, self.grid.place(r, c))
        if self.spec.mapping.get(label) == SKIP and label not in self.spec.new_nodes:
            return None  # left out by choice: its cells are not read (the plan says so once)
        return label

    def _period(self, raw: Any, r: int, c: int, day_first: bool | None) -> PeriodRef | None:
        if is_blank(raw):
            self.table.skipped.append(Skipped(self.grid.place(r, c), "no date in this row"))
            return None
        if type(raw) is str and is_total_label(raw):
            self.table.skipped.append(Skipped(self.grid.place(r, c), f"totals row ({raw.strip()!r})"))
            return None
        try:
            return parse_period(raw, date1904=self.grid.date1904, day_first=day_first)
        except ParseError as exc:
            self.table.skipped.append(Skipped(self.grid.place(r, c), f"not a date: {exc}"))
            return None

    def _day_first(self, cells: list[Any]) -> bool | None:
        if self.spec.day_first is not None:
            return self.spec.day_first
        return vote_day_first(v for v in cells if type(v) is str)

    # --- layouts ------------------------------------------------------------------------

    def wide(self, label_col: int) -> None:
        periods = period_columns(self.grid, self.spec, label_col)
        if not periods:
            self.table.problems.append(Problem(
                self.grid.sheet, f"A{self.spec.header_row}",
                f"no column header in row {self.spec.header_row} reads as a date or period "
                "(such as Jan 2027, 2027-01, Q1 2027); check the header row and the layout"))
            return
        finest = min(GRAINS.index(p.grain) for _, p in periods)
        for c, period in periods:
            if GRAINS.index(period.grain) > finest:
                self.table.skipped.append(Skipped(
                    self.grid.place(self.spec.header_row - 1, c),
                    f"{period.label()} column: a {period.grain} total beside "
                    f"{GRAINS[finest]} columns; left out"))
        periods = [(c, p) for c, p in periods if GRAINS.index(p.grain) == finest]
        self.table.periods = [p for _, p in periods]
        prefixes = [(c, period, f"{self.grid.sheet}!{column_letter(c)}") for c, period in periods]
        observations = self.table.observations
        for r, row in self._rows():
            label = self._label(row[label_col], r, label_col)
            if label is None:
                continue
            number = str(r + 1)
            for c, period, prefix in prefixes:
                raw = row[c]
                if type(raw) is float:
                    observations.append(Observation(label, period, raw, False, None, prefix + number))
                    continue
                got = self._number(raw, r, c)
                if got is not None:
                    observations.append(Observation(label, period, got[0], got[1], None,
                                                    self.grid.place(r, c)))

    def long(self, columns: dict[str, int]) -> None:
        label_col, date_col = columns["label_column"], columns["date_column"]
        value_col, note_col = columns["value_column"], columns.get("note_column")
        day_first = self._day_first([row[date_col] for row in self.grid.rows[self.first:]])
        periods: dict[PeriodRef, None] = {}
        for r, row in self._rows():
            label = self._label(row[label_col], r, label_col)
            if label is None:
                continue
            period = self._period(row[date_col], r, date_col, day_first)
            if period is None:
                continue
            got = self._number(row[value_col], r, value_col)
            if got is None:
                if is_blank(row[value_col]):
                    self.table.skipped.append(Skipped(self.grid.place(r, value_col), "no value"))
                continue
            note = parse_text(row[note_col]) if note_col is not None and not is_blank(row[note_col]) else None
            periods.setdefault(period)
            self.table.observations.append(Observation(label, period, got[0], got[1], note,
                                                       self.grid.place(r, value_col)))
        self.table.periods = sorted(periods, key=lambda p: p.start)

    def columns(self, date_col: int) -> None:
        headers = header_cells(self.grid, self.spec.header_row)
        kpis = []
        for c, raw in enumerate(headers):
            if c == date_col or is_blank(raw):
                continue
            label = parse_text(raw)
            if is_total_label(label):
                self.table.skipped.append(Skipped(self.grid.place(self.spec.header_row - 1, c),
                                                  f"totals column ({label!r})"))
                continue
            self.table.labels.setdefault(label, self.grid.place(self.spec.header_row - 1, c))
            if self.spec.mapping.get(label) != SKIP or label in self.spec.new_nodes:
                kpis.append((c, label))
        day_first = self._day_first([row[date_col] for row in self.grid.rows[self.first:]])
        periods: dict[PeriodRef, None] = {}
        for r, row in self._rows():
            period = self._period(row[date_col], r, date_col, day_first)
            if period is None:
                continue
            periods.setdefault(period)
            for c, label in kpis:
                got = self._number(row[c], r, c)
                if got is not None:
                    self.table.observations.append(Observation(label, period, got[0], got[1], None,
                                                               self.grid.place(r, c)))
        self.table.periods = sorted(periods, key=lambda p: p.start)


def period_columns(grid: Grid, spec: ImportSpec, label_col: int | None = None
                   ) -> list[tuple[int, PeriodRef]]:
    """The columns of a wide sheet whose header reads as a date or period, with it.

    A header that is not a period alone is read together with the (merged, filled)
    cell above it: ``Jan`` under a merged ``2027`` is ``Jan 2027``.
    """
    row = spec.header_row - 1
    headers = grid.filled_row(row)
    above = grid.filled_row(row - 1) if row > 0 else [""] * len(headers)
    texts = [h for h in headers if type(h) is str]
    day_first = spec.day_first if spec.day_first is not None else vote_day_first(texts)
    out = []
    for c, raw in enumerate(headers):
        if c == label_col or is_blank(raw):
            continue
        try:
            out.append((c, parse_period(raw, date1904=grid.date1904, day_first=day_first,
                                        header=True)))
            continue
        except ParseError:
            pass
        top = above[c] if c < len(above) else ""
        if is_blank(top):
            continue
        try:
            out.append((c, parse_period(f"{parse_text(raw)} {parse_text(top)}",
                                        date1904=grid.date1904, day_first=day_first, header=True)))
        except ParseError:
            continue
    return out

