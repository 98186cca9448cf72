"""An import plan in words a user reads: column names, values as written in the
workbook, and the full report the preview dialog copies or saves.

Qt-free on purpose (only the dialog around it is Qt), so the report text is the
same whether it is copied, saved or printed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from okrdesk.excel import format as fmt
from okrdesk.excel.plan import ImportPlan, RowChange
from okrdesk.excel.reader import INVALID
from okrdesk.excel.report import report_lines

STATUS_WORDS = {
    "new": "new", "changed": "changed", "unchanged": "unchanged", "conflict": "conflicts",
    "delete": "deletions",
}
COUNT_COLUMNS = ("new", "changed", "unchanged", "conflict", "delete")


def field_label(sheet: str, field_name: str) -> str:
    """The column header a user sees for ``field_name`` of ``sheet`` ("green_from" →
    "Green from"); the field name itself when the format has no such column."""
    spec = fmt.sheet_for(sheet)
    if spec is not None:
        for col in spec.columns:
            if col.field == field_name:
                return col.name
    return field_name.replace("_", " ").capitalize()


def display_value(sheet: str, field_name: str, value: Any) -> str:
    """``value`` written the way the workbook shows it: enum labels, ISO dates,
    numbers without a trailing ``.0``, lists joined by commas, "(empty)" for none,
    "(unreadable…)" for a cell whose problem is listed with the others."""
    if value is INVALID:
        return "(unreadable: see Problems)"
    if value is None or value == "" or value == ():
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:,.10g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (tuple, list, set, frozenset)):
        return ", ".join(display_value(sheet, field_name, v) for v in value)
    spec = fmt.sheet_for(sheet)
    if spec is not None:
        for col in spec.columns:
            if col.field == field_name and col.enum is not None:
                return col.enum.labels.get(str(value), str(value))
    return str(value)


def row_title(row: RowChange) -> str:
    """``KPI Tree!row 3 GP`` — where a row is and which one it is."""
    where = f"{row.sheet}!row {row.row}" if row.row else row.sheet
    return f"{where} {row.label}"


def change_lines(row: RowChange) -> list[str]:
    """One ``Field: old → new`` line per changed field."""
    return [f"{field_label(row.sheet, c.field)}: {display_value(row.sheet, c.field, c.old)} → "
            f"{display_value(row.sheet, c.field, c.new)}" for c in row.changes]


def count_line(tally: Mapping[str, int]) -> str:
    """``2 new, 1 changed, 40 unchanged`` (statuses with a count only)."""
    parts = [f"{tally.get(s, 0):,} {STATUS_WORDS[s]}" for s in COUNT_COLUMNS if tally.get(s)]
    return ", ".join(parts) or "empty"


def report_text(plan: ImportPlan, resolutions: Mapping[tuple[str, Any], str] | None = None) -> str:
    """The whole preview as plain text: counts per sheet, every change field by field,
    conflicts with the side chosen so far, deletions, then every problem as
    ``Sheet!Cell: message`` (errors first)."""
    resolutions = resolutions or {}
    name = plan.path.name if plan.path is not None else "workbook"
    mode = "replace (the workspace becomes equal to the workbook)" if plan.mode == "replace" \
        else "merge (adds and updates, never deletes)"
    lines = [f"okrdesk import preview of {name}", f"Mode: {mode}", ""]
    lines.append("Rows per sheet:")
    for sheet, tally in plan.counts().items():
        lines.append(f"  {sheet}: {count_line(tally)}")
    changed = list(plan.rows("changed"))
    if changed:
        lines += ["", "Changed rows:"]
        for row in changed:
            lines.append(f"  {row_title(row)}")
            lines += [f"    {text}" for text in change_lines(row)]
    conflicts = plan.conflicts
    if conflicts:
        lines += ["", "Conflicts (changed in the workspace and in the workbook since the export):"]
        for row in conflicts:
            choice = resolutions.get((row.sheet, row.key))
            chosen = {"workspace": "keep workspace", "workbook": "keep workbook"}.get(
                choice or "", "not chosen yet")
            lines.append(f"  {row_title(row)} — {chosen}")
            for c in row.changes:
                lines.append(f"    {field_label(row.sheet, c.field)}: workspace "
                             f"{display_value(row.sheet, c.field, c.old)} | workbook "
                             f"{display_value(row.sheet, c.field, c.new)}")
    new_rows = list(plan.rows("new"))
    if new_rows:
        lines += ["", "New rows:"]
        lines += [f"  {row_title(row)}" for row in new_rows]
    deletions = list(plan.rows("delete"))
    if deletions:
        lines += ["", "Rows the workbook lacks, deleted by replace:"]
        lines += [f"  {row.sheet} {row.label}" for row in deletions]
    if not plan.has_changes and plan.ok:
        lines += ["", "Nothing to change: the workspace already matches the workbook."]
    problems = report_lines(plan.problems)
    lines += ["", f"Problems: {len(plan.errors)} error(s), {len(plan.warnings)} warning(s)"]
    lines += [f"  {p}" for p in problems]
    return "\n".join(lines) + "\n"
