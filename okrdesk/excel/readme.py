"""The `Read me` sheet: what the workbook is, how to fill it in, what each sheet holds.

Written by the export and by the workshop template. Column A holds labels, column
B text. Two cells are read back by the import: the ``Format version`` row and the
hidden ``_exported`` row (see ``format.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from okrdesk.excel import format as fmt
from okrdesk.excel.styles import BODY_FONT, MUTED_FONT, SUBTITLE_FONT, TITLE_FONT, WRAP


@dataclass(frozen=True)
class ExportStamp:
    """Who and when: written in the hidden ``_exported`` row of an export."""

    exported_at: dt.datetime  # UTC
    workspace: str  # workspace name and file name
    data_revision: int
    selection: str  # "whole workspace" or a description of the selection


STEPS = (
    "Start with Teams and People: one row per team (the company at the top, with no parent) "
    "and one row per person. Names must be unique; they are used in the Owner, Team and "
    "Author columns of the other sheets.",
    "Build the KPI Tree: one row per KPI, metric or measure. Give each a short unique Code "
    "(e.g. REV.NEW) and put the code of the node it contributes to in Parent code. "
    "Top-level KPIs have no parent.",
    "Enter values on Measurements: one row per KPI code and date (long format). "
    "Dates and numbers may be typed as text too (2027-03-31, 31/03/2027, 1.234,5, 45%).",
    "Define the OKR periods on Periods (e.g. 2027-Q2 from 2027-04-01 to 2027-06-30).",
    "Write Objectives: 3–5 per team and period, each with a team, an owner and a period. "
    "Leave Ref empty on new rows: okrdesk assigns one when the workbook is imported.",
    "Write Key Results: 2–5 per objective, each a number with a Start and a Target. For a new "
    "objective without a Ref yet, give the objective a temporary Ref (e.g. NEW-1) on both sheets.",
    "Record progress on Check-ins: one row per update (date, KR ref, value, confidence 0–10, "
    "comment). Rows are only ever added; history is never overwritten.",
    "Send the workbook back. okrdesk shows a preview of every new, changed and conflicting row "
    "before anything is saved, and names each problem as Sheet!Cell.",
)

RULES = (
    "Blue headers are required columns; dark headers are optional; grey headers are computed "
    "by okrdesk and ignored on import. Hover over a header for a short explanation.",
    "Columns may be in any order and extra columns are ignored (with a warning). Do not rename "
    "sheets. Hidden columns named _rev help okrdesk detect conflicting edits: leave them as they are.",
    "Dropdowns offer the accepted words; common synonyms are understood too (e.g. \"up\" for "
    "Higher is better, \"Yes\"/\"No\" or \"x\" for yes/no columns).",
    "Dates: a real Excel date, or text such as 2027-03-31 or 31/03/2027. Numbers: plain numbers, "
    "or text such as 1,234.5 / 1.234,5 / 45%.",
    "A row is matched to okrdesk by its Code (KPI Tree), Ref (Objectives, Key Results) or Name "
    "(Teams, People, Periods), so importing the same workbook twice changes nothing.",
)


B_WIDTH = 90  # characters


def _height(text: str, width: int = B_WIDTH) -> float | None:
    """Row height (points) for ``text`` wrapped in a column ``width`` characters wide;
    LibreOffice does not grow rows of a written file by itself."""
    lines = sum(max(1, -(-len(part) * 11 // (width * 10))) for part in text.split("\n"))
    return None if lines <= 1 else 15.0 * lines + 2


def _append(ws, cells: list, text: str | None = None) -> None:
    """Append a row, giving it the height its wrapped ``text`` needs."""
    ws._okr_rows = getattr(ws, "_okr_rows", 0) + 1
    if text:
        height = _height(text)
        if height:
            ws.row_dimensions[ws._okr_rows].height = height
    ws.append(cells)


def _cell(ws, value, font=BODY_FONT, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = font
    if wrap:
        cell.alignment = WRAP
    return cell


def write_readme(ws, *, stamp: ExportStamp | None, counts: dict[str, int] | None = None) -> None:
    """Fill the write-only ``Read me`` sheet. ``stamp`` is None for the template."""
    # Sheet properties are written with the first row: set them all before it.
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = B_WIDTH
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "1F2937"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    title = "okrdesk workbook" if stamp else "okrdesk workshop template"
    _append(ws, [_cell(ws, title, TITLE_FONT)])
    ws.row_dimensions[1].height = 30
    intro = (
        "KPI tree, measurements and OKRs exported from okrdesk. Edit it in Excel or LibreOffice "
        "and send it back; okrdesk merges the changes after showing a preview."
        if stamp else
        "A blank workbook for a KPI and OKR workshop. Fill in the sheets (the yellow rows marked "
        "\"example\" show how, delete them when you are done) and send it back to be imported "
        "into okrdesk."
    )
    _append(ws, [None, _cell(ws, intro, wrap=True)], intro)
    version = WriteOnlyCell(ws, fmt.FORMAT_VERSION)
    version.alignment = Alignment(horizontal="left")
    version.font = MUTED_FONT
    _append(ws, [_cell(ws, fmt.VERSION_LABEL, MUTED_FONT), version])
    if stamp is not None:
        _append(ws, [_cell(ws, "Exported", MUTED_FONT),
                   _cell(ws, f"{stamp.exported_at:%Y-%m-%d %H:%M} UTC from {stamp.workspace} "
                             f"({stamp.selection})", MUTED_FONT)])
        ws.row_dimensions[5].hidden = True  # the _exported row
        _append(ws, [_cell(ws, fmt.EXPORT_MARKER, MUTED_FONT),
                   _cell(ws, stamp.exported_at.isoformat(timespec="seconds"), MUTED_FONT),
                   _cell(ws, stamp.workspace, MUTED_FONT), stamp.data_revision])
    _append(ws, [])
    _append(ws, [_cell(ws, "How to fill it in", SUBTITLE_FONT)])
    for number, step in enumerate(STEPS, 1):
        _append(ws, [_cell(ws, f"Step {number}", wrap=True), _cell(ws, step, wrap=True)], step)
    _append(ws, [])
    _append(ws, [_cell(ws, "Good to know", SUBTITLE_FONT)])
    for rule in RULES:
        _append(ws, [_cell(ws, "•", wrap=True), _cell(ws, rule, wrap=True)], rule)
    _append(ws, [])
    _append(ws, [_cell(ws, "The sheets", SUBTITLE_FONT)])
    for spec in fmt.SHEETS:
        if spec.name in (fmt.README, fmt.LISTS) or (stamp is None and spec.name == fmt.CHARTS):
            continue
        text = spec.purpose
        required = [c.name for c in spec.columns if c.required]
        if required:
            text += " Required columns: " + ", ".join(required) + "."
        if counts is not None and spec.name in counts:
            text += f" ({counts[spec.name]:,} rows in this export.)"
        _append(ws, [_cell(ws, spec.name, BODY_FONT, wrap=True), _cell(ws, text, wrap=True)], text)
    _append(ws, [])
    _append(ws, [None, _cell(ws, "okrdesk workbook format version "
                               f"{fmt.FORMAT_VERSION}. The full column reference is in the "
                               "okrdesk documentation (WORKBOOK.md).", MUTED_FONT)])
