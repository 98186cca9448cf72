"""The one definition of the okrdesk workbook (PRODUCT.md §4), shared by reader and writer.

A workbook is a set of sheets (``SHEETS``, in order). A data sheet has one
header row (row 1) and one record per row below it. Each column is a
``ColumnSpec``: its header, the field name used in code, a kind (text, number,
date, enum, bool, ref), header synonyms a user may type instead, the enum words
accepted, and how the writer lays it out (width, number format, read-only,
hidden).

Rows are matched on re-import by the sheet's ``key`` fields (``Code`` for KPI
nodes, ``Ref`` for objectives and key results, ``Name`` for teams, people and
periods). The hidden ``_rev`` column carries the revision of the row at export
time so that a row changed both in the workspace and in the workbook since the
export is detected as a conflict.

Nothing here imports Qt, openpyxl or calamine: it is plain data plus a few
pure helpers (``header_key``, ``match_headers``, ``parse_enum``, ``parse_bool``,
``formula_text``, ``parse_formula``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from okrdesk.domain.entities import Pace

FORMAT_VERSION = 1

ColumnKind = Literal["text", "number", "date", "enum", "bool", "ref"]

# --- sheet names --------------------------------------------------------------------

README = "Read me"
TEAMS = "Teams"
PEOPLE = "People"
KPI_TREE = "KPI Tree"
MEASUREMENTS = "Measurements"
PERIODS = "Periods"
OBJECTIVES = "Objectives"
KEY_RESULTS = "Key Results"
CHECK_INS = "Check-ins"
CHARTS = "Charts"
LISTS = "Lists"
CHART_DATA = "Chart data"

# --- the Read me sheet's machine-readable cells -------------------------------------

#: Column A label whose column B value is the format version (an integer).
VERSION_LABEL = "Format version"
#: Column A label of the (hidden) row that marks an export: column B holds the export
#: time (ISO 8601 text, UTC), column C the workspace identity, column D the
#: workspace's data revision at export time.
EXPORT_MARKER = "_exported"
#: Header of the hidden revision column on every sheet whose records carry a revision.
REVISION_HEADER = "_rev"

# --- number formats -----------------------------------------------------------------

DATE_FORMAT = "yyyy-mm-dd"
GENERAL = "General"
SCORE_FORMAT = "0.00"
INTEGER_FORMAT = "0"

from okrdesk.excel.words import (  # noqa: F401 - part of the format's public names
    header_key,
    EnumSpec,
    NODE_KINDS,
    DIRECTIONS,
    AGGREGATIONS,
    FREQUENCIES,
    CATEGORIES,
    FORMULAS,
    PERIOD_KINDS,
    OBJECTIVE_TYPES,
    OBJECTIVE_STATES,
    KR_KINDS,
    PACES,
    YES_NO,
    TRUE_WORDS,
    FALSE_WORDS,
    BOOL_WORDS,
    LEADING_WORDS,
    ENUMS,
    formula_text,
    influences_text,
    parse_formula,
    parse_influences,
)

# --- column and sheet specifications --------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a data sheet.

    ``enum_words`` maps a normalised typed word to its canonical value (enum
    columns); ``enum`` is the full ``EnumSpec`` (labels for the writer).
    ``ref_to`` names the sheet a ``ref`` column points at. ``read_only`` columns
    are computed by okrdesk and ignored on import; ``hidden`` columns are written
    hidden (revisions).
    """

    name: str
    field: str
    kind: ColumnKind = "text"
    required: bool = False
    synonyms: tuple[str, ...] = ()
    enum_words: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), repr=False)
    width: float = 14
    number_format: str = GENERAL
    read_only: bool = False
    hidden: bool = False
    enum: EnumSpec | None = field(default=None, repr=False)
    ref_to: str = ""
    help: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every normalised header that names this column (its name and synonyms)."""
        return (header_key(self.name), *(header_key(s) for s in self.synonyms))


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its name, columns in writing order, the key fields rows are matched
    on at re-import, whether an okrdesk workbook always has it (``required``), and a
    one-line purpose shown on the Read me sheet."""

    name: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    purpose: str = ""
    synonyms: tuple[str, ...] = ()

    def column(self, field_name: str) -> ColumnSpec:
        """The column of ``field_name``; KeyError naming the sheet when there is none."""
        for col in self.columns:
            if col.field == field_name:
                return col
        raise KeyError(f"sheet {self.name!r} has no column for field {field_name!r}")

    @property
    def visible_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(c for c in self.columns if not c.hidden)

    @property
    def has_revision(self) -> bool:
        return any(c.field == "revision" for c in self.columns)


def _text(name: str, field_name: str, *, width: float = 18, required: bool = False,
          synonyms: tuple[str, ...] = (), help: str = "", read_only: bool = False) -> ColumnSpec:
    return ColumnSpec(name, field_name, "text", required, synonyms, width=width, help=help,
                      read_only=read_only)


def _number(name: str, field_name: str, *, width: float = 12, required: bool = False,
            synonyms: tuple[str, ...] = (), fmt: str = GENERAL, help: str = "",
            read_only: bool = False) -> ColumnSpec:
    return ColumnSpec(name, field_name, "number", required, synonyms, width=width,
                      number_format=fmt, help=help, read_only=read_only)


def _date(name: str, field_name: str, *, required: bool = False, synonyms: tuple[str, ...] = (),
          help: str = "") -> ColumnSpec:
    return ColumnSpec(name, field_name, "date", required, synonyms, width=12,
                      number_format=DATE_FORMAT, help=help)


def _choice(name: str, field_name: str, enum: EnumSpec, *, width: float = 14,
            required: bool = False, synonyms: tuple[str, ...] = (), help: str = "",
            read_only: bool = False) -> ColumnSpec:
    return ColumnSpec(name, field_name, "enum", required, synonyms, enum.words, width=width,
                      enum=enum, help=help, read_only=read_only)


def _bool(name: str, field_name: str, *, synonyms: tuple[str, ...] = (), help: str = "",
          words: Mapping[str, bool] = BOOL_WORDS) -> ColumnSpec:
    as_text = MappingProxyType({k: ("yes" if v else "no") for k, v in words.items()})
    return ColumnSpec(name, field_name, "bool", False, synonyms, as_text, width=10,
                      enum=YES_NO, help=help)


def _ref(name: str, field_name: str, to: str, *, width: float = 18, required: bool = False,
         synonyms: tuple[str, ...] = (), help: str = "") -> ColumnSpec:
    return ColumnSpec(name, field_name, "ref", required, synonyms, width=width, ref_to=to,
                      help=help)


def _rev() -> ColumnSpec:
    return ColumnSpec(REVISION_HEADER, "revision", "number", False, ("revision", "rev"), width=6,
                      number_format=INTEGER_FORMAT, hidden=True,
                      help="Written by okrdesk; used to detect conflicting edits. Leave as is.")


TEAMS_SHEET = SheetSpec(TEAMS, (
    _text("Name", "name", width=26, required=True, synonyms=("Team", "Team name"),
          help="Unique team name."),
    _ref("Parent team", "parent", TEAMS, width=26,
         synonyms=("Parent", "Parent name", "Reports to", "Part of"),
         help="The team this one belongs to; empty for the company at the top."),
    _text("Description", "description", width=50, synonyms=("Notes", "About")),
    _rev(),
), key=("name",), purpose="The organisation: one row per team, the company at the top.")

PEOPLE_SHEET = SheetSpec(PEOPLE, (
    _text("Name", "name", width=26, required=True, synonyms=("Person", "Full name", "Person name"),
          help="Unique name; used in Owner and Author columns."),
    _text("Email", "email", width=30, synonyms=("E-mail", "Mail", "Email address")),
    _ref("Team", "team", TEAMS, width=24, synonyms=("Team name", "Department")),
    _rev(),
), key=("name",), purpose="Who owns KPIs, objectives and key results.")

KPI_TREE_SHEET = SheetSpec(KPI_TREE, (
    _text("Code", "code", width=16, required=True,
          synonyms=("KPI code", "Node code", "Metric code", "ID", "Key"),
          help="Short unique code, e.g. REV.NEW; letters, digits, dots, dashes, underscores."),
    _ref("Parent code", "parent_code", KPI_TREE, width=16,
         synonyms=("Parent", "Parent KPI", "Parent node", "Under"),
         help="Code of the node this one contributes to; empty for a top-level KPI."),
    _text("Name", "name", width=34, required=True, synonyms=("KPI", "KPI name", "Title", "Metric"),
          help="What is measured, in words."),
    _choice("Kind", "kind", NODE_KINDS, width=10, synonyms=("Type", "Node kind", "Node type"),
            help="KPI, Metric or Measure; empty means Metric."),
    _text("Formula", "formula", width=22, synonyms=("Calculation", "Rollup", "Roll-up", "Derived by"),
          help="How the value comes from the children: empty/Measured, Sum, Average, Product, "
               "Ratio, Weighted sum, or an expression over child codes such as VISITS * CONV."),
    _text("Unit", "unit", width=9, synonyms=("Units", "UoM", "Unit of measure")),
    _choice("Direction", "direction", DIRECTIONS, width=17, synonyms=("Polarity", "Better when", "Good direction"),
            help="Empty means Higher is better."),
    _choice("Aggregation", "aggregation", AGGREGATIONS, width=12,
            synonyms=("Time aggregation", "Aggregate", "Roll up over time"),
            help="How values within a month combine: Sum (flows), Last (stocks), Average (rates)."),
    _choice("Frequency", "frequency", FREQUENCIES, width=11, synonyms=("Reporting frequency", "Cadence"),
            help="Empty means Monthly."),
    _ref("Owner", "owner", PEOPLE, width=20, synonyms=("Owner name", "Responsible", "Accountable")),
    _ref("Team", "team", TEAMS, width=20, synonyms=("Team name", "Department")),
    _bool("Leading", "leading", synonyms=("Leading indicator", "Leading or lagging", "Lead/Lag"),
          words=LEADING_WORDS, help="Yes for a leading indicator, No (or empty) for lagging."),
    _number("Target", "target", synonyms=("Goal", "Target value")),
    _number("Green from", "green_from", synonyms=("Green", "Green threshold", "On target from")),
    _number("Red from", "red_from", synonyms=("Red", "Red threshold", "Off target from")),
    _text("Description", "description", width=40, synonyms=("Notes", "Definition", "About")),
    _choice("Category", "category", CATEGORIES, width=11, synonyms=("Strategic or health", "Metric type"),
            help="Strategic (a focus) or Health (kept in range); empty means Strategic."),
    _number("Weight", "weight", width=8, synonyms=("Child weight",),
            help="This node's weight in its parent's Weighted sum; empty means 1."),
    _text("Influences", "influences", width=30, synonyms=("Drives", "Influence links", "Drivers of"),
          help="Codes of other nodes this one drives without arithmetic (dashed links): one per "
               "line, optionally with a note after a colon (CHURN: promoters renew), or "
               "several codes separated by commas."),
    _number("Latest value", "latest_value", width=13, read_only=True,
            help="Computed by okrdesk at export; ignored on import."),
    _text("Status", "status", width=13, read_only=True,
          help="Computed by okrdesk from the latest value, target and thresholds; ignored on import."),
    _rev(),
), key=("code",), purpose="The KPI tree: one row per node, linked to its parent by Parent code.",
    synonyms=("KPIs", "KPI tree", "Tree", "Nodes", "Metrics"))

MEASUREMENTS_SHEET = SheetSpec(MEASUREMENTS, (
    _ref("Code", "code", KPI_TREE, width=16, required=True,
         synonyms=("KPI code", "Node code", "Metric code", "KPI")),
    _date("Date", "date", required=True, synonyms=("Day", "As of", "Period end", "Month")),
    _number("Value", "value", width=14, required=True, synonyms=("Amount", "Actual", "Measurement")),
    _text("Note", "note", width=36, synonyms=("Comment", "Notes", "Remark")),
    _text("Source", "source", width=14, synonyms=("Origin",),
          help="Where the value came from (manual, import:<profile>, check-in); empty means manual."),
    _rev(),
), key=("code", "date"), purpose="KPI values over time, one value per row (long format).",
    synonyms=("Values", "Data", "Actuals"))

PERIODS_SHEET = SheetSpec(PERIODS, (
    _text("Name", "name", width=14, required=True, synonyms=("Period", "Period name", "Quarter", "Cycle")),
    _choice("Kind", "kind", PERIOD_KINDS, width=10, synonyms=("Type", "Period kind"),
            help="Quarter, Year or Custom; empty means Quarter."),
    _date("Start", "start", required=True, synonyms=("Start date", "From", "Begins")),
    _date("End", "end", required=True, synonyms=("End date", "To", "Until", "Ends"),
          help="Last day of the period (inclusive)."),
    _bool("Closed", "closed", synonyms=("Is closed", "Finished"), help="Yes once the period is closed."),
), key=("name",), purpose="OKR periods (quarters, years or custom cycles).",
    synonyms=("Quarters", "Cycles"))

OBJECTIVES_SHEET = SheetSpec(OBJECTIVES, (
    _text("Ref", "ref", width=10, synonyms=("Objective ref", "ID", "Reference", "Objective ID"),
          help="Unique reference such as O-0012; leave empty on a new row and okrdesk assigns one."),
    _ref("Period", "period", PERIODS, width=11, synonyms=("Quarter", "Cycle", "Period name")),
    _ref("Team", "team", TEAMS, width=20, synonyms=("Team name", "Department")),
    _ref("Owner", "owner", PEOPLE, width=20, synonyms=("Owner name", "Responsible", "Accountable")),
    _text("Objective", "title", width=44, required=True, synonyms=("Title", "Objective title", "Name")),
    _text("Description", "description", width=36, synonyms=("Notes", "Details", "Why")),
    _choice("Type", "type", OBJECTIVE_TYPES, width=13, synonyms=("Objective type", "Kind", "Ambition"),
            help="Committed or Aspirational; empty means Committed."),
    _ref("Parent ref", "parent_ref", OBJECTIVES, width=11,
         synonyms=("Parent", "Parent objective", "Aligned to", "Supports"),
         help="Ref of the objective this one supports (alignment)."),
    _choice("State", "state", OBJECTIVE_STATES, width=9, synonyms=("Status", "Objective state"),
            help="Draft, Active or Closed; empty means Active."),
    _text("Retrospective", "retrospective", width=30, synonyms=("Retro", "Lessons", "Retrospective note")),
    _ref("Carried from", "carried_from", OBJECTIVES, width=11,
         synonyms=("Carried over from", "Continues", "Previous objective"),
         help="Ref of the earlier period's objective this one continues (set when a quarter "
              "is closed); usually left as exported."),
    _number("Score", "score", width=8, fmt=SCORE_FORMAT, read_only=True,
            help="Weighted mean of the key results' progress, 0–1; computed by okrdesk."),
    _text("Score band", "score_band", width=12, read_only=True,
          help="Off target below 0.4, Watch below 0.7, On target from 0.7; computed by okrdesk."),
    _rev(),
), key=("ref",), purpose="Objectives per team and period: 3–5 per team, qualitative and ambitious.",
    synonyms=("OKRs", "Goals"))

KEY_RESULTS_SHEET = SheetSpec(KEY_RESULTS, (
    _text("Ref", "ref", width=10, synonyms=("KR ref", "Key result ref", "ID", "Reference"),
          help="Unique reference such as KR-0042; leave empty on a new row and okrdesk assigns one."),
    _ref("Objective ref", "objective_ref", OBJECTIVES, width=12, required=True,
         synonyms=("Objective", "Objective ID", "Parent ref")),
    _text("Key result", "title", width=44, required=True, synonyms=("KR", "Title", "Key result title", "Name")),
    _ref("Owner", "owner", PEOPLE, width=20, synonyms=("Owner name", "Responsible", "Accountable")),
    _choice("Kind", "kind", KR_KINDS, width=11, synonyms=("Type", "KR kind", "KR type"),
            help="Metric, Percentage, Currency or Milestone (1 = done, 0 = not done); empty means Metric."),
    _text("Unit", "unit", width=8, synonyms=("Units", "UoM")),
    _number("Start", "start", width=10, synonyms=("Baseline", "Start value", "From")),
    _number("Target", "target", width=10, synonyms=("Goal", "Target value", "To")),
    _number("Current", "current", width=10, synonyms=("Actual", "Current value", "Now", "Latest")),
    _number("Weight", "weight", width=8, synonyms=("Importance",), help="Empty means 1."),
    _ref("KPI code", "kpi_code", KPI_TREE, width=14,
         synonyms=("KPI", "Linked KPI", "Node code", "Code", "Linked KPI code"),
         help="Code of a KPI node: then Start and Current follow that KPI's measurements."),
    _number("Confidence", "confidence", width=11, fmt=INTEGER_FORMAT, synonyms=("Confidence 0-10",),
            help="How likely the target is reached, 0–10."),
    _number("Score", "score", width=8, fmt=SCORE_FORMAT, read_only=True,
            help="Progress from Start to Target, 0–1; computed by okrdesk, ignored on import."),
    _choice("Pace", "pace", PACES, width=10, read_only=True,
            help="On track / At risk / Off track against the elapsed share of the period; computed."),
    _choice("Pace override", "pace_override", PACES, width=13, synonyms=("Override", "Status override"),
            help="Set by the owner to override the computed pace; give a reason."),
    _text("Override reason", "override_reason", width=26, synonyms=("Reason",)),
    _rev(),
), key=("ref",), purpose="Key results: 2–5 numbers per objective, with start, target and current.",
    synonyms=("KRs", "Key results"))

CHECK_INS_SHEET = SheetSpec(CHECK_INS, (
    _date("Date", "date", required=True, synonyms=("Check-in date", "Day", "As of")),
    _ref("KR ref", "kr_ref", KEY_RESULTS, width=10, required=True,
         synonyms=("Key result ref", "Key result", "KR", "Ref")),
    _number("Value", "value", width=12, required=True, synonyms=("Current", "Actual", "Progress value")),
    _number("Confidence", "confidence", width=11, fmt=INTEGER_FORMAT, synonyms=("Confidence 0-10",)),
    _text("Comment", "comment", width=50, synonyms=("Comments", "Note", "Notes", "Update")),
    _ref("Author", "author", PEOPLE, width=20, synonyms=("By", "Who", "Person", "Owner")),
), key=("kr_ref", "date", "value", "confidence", "comment", "author"),
    purpose="The history of key-result updates; a new row adds a check-in, nothing is overwritten.",
    synonyms=("Checkins", "Check ins", "Updates"))

README_SHEET = SheetSpec(README, (), required=True, purpose="How to fill in this workbook.",
                         synonyms=("Readme", "Instructions"))
LISTS_SHEET = SheetSpec(LISTS, (), required=False,
                        purpose="Hidden: the words offered by the dropdowns.")
CHARTS_SHEET = SheetSpec(CHARTS, (), required=False,
                         purpose="Export only: monthly trend charts of the top KPIs and their drivers.")

#: Data sheets in import order (a sheet only refers to sheets before it, or to itself).
DATA_SHEETS: tuple[SheetSpec, ...] = (
    TEAMS_SHEET, PEOPLE_SHEET, KPI_TREE_SHEET, MEASUREMENTS_SHEET, PERIODS_SHEET,
    OBJECTIVES_SHEET, KEY_RESULTS_SHEET, CHECK_INS_SHEET,
)
#: Every sheet, in workbook order.
SHEETS: tuple[SheetSpec, ...] = (README_SHEET, *DATA_SHEETS, CHARTS_SHEET, LISTS_SHEET)
SHEETS_BY_NAME: Mapping[str, SheetSpec] = MappingProxyType({s.name: s for s in SHEETS})


def sheet_for(title: str) -> SheetSpec | None:
    """The spec of a sheet title as a user may have typed it (case/space-insensitive,
    with synonyms such as "KPIs" or "Checkins"), or ``None``."""
    key = header_key(title)
    for spec in SHEETS:
        if key == header_key(spec.name) or key in (header_key(s) for s in spec.synonyms):
            return spec
    return None


@dataclass(frozen=True)
class HeaderMatch:
    """Result of ``match_headers``: ``columns`` (0-based column index → spec), ``unknown``
    ((index, header text) of headers that name no column or repeat one already
    matched), ``missing`` (required columns not found)."""

    columns: Mapping[int, ColumnSpec]
    unknown: list[tuple[int, str]]
    missing: list[ColumnSpec]

    def __iter__(self):  # allows: columns, unknown, missing = match_headers(...)
        return iter((self.columns, self.unknown, self.missing))


def match_headers(sheet_spec: SheetSpec, header_cells: Sequence[object]) -> HeaderMatch:
    """Match a header row to ``sheet_spec``'s columns, in any order.

    Headers match case-, space- and punctuation-insensitively, by name or synonym
    (an exact name wins over a synonym of another column). Empty header cells are
    skipped silently. A header naming a column already matched is listed in
    ``unknown`` so the user learns it was ignored.
    """
    by_name = {header_key(c.name): c for c in sheet_spec.columns}
    by_synonym: dict[str, ColumnSpec] = {}
    for col in sheet_spec.columns:
        for syn in col.synonyms:
            by_synonym.setdefault(header_key(syn), col)
    keys = [header_key(h) for h in header_cells]
    columns: dict[int, ColumnSpec] = {}
    taken: set[str] = set()
    # Exact names first, so that "Code" on the Key Results sheet (a synonym of
    # "KPI code") never steals a column whose header is an exact name elsewhere.
    for index, key in enumerate(keys):
        col = by_name.get(key)
        if col is not None and col.field not in taken:
            columns[index] = col
            taken.add(col.field)
    unknown: list[tuple[int, str]] = []
    for index, key in enumerate(keys):
        if index in columns or not key:
            continue
        col = by_synonym.get(key) or by_name.get(key)
        if col is not None and col.field not in taken:
            columns[index] = col
            taken.add(col.field)
        else:
            unknown.append((index, str(header_cells[index]).strip()))
    missing = [c for c in sheet_spec.columns if c.required and c.field not in taken]
    return HeaderMatch(MappingProxyType(columns), unknown, missing)


# --- value helpers shared by reader and writer ----------------------------------------


def parse_enum(column: ColumnSpec, text: object) -> str | None:
    """The canonical value of ``text`` in an enum column, or ``None`` if it is not an
    accepted word. Empty text gives ``None`` too (the caller applies the default)."""
    key = header_key(text)
    if not key:
        return None
    return column.enum_words.get(key)


def parse_bool(column: ColumnSpec, value: object) -> bool | None:
    """``True``/``False`` for an accepted yes/no word (or a real bool/number), ``None``
    for a word that is not accepted."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    word = column.enum_words.get(header_key(value))
    return None if word is None else word == "yes"


def accepted_words(column: ColumnSpec) -> list[str]:
    """The labels a user is told about in messages ("Higher is better, Lower is better, ...")."""
    return list(column.enum.labels.values()) if column.enum else []
