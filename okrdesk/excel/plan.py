"""The import plan: what applying a workbook would change, row by row and field by field.

``plan_import(service, path_or_data, mode)`` reads the workbook (unless given a
``WorkbookData``), validates it against the workspace (``validate``), and sorts
every row into one of:

* ``new`` — its key (Code, Ref, Name; Measurements: Code + Date; Check-ins:
  KR ref + Date + Author) is not in the workspace; rows without a Ref on
  Objectives / Key Results are always new and get the next free ref;
* ``changed`` — same key, some compared fields differ (``FieldChange`` old → new);
* ``unchanged`` — nothing differs (re-importing an export plans nothing);
* ``conflict`` — the workspace row's revision is newer than the hidden ``_rev``
  the workbook carries *and* the values differ: both sides changed since the
  export. Apply needs a resolution (keep the workspace or take the workbook);
* ``delete`` — replace mode only: a row of a sheet present in the workbook that
  the workbook lacks. Merge mode never deletes; a missing sheet changes nothing.

Check-ins are history: one that matches an existing check-in (KR ref, Date,
Author) is never overwritten; if its values differ a warning says so and it is
planned ``unchanged``. Only columns present in a sheet are compared, so a
client may return a sheet with fewer columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import format as fmt
from .keyspace import COMPARED, WorkspaceView, key_of, normalise, same, workspace_view
from .plan_measurements import MeasurementRows, plan_measurements
from .reader import DEFAULT_MAX_ROWS, INVALID, WorkbookData, paused_gc, read_workbook
from .report import Problem, report_lines

Status = Literal["new", "changed", "unchanged", "conflict", "delete"]
Mode = Literal["merge", "replace"]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one row: the workspace value (old) and the workbook value (new)."""

    field: str
    old: Any
    new: Any


@dataclass(slots=True)
class RowChange:
    """The plan for one row: its sheet, key, Excel row number (None for deletions),
    status, field changes (changed/conflict), the workbook's values (key space) and
    the workspace id (None for new rows)."""

    sheet: str
    key: Any
    status: Status
    row: int | None = None
    changes: tuple[FieldChange, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    entity_id: int | None = None
    workspace_revision: int | None = None
    workbook_revision: int | None = None

    @property
    def label(self) -> str:
        """The key as a user reads it (``REV.NEW``, ``KR-0003 2027-03-31 Ann``)."""
        if isinstance(self.key, tuple):
            return " ".join(str(self.values.get(f, k)) for f, k in zip(
                _KEY_FIELDS[self.sheet], self.key, strict=False))
        return str(self.values.get(_KEY_FIELDS[self.sheet][0], self.key) or "(new)")


_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    fmt.TEAMS: ("name",), fmt.PEOPLE: ("name",), fmt.KPI_TREE: ("code",),
    fmt.MEASUREMENTS: ("code", "date"), fmt.PERIODS: ("name",), fmt.OBJECTIVES: ("ref",),
    fmt.KEY_RESULTS: ("ref",), fmt.CHECK_INS: ("kr_ref", "date", "author"),
}


@dataclass
class ImportPlan:
    """Everything an import would do; nothing is written until ``apply_plan``."""

    path: Path | None
    mode: Mode
    problems: list[Problem]
    sheets: dict[str, Sequence[RowChange]]  # Measurements: a MeasurementRows (built on demand)
    present: tuple[str, ...] = ()  # data sheets the workbook carries
    data: WorkbookData | None = field(default=None, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (conflicts still need resolutions to apply)."""
        return not self.errors

    @property
    def changes(self) -> dict[str, list[RowChange]]:
        """Per sheet, the rows that would write something (not ``unchanged``)."""
        return {s: list(_not_unchanged(rows)) for s, rows in self.sheets.items()}

    def rows(self, status: Status | None = None) -> Iterator[RowChange]:
        """Every planned row (of one status), sheet by sheet in sheet order."""
        for name in self.sheets:
            yield from self.sheet_rows(name, status)

    def sheet_rows(self, sheet: str, status: Status | None = None) -> Iterator[RowChange]:
        """The planned rows of one sheet (of one status), in sheet order."""
        rows = self.sheets.get(sheet, ())
        if status is not None and isinstance(rows, MeasurementRows):
            yield from rows.of_status(status)
            return
        for r in rows:
            if status is None or r.status == status:
                yield r

    @property
    def conflicts(self) -> list[RowChange]:
        return list(self.rows("conflict"))

    def counts(self) -> dict[str, dict[str, int]]:
        """``{sheet: {status: count}}`` for every sheet in the workbook."""
        out: dict[str, dict[str, int]] = {}
        for sheet, rows in self.sheets.items():
            if isinstance(rows, MeasurementRows):
                out[sheet] = rows.tally()
                continue
            tally = dict.fromkeys(("new", "changed", "unchanged", "conflict", "delete"), 0)
            for r in rows:
                tally[r.status] += 1
            out[sheet] = tally
        return out

    @property
    def has_changes(self) -> bool:
        return any(n for tally in self.counts().values() for s, n in tally.items()
                   if s != "unchanged")

    def summary_lines(self) -> list[str]:
        """What ``okrdesk import --dry-run`` prints: counts, conflicts, problems."""
        lines = [f"Import plan ({self.mode}) of {self.path.name if self.path else 'workbook'}:"]
        for sheet, tally in self.counts().items():
            parts = ", ".join(f"{n} {s}" for s, n in tally.items() if n)
            lines.append(f"  {sheet}: {parts or 'empty'}")
        for r in (r for rows in self.sheets.values() for r in _not_unchanged(rows, new=False)):
            if r.status in ("changed", "conflict"):
                what = "; ".join(f"{c.field}: {c.old!r} → {c.new!r}" for c in r.changes)
                tag = "CONFLICT " if r.status == "conflict" else ""
                lines.append(f"  {tag}{r.sheet}!row {r.row} {r.label}: {what}")
            elif r.status == "delete":
                lines.append(f"  delete {r.sheet} {r.label}")
        if not self.has_changes and self.ok:
            lines.append("  Nothing to change.")
        lines += report_lines(self.problems)
        return lines


def plan_import(
    service: Any, path_or_data: str | Path | WorkbookData, mode: Mode = "merge",
    *, max_rows: int = DEFAULT_MAX_ROWS,
) -> ImportPlan:
    """Read (when given a path), validate and plan an import; see the module notes.

    Raises ``WorkbookError`` for a file that cannot be read at all; every problem
    inside a readable workbook is in ``plan.problems`` instead.
    """
    from .validate import validate

    if mode not in ("merge", "replace"):
        raise ValueError(f"mode must be 'merge' or 'replace', not {mode!r}")
    with paused_gc():
        data = path_or_data if isinstance(path_or_data, WorkbookData) else read_workbook(
            path_or_data, max_rows=max_rows)
        present = tuple(s.name for s in fmt.DATA_SHEETS if s.name in data.sheets)
        view = workspace_view(service, set(present))
        problems = list(data.problems)
        validate(data, view, mode, problems)
        sheets = {name: _plan_sheet(name, data, view, mode, problems) for name in present}
    return ImportPlan(data.path, mode, problems, sheets, present, data)


def _not_unchanged(rows: Sequence[RowChange], new: bool = True) -> Iterator[RowChange]:
    """The rows that are not ``unchanged`` (nor ``new`` when ``new`` is False), in order,
    building no RowChange for the others."""
    if isinstance(rows, MeasurementRows):
        if new:
            yield from rows.of_status("new")
        yield from rows.explicit.values()
        yield from rows.deletes
        return
    for r in rows:
        if r.status != "unchanged" and (new or r.status != "new"):
            yield r


def workbook_key(sheet: str, values: dict[str, Any]) -> Any:
    """The matching key of a workbook row, or None (a new row without a ref)."""
    fields = _KEY_FIELDS[sheet]
    parts = []
    for name in fields:
        value = values.get(name)
        if value is None or value is INVALID:
            if sheet == fmt.CHECK_INS and name == "author":
                value = ""
            else:
                return None
        parts.append(value if name == "date" else key_of(value))
    return tuple(parts) if len(parts) > 1 else parts[0]


def _plan_sheet(
    name: str, data: WorkbookData, view: WorkspaceView, mode: Mode, problems: list[Problem]
) -> Sequence[RowChange]:
    sheet = data.sheets[name]
    if name == fmt.MEASUREMENTS:
        return plan_measurements(sheet, view, mode)
    existing = view.rows.get(name, {})
    compared = [f for f in COMPARED[name] if sheet.has(f)]
    out: list[RowChange] = []
    seen: set[Any] = set()
    for row in sheet.rows:
        values = row.values
        norm = normalise(name, values)
        key = workbook_key(name, values)
        seen.add(key)
        found = existing.get(key) if key is not None else None
        revision = values.get("revision")
        if found is None:
            out.append(RowChange(name, key, "new", row.number, (), norm, None, None, revision))
            continue
        entity_id, ws_rev, old = found
        diffs = tuple(FieldChange(f, old.get(f), norm.get(f)) for f in compared
                      if not same(f, old.get(f), norm.get(f)))
        if not diffs:
            status: Status = "unchanged"
        elif name == fmt.CHECK_INS:
            problems.append(Problem(name, sheet.cell("value", row), "this check-in already exists "
                                    "with other values; check-ins are history and are never "
                                    "overwritten — add a row with a new date instead", "warning"))
            status, diffs = "unchanged", ()
        elif type(revision) is int and ws_rev is not None and ws_rev > revision:  # not INVALID
            status = "conflict"
        else:
            status = "changed"
        out.append(RowChange(name, key, status, row.number, diffs, norm, entity_id, ws_rev, revision))
    if mode == "replace":
        for key, (entity_id, ws_rev, old) in existing.items():
            if key not in seen:
                out.append(RowChange(name, key, "delete", None, (), old, entity_id, ws_rev))
    return out
