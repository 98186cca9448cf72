"""Writing one data sheet of the okrdesk workbook (openpyxl write-only mode).

Shared by the export and the template: header row (styled, with an explanatory
note per column), rows, frozen header, autofilter, widths, number formats,
dropdowns, status colours, hidden revision column and print setup.

Speed matters (the firm export writes ~1.3 million cells), so rows go through
openpyxl's own fast path as plain values; only the few cells that need it become
``WriteOnlyCell`` objects: text that starts with "=" (forced to text — never a
formula), text with characters XML cannot hold (removed), and columns with a
fixed number format or computed style (one reusable styled cell per column).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from okrdesk import palette
from okrdesk.excel import format as fmt
from okrdesk.excel.fastrows import FastRows
from okrdesk.excel.styles import (
    COMPUTED_FONT,
    HEADER_ALIGNMENT,
    HEADER_BORDER,
    add_score_formats,
    add_word_status_formats,
    column_range,
    header_cell_style,
    header_comment_text,
    list_name,
    ref_list_formula,
    ref_list_name,
    validation_for,
)

#: Extra rows below the data covered by dropdowns and status colours, for rows a user adds.
SPARE_ROWS = 1000
#: Sheets whose first column is also frozen (wide sheets read left to right).
FREEZE_FIRST_COLUMN = {fmt.KPI_TREE, fmt.OBJECTIVES, fmt.KEY_RESULTS}
#: Sheets whose keys (first column) feed the dropdowns of reference columns.
KEY_SHEETS = (fmt.TEAMS, fmt.PEOPLE, fmt.KPI_TREE, fmt.PERIODS, fmt.OBJECTIVES, fmt.KEY_RESULTS)


def text_cell(ws, value: str) -> WriteOnlyCell | str:
    """``value`` as a cell that is always text: never a formula, never refused by XML.

    A ``str`` that does not start with "=" is already stored as text by openpyxl;
    anything else gets an explicit text cell."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value[:1] != "=":
        return value
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"
    return cell


@dataclass
class RowStyle:
    """Optional look of every data cell (used for the template's example rows)."""

    font: Font | None = None
    fill: PatternFill | None = None


def define_lists(wb, lists_ws) -> None:
    """Fill the hidden Lists sheet with the words of every enum and define the names the
    dropdowns use (enum lists, and live key lists of the data sheets)."""
    enums = fmt.ENUMS
    header = []
    for enum in enums:
        cell = WriteOnlyCell(lists_ws, enum.name)
        cell.data_type = "s"
        header.append(cell)
    lists_ws.append(header)
    columns = [list(e.labels.values()) for e in enums]
    for i in range(max(len(c) for c in columns)):
        lists_ws.append([c[i] if i < len(c) else None for c in columns])
    for index, (enum, labels) in enumerate(zip(enums, columns)):
        letter = get_column_letter(index + 1)
        lists_ws.column_dimensions[letter].width = 18
        wb.defined_names[list_name(enum)] = DefinedName(
            list_name(enum), attr_text=f"Lists!${letter}$2:${letter}${len(labels) + 1}")
    for sheet in KEY_SHEETS:
        wb.defined_names[ref_list_name(sheet)] = DefinedName(
            ref_list_name(sheet), attr_text=ref_list_formula(sheet))
    lists_ws.sheet_state = "hidden"


def _header(ws, spec: fmt.SheetSpec) -> list[WriteOnlyCell]:
    cells = []
    for column in spec.columns:
        cell = WriteOnlyCell(ws, column.name)
        cell.data_type = "s"
        cell.font, cell.fill = header_cell_style(column)
        cell.border = HEADER_BORDER
        cell.alignment = HEADER_ALIGNMENT
        note = header_comment_text(spec, column)
        if note:
            cell.comment = Comment(note, "okrdesk", width=260, height=110)
        cells.append(cell)
    return cells


def _styled_template(ws, column: fmt.ColumnSpec, style: RowStyle | None) -> WriteOnlyCell | None:
    """A reusable cell for a column that needs a number format or a look, else None."""
    needs_format = column.number_format not in (fmt.GENERAL, fmt.DATE_FORMAT)
    if not (needs_format or column.read_only or style):
        return None
    cell = WriteOnlyCell(ws)
    if column.number_format != fmt.GENERAL:
        cell.number_format = column.number_format
    if column.read_only:
        cell.font = COMPUTED_FONT
    if style is not None:
        if style.font is not None:
            cell.font = style.font
        if style.fill is not None:
            cell.fill = style.fill
    return cell


def _fast_rows(ws, spec: fmt.SheetSpec, style: RowStyle | None) -> FastRows | None:
    """A ``FastRows`` with one style id per column (number format, computed look,
    example look)."""
    ids = []
    for column in spec.columns:
        number_format = column.number_format if column.number_format != fmt.GENERAL else None
        font = style.font if style and style.font else (COMPUTED_FONT if column.read_only else None)
        fill = style.fill if style else None
        ids.append(FastRows.style_id(ws, number_format, font, fill))
    date_font = style.font if style and style.font else None
    date_fill = style.fill if style else None
    return FastRows(ws, ids, FastRows.style_id(ws, fmt.DATE_FORMAT, date_font, date_fill),
                    fill_empty=style is not None)


def write_data_sheet(
    ws,
    spec: fmt.SheetSpec,
    rows: Iterable[tuple],
    *,
    tick: Callable[[int], None] | None = None,
    tick_every: int = 5000,
    style: RowStyle | None = None,
) -> int:
    """Write ``rows`` (tuples in ``spec.columns`` order) to the write-only sheet ``ws``;
    returns the number of data rows. ``tick(n)`` is called every ``tick_every`` rows
    with the rows written since the last call (progress and cancellation)."""
    _lay_out_columns(ws, spec)
    ws.append(_header(ws, spec))
    fast = _fast_rows(ws, spec, style)
    if fast is not None and fast.install():
        count = 0
        append = ws.append
        for row in rows:
            append(row)
            count += 1
            if tick is not None and count % tick_every == 0:
                tick(tick_every)
        if tick is not None:
            tick(count % tick_every)
        _finish(ws, spec, count)
        return count
    templates = [(i, t) for i, c in enumerate(spec.columns)
                 if (t := _styled_template(ws, c, style)) is not None]
    templated = {i for i, _ in templates}
    text_columns = [i for i, c in enumerate(spec.columns)
                    if c.kind in ("text", "enum", "ref") and i not in templated]
    count = 0
    append = ws.append
    for row in rows:
        row = list(row)
        for i in text_columns:
            value = row[i]
            if value.__class__ is str and (value[:1] == "=" or ILLEGAL_CHARACTERS_RE.search(value)):
                row[i] = text_cell(ws, value)
        # One styled cell per column, reused row after row: openpyxl serialises each
        # row inside ``append``, so the cell is free again for the next row.
        for i, template in templates:
            value = row[i]
            if value is None:
                continue
            if value.__class__ is str:
                template._value = ILLEGAL_CHARACTERS_RE.sub("", value)
                template.data_type = "s"
            else:
                template.value = value
            row[i] = template
        append(row)
        count += 1
        if tick is not None and count % tick_every == 0:
            tick(tick_every)
    if tick is not None:
        tick(count % tick_every)
    _finish(ws, spec, count)
    return count


def _lay_out_columns(ws, spec: fmt.SheetSpec) -> None:
    for index, column in enumerate(spec.columns):
        dim = ws.column_dimensions[get_column_letter(index + 1)]
        dim.width = column.width
        if column.hidden:
            dim.hidden = True
        if column.number_format != fmt.GENERAL:
            dim.number_format = column.number_format  # for rows the user adds
    ws.freeze_panes = "B2" if spec.name in FREEZE_FIRST_COLUMN else "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    if sum(c.width for c in spec.visible_columns) <= 200:  # wider sheets would print too small
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    if spec.name in (fmt.KPI_TREE, fmt.OBJECTIVES, fmt.KEY_RESULTS):
        ws.sheet_properties.tabColor = palette.ACCENT.lstrip("#")


def _finish(ws, spec: fmt.SheetSpec, count: int) -> None:
    last_col = get_column_letter(len(spec.columns))
    ws.auto_filter.ref = f"A1:{last_col}{count + 1}"
    last_row = count + 1 + SPARE_ROWS
    key_lists = {sheet: ref_list_name(sheet) for sheet in KEY_SHEETS}
    for index, column in enumerate(spec.columns):
        dv = validation_for(column, key_lists)
        if dv is not None:
            dv.add(column_range(index, 2, last_row))
            ws.data_validations.append(dv)
        cells = column_range(index, 2, last_row)
        if column.field == "score":
            add_score_formats(ws, cells)
        elif column.field in ("status", "score_band"):
            add_word_status_formats(ws, cells, palette.STATUS_WORDS)
        elif column.field == "pace":
            add_word_status_formats(ws, cells, {palette.PACE_STATUS[p]: w for p, w in palette.PACE_WORDS.items()})


__all__ = ["RowStyle", "define_lists", "text_cell", "write_data_sheet"]
