"""What the Import values wizard has chosen so far, step by step (no Qt).

The wizard's pages only show and change a ``WizardState``; every reading,
detection, matching and planning step is the Qt-free core's
(``okrdesk.excel.foreign``). This class keeps the pieces together (the file,
the sheet's grid, the ``ImportSpec`` being built, the table read through it and
the label matches) and knows which core call each user choice needs:

* ``open(path, csv_format)`` (with the first sheet) and ``load_sheet(sheet)``:
  ``open_source`` and a first ``detect_spec`` (or, when the wizard was opened from a profile, that
  profile's spec, so next month's file keeps every earlier decision);
* ``set_header_row`` / ``set_layout``: ``redetect``; ``set_column``: the one
  column the user picked;
* ``read()``: ``read_table`` then ``match_labels`` and ``apply_matches``;
* ``decide_*``: ``ImportSpec.map_label`` / ``skip_label`` / ``create_label``;
* ``plan()``: ``plan_import`` (not strict: undecided labels are skipped).

Methods that read the file may run in a worker thread (the wizard calls them
from ``Job``\\ s); they never touch Qt. Those with several steps take ``check``, a
callable that raises once the user cancelled: it is called between the steps, before
anything is kept, so a cancelled step leaves the state as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from okrdesk.domain.entities import KpiNode
from okrdesk.excel.foreign import (
    SKIP,
    CsvFormat,
    Grid,
    ImportSpec,
    LabelMatch,
    SourceBook,
    SourceTable,
    ValuesPlan,
    apply_matches,
    column_ref,
    detect_spec,
    match_labels,
    open_source,
    plan_import,
    read_table,
    redetect,
    suggest_code,
)
from okrdesk.excel.foreign.detect import column_index
from okrdesk.excel.foreign.periods import PeriodRef, parse_period
from okrdesk.excel.foreign.table import period_columns
from okrdesk.excel.parsing import ParseError, is_blank, parse_text, vote_day_first

#: The columns a spec can name, in the order the layout page offers them.
COLUMN_FIELDS = ("label_column", "date_column", "value_column", "note_column")
#: Which of them each layout uses (the note column is optional).
LAYOUT_FIELDS = {
    "long": ("label_column", "date_column", "value_column", "note_column"),
    "wide": ("label_column",),
    "columns": ("date_column",),
}


Check = Callable[[], None]


def _go_on() -> None:
    """The ``check`` of a step that cannot be cancelled."""


@dataclass(frozen=True)
class Decision:
    """What happens to one label of the file.

    ``action``: ``map`` (into ``code``), ``skip``, ``create`` (a new measure node
    ``code``) or ``undecided`` (``code`` is the suggestion, if any).
    """

    action: str
    code: str | None = None


def cell_text(value: Any) -> str:
    """A raw cell as a person reads it: dates as ISO dates, whole numbers without ``.0``."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    return str(value)


class WizardState:
    """The choices of one run of the wizard (module notes)."""

    def __init__(self, service: Any, *, profile_name: str = "",
                 profile_spec: ImportSpec | None = None) -> None:
        self.service = service
        self.nodes: list[KpiNode] = list(service.kpi_nodes())
        self.profile_name = profile_name  # the profile the wizard was opened from
        self._profile_spec = profile_spec
        self.path: Path | None = None
        self.book: SourceBook | None = None
        self.grid: Grid | None = None
        self.spec: ImportSpec | None = None
        self.table: SourceTable | None = None
        self.matches: dict[str, LabelMatch] = {}
        self.layout_forced = False

    # --- file and sheet -----------------------------------------------------------------

    def open(self, path: str | Path, csv_format: CsvFormat | None = None,
             check: Check = _go_on) -> SourceBook:
        """Open ``path`` and read its first sheet (the profile's, when the file has it);
        SourceError when it cannot be read. Nothing is kept when it fails or is cancelled."""
        if csv_format is None and self._profile_spec is not None:
            spec = self._profile_spec
            if spec.csv_encoding and spec.csv_delimiter:
                csv_format = CsvFormat(spec.csv_encoding, spec.csv_delimiter, bool(spec.decimal_comma))
        book = open_source(path, csv_format=csv_format)
        check()
        grid, spec, forced = self._first_spec(book, self._default_sheet(book), check)
        self.path, self.book = Path(path), book
        self._keep(grid, spec, forced)
        return book

    @property
    def is_csv(self) -> bool:
        return self.book is not None and self.book.kind == "csv"

    def _default_sheet(self, book: SourceBook) -> str:
        """The sheet to show first: the profile's sheet when the file has it, else the first."""
        wanted = self._profile_spec.sheet if self._profile_spec is not None else None
        return wanted if wanted in book.sheet_names else book.sheet_names[0]

    def load_sheet(self, sheet: str | None = None, check: Check = _go_on) -> Grid:
        """Read ``sheet`` of the open file and make the first spec for it (module notes)."""
        assert self.book is not None
        grid, spec, forced = self._first_spec(self.book, sheet, check)
        self._keep(grid, spec, forced)
        return grid

    def _first_spec(self, book: SourceBook, sheet: str | None,
                    check: Check) -> tuple[Grid, ImportSpec, bool]:
        """The grid of ``sheet``, its first spec, and whether the layout is the profile's."""
        grid = book.grid(sheet)
        check()
        profile = self._profile_spec
        if profile is not None:
            spec = replace(profile, mapping=dict(profile.mapping), new_nodes=dict(profile.new_nodes),
                           sheet=grid.sheet if book.kind != "csv" else profile.sheet)
        else:
            spec = detect_spec(grid, self.nodes)
            check()
        if grid.csv_format is not None:
            spec.csv_encoding = grid.csv_format.encoding
            spec.csv_delimiter = grid.csv_format.delimiter
            spec.decimal_comma = grid.csv_format.decimal_comma
        return grid, spec, profile is not None

    def _keep(self, grid: Grid, spec: ImportSpec, layout_forced: bool) -> None:
        self.grid, self.spec, self.layout_forced = grid, spec, layout_forced
        self.table, self.matches = None, {}

    # --- layout -------------------------------------------------------------------------

    def set_header_row(self, row: int) -> ImportSpec:
        """The header row is Excel row ``row``: choose the columns again (and the layout,
        unless the user picked it)."""
        assert self.grid is not None and self.spec is not None
        layout = self.spec.layout if self.layout_forced else None
        self.spec = redetect(self.grid, self.spec, header_row=row, layout=layout, nodes=self.nodes)
        self.table = None
        return self.spec

    def set_layout(self, layout: str) -> ImportSpec:
        """The user picked ``layout``: choose its columns again."""
        assert self.grid is not None and self.spec is not None
        self.layout_forced = True
        self.spec = redetect(self.grid, self.spec, layout=layout, nodes=self.nodes)
        self.table = None
        return self.spec

    def headers(self) -> list[str]:
        """The header row's texts (merged cells filled across; the letter when blank)."""
        assert self.grid is not None and self.spec is not None
        cells = self.grid.filled_row(self.spec.header_row - 1)
        return [parse_text(v) if not is_blank(v) else "" for v in cells]

    def column_of(self, name: str) -> int | None:
        """The 0-based column chosen for ``name`` (``label_column``...), None when none."""
        assert self.spec is not None
        ref = getattr(self.spec, name)
        return column_index(ref) if ref is not None and ref.letter else None

    def set_column(self, name: str, column: int | None) -> None:
        """Use the 0-based ``column`` (None: none) as ``name``."""
        assert self.grid is not None and self.spec is not None and name in COLUMN_FIELDS
        ref = None if column is None else column_ref(self.grid, self.spec.header_row, column)
        setattr(self.spec, name, ref)
        self.table = None

    def set_option(self, **changes: Any) -> None:
        """Change plain spec fields (``day_first``, ``decimal_comma``, ``scale``, ``percent``,
        ``new_parent``)."""
        assert self.spec is not None
        for name, value in changes.items():
            setattr(self.spec, name, value)
        if {"day_first", "decimal_comma"} & set(changes):
            self.table = None
        if "new_parent" in changes:  # new nodes' codes start with their parent's
            for label in list(self.spec.new_nodes):
                self.decide_create(label)

    def period_columns(self) -> list[tuple[int, PeriodRef]]:
        """The columns of a wide sheet read as periods (0-based column, period)."""
        assert self.grid is not None and self.spec is not None
        if self.spec.layout != "wide":
            return []
        return period_columns(self.grid, self.spec, self.column_of("label_column"))

    def date_summary(self) -> tuple[list[tuple[str, str]], int, str]:
        """How the dates of the sheet read under the spec: up to three examples
        (cell text, what it reads as), how many date columns or cells were read, and
        the grain of the first (``month``, ``day``...; "" when none read)."""
        assert self.grid is not None and self.spec is not None
        grid, spec = self.grid, self.spec
        if spec.layout == "wide":
            found = self.period_columns()
            headers = grid.filled_row(spec.header_row - 1)
            examples = [(cell_text(headers[c]), p.label()) for c, p in found[:3]]
            return examples, len(found), found[0][1].grain if found else ""
        col = self.column_of("date_column")
        if col is None:
            return [], 0, ""
        cells = [row[col] for row in grid.rows[spec.header_row:spec.header_row + 500]
                 if not is_blank(row[col])]
        day_first = spec.day_first if spec.day_first is not None else vote_day_first(
            v for v in cells if type(v) is str)
        examples, read, grain = [], 0, ""
        for value in cells:
            try:
                period = parse_period(value, date1904=grid.date1904, day_first=day_first)
            except ParseError:
                continue
            read += 1
            grain = grain or period.grain
            if len(examples) < 3 and all(raw != cell_text(value) for raw, _ in examples):
                examples.append((cell_text(value), period.label()))
        return examples, read, grain

    # --- labels -------------------------------------------------------------------------

    def read(self, check: Check = _go_on) -> SourceTable:
        """Read the sheet through the spec and match its labels to nodes."""
        assert self.grid is not None and self.spec is not None
        table = read_table(self.grid, self.spec)
        check()
        matches = match_labels(table.labels, self.nodes)
        check()
        apply_matches(self.spec, matches)
        self.table = table
        self.matches = {m.label: m for m in matches}
        return table

    def labels(self) -> list[str]:
        """The labels of the file, in file order."""
        return list(self.table.labels) if self.table is not None else []

    def decision(self, label: str) -> Decision:
        assert self.spec is not None
        new = self.spec.new_nodes.get(label)
        if new is not None:
            return Decision("create", new.code)
        code = self.spec.mapping.get(label)
        if code == SKIP:
            return Decision("skip")
        if code is not None:
            return Decision("map", code)
        match = self.matches.get(label)
        return Decision("undecided", match.code if match is not None else None)

    def decide_map(self, label: str, code: str) -> None:
        assert self.spec is not None
        self.spec.map_label(label, code)

    def decide_skip(self, label: str) -> None:
        assert self.spec is not None
        self.spec.skip_label(label)

    def decide_create(self, label: str) -> str:
        """Create ``label`` as a new measure node; returns the code it gets."""
        assert self.spec is not None
        taken = {n.code for n in self.nodes} | {n.code for k, n in self.spec.new_nodes.items()
                                                if k != label}
        code = suggest_code(label, self.spec.new_parent, taken)
        self.spec.create_label(label, code)
        return code

    def undecide(self, label: str) -> None:
        """Forget the decision on ``label`` (it is skipped as "not mapped" until decided)."""
        assert self.spec is not None
        self.spec.mapping.pop(label, None)
        self.spec.new_nodes.pop(label, None)

    def counts(self) -> dict[str, int]:
        """How many labels are mapped, skipped, created and undecided."""
        out = {"map": 0, "skip": 0, "create": 0, "undecided": 0}
        for label in self.labels():
            out[self.decision(label).action] += 1
        return out

    # --- plan ---------------------------------------------------------------------------

    def plan(self, check: Check = _go_on) -> ValuesPlan:
        """What the import would change (not strict: undecided labels are skipped)."""
        assert self.grid is not None and self.spec is not None and self.path is not None
        table = self.table if self.table is not None else self.read(check)
        check()
        return plan_import(self.service, self.grid, self.spec, file_name=self.path.name,
                           strict=False, table=table)


__all__ = ["COLUMN_FIELDS", "Decision", "LAYOUT_FIELDS", "WizardState", "cell_text"]
