"""Cell styles, conditional formats and dropdowns of the okrdesk workbook (openpyxl).

Colours come from ``okrdesk.palette`` so the workbook matches the app. A status
is never shown by colour alone: every coloured cell also carries a word (and a
symbol) written by the export.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from okrdesk import palette
from okrdesk.domain.entities import Pace, Status
from okrdesk.excel.format import ColumnSpec, EnumSpec, SheetSpec, header_key

FONT_NAME = "Calibri"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color=_hex(palette.INK), end_color=_hex(palette.INK))
COMPUTED_HEADER_FONT = Font(name=FONT_NAME, bold=True, italic=True, color=_hex(palette.INK))
COMPUTED_HEADER_FILL = PatternFill("solid", start_color=_hex(palette.BORDER), end_color=_hex(palette.BORDER))
REQUIRED_HEADER_FILL = PatternFill("solid", start_color=_hex(palette.ACCENT), end_color=_hex(palette.ACCENT))
HEADER_BORDER = Border(bottom=Side(style="thin", color=_hex(palette.MUTED_INK)))
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)
COMPUTED_FONT = Font(name=FONT_NAME, italic=True, color=_hex(palette.MUTED_INK))
WRAP = Alignment(wrap_text=True, vertical="top")

TITLE_FONT = Font(name=FONT_NAME, size=18, bold=True, color=_hex(palette.INK))
SUBTITLE_FONT = Font(name=FONT_NAME, size=12, bold=True, color=_hex(palette.ACCENT))
BODY_FONT = Font(name=FONT_NAME, size=11, color=_hex(palette.INK))
MUTED_FONT = Font(name=FONT_NAME, size=10, italic=True, color=_hex(palette.MUTED_INK))
EXAMPLE_FONT = Font(name=FONT_NAME, italic=True, color=_hex(palette.MUTED_INK))
EXAMPLE_FILL = PatternFill("solid", start_color="FFF8E1", end_color="FFF8E1")

#: Text written in computed status cells: symbol and word, e.g. "● On target".
STATUS_TEXT: dict[Status, str] = {
    s: f"{palette.STATUS_SYMBOLS[s]} {palette.STATUS_WORDS[s]}" for s in Status
}
PACE_TEXT: dict[Pace, str] = {
    p: f"{palette.STATUS_SYMBOLS[palette.PACE_STATUS[p]]} {palette.PACE_WORDS[p]}" for p in Pace
}


def status_style(status: Status) -> DifferentialStyle:
    """Tinted background and status-coloured bold text: the look of a status cell."""
    tint = _hex(palette.STATUS_TINTS[status])
    return DifferentialStyle(
        font=Font(color=_hex(palette.STATUS_COLOURS[status]), bold=True),
        fill=PatternFill(start_color=tint, end_color=tint, bgColor=tint),
    )


def column_range(index: int, first_row: int, last_row: int) -> str:
    """``"D2:D5000"`` for the 0-based column ``index``."""
    letter = get_column_letter(index + 1)
    return f"{letter}{first_row}:{letter}{last_row}"


def add_word_status_formats(ws, cell_range: str, words: dict[Status, str]) -> None:
    """Colour the cells of ``cell_range`` whose text contains a status word."""
    first = cell_range.split(":")[0]
    for status, word in words.items():
        formula = f'ISNUMBER(SEARCH("{word}",{first}))'
        ws.conditional_formatting.add(
            cell_range, FormulaRule(formula=[formula], stopIfTrue=True, font=status_style(status).font,
                                    fill=status_style(status).fill)
        )


def add_score_formats(ws, cell_range: str) -> None:
    """Colour OKR scores by band (PRODUCT.md §2): < 0.4 red, < 0.7 amber, else green."""
    first = cell_range.split(":")[0]
    bands = (
        (Status.RED, f"AND(ISNUMBER({first}),{first}<0.4)"),
        (Status.AMBER, f"AND(ISNUMBER({first}),{first}>=0.4,{first}<0.7)"),
        (Status.GREEN, f"AND(ISNUMBER({first}),{first}>=0.7)"),
    )
    for status, formula in bands:
        style = status_style(status)
        ws.conditional_formatting.add(
            cell_range, FormulaRule(formula=[formula], stopIfTrue=True, font=style.font, fill=style.fill)
        )


def list_name(enum: EnumSpec) -> str:
    """The workbook-level defined name of an enum's list on the Lists sheet."""
    return "list_" + header_key(enum.name)


def ref_list_name(sheet: str) -> str:
    """The defined name of the live list of keys of ``sheet`` (first column)."""
    return "keys_" + header_key(sheet)


def ref_list_formula(sheet: str) -> str:
    """A dynamic range over the first column of ``sheet``: grows as rows are typed."""
    q = quote_sheetname(sheet)
    return f"OFFSET({q}!$A$2,0,0,MAX(1,COUNTA({q}!$A:$A)-1),1)"


def validation_for(column: ColumnSpec, ref_key_sheets: dict[str, str]) -> DataValidation | None:
    """A dropdown for an enum, yes/no or reference column (None for other kinds).

    Errors are warnings, not stops: a typed synonym ("up" for "Higher is better")
    is still accepted on import, and a pasted block of rows is never refused.
    """
    if column.read_only or column.hidden:
        return None
    if column.enum is not None:
        source = list_name(column.enum)
        accepted = ", ".join(column.enum.labels.values())
        message = f"Choose one of: {accepted}."
    elif column.kind == "ref" and column.ref_to in ref_key_sheets:
        source = ref_key_sheets[column.ref_to]
        message = f"Choose a value from the {column.ref_to} sheet (or add it there first)."
    else:
        return None
    dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="warning", showInputMessage=False)
    dv.errorTitle = f"{column.name}: unexpected value"
    dv.error = message[:255]
    return dv


def header_cell_style(column: ColumnSpec) -> tuple[Font, PatternFill]:
    """Font and fill of a header: computed columns grey, required blue, others ink."""
    if column.read_only:
        return COMPUTED_HEADER_FONT, COMPUTED_HEADER_FILL
    if column.required:
        return HEADER_FONT, REQUIRED_HEADER_FILL
    return HEADER_FONT, HEADER_FILL


def header_comment_text(sheet: SheetSpec, column: ColumnSpec) -> str:
    """The note shown when hovering a header: what goes in the column."""
    parts = []
    if column.read_only:
        parts.append("Computed by okrdesk; ignored on import.")
    elif column.required:
        parts.append("Required.")
    if column.help:
        parts.append(column.help)
    if column.enum is not None and not column.read_only:
        parts.append("Values: " + ", ".join(column.enum.labels.values()) + ".")
    if column.kind == "date":
        parts.append("A date, e.g. 2027-03-31.")
    if column.kind == "ref" and column.ref_to:
        parts.append(f"Must match a row of the {column.ref_to} sheet.")
    return " ".join(parts)
