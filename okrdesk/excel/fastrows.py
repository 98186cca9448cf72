"""A lean row serialiser for openpyxl write-only sheets.

openpyxl's write-only mode turns every value into a cell object and every cell
into an XML element tree before writing it; for the ~1.3 million cells of a firm
export that is most of the time. ``FastRows`` writes the same SpreadsheetML
(``<c r=".." s=".." t=".."><v>..</v></c>``, strings inline as openpyxl does)
straight from the values, with one style id per column.

It also makes "text is always text" structural: a ``str`` is always written as
an inline string, never as a formula, whatever it starts with.

It plugs into a ``WriteOnlyWorksheet`` after its header row has been appended
(the header goes through openpyxl's normal path, with styles and comments).
When openpyxl writes through lxml (no raw stream to write to), ``install``
returns ``False`` and the caller keeps openpyxl's own path.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from okrdesk.domain.text import keepable

_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORDINAL = _EPOCH.toordinal()


def _escape(text: str) -> str:
    text = keepable(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class FastRows:
    """Serialises rows of plain values for one write-only sheet.

    ``styles[i]`` is the style id of column ``i`` (0 for none); dates get
    ``date_style`` when their column has no style of its own.
    """

    def __init__(self, ws, styles: Sequence[int], date_style: int, fill_empty: bool = False) -> None:
        self.ws = ws
        self.fill_empty = fill_empty  # write styled empty cells (shaded example rows)
        self.letters = [get_column_letter(i + 1) for i in range(len(styles))]
        self.styles = [f' s="{s}"' if s else "" for s in styles]
        self.date_styles = [f' s="{s or date_style}"' for s in styles]

    @staticmethod
    def style_id(ws, number_format: str | None = None, font=None, fill=None) -> int:
        """The workbook style id of a cell look (registered on first use)."""
        cell = WriteOnlyCell(ws)
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cell.style_id if cell.has_style else 0

    def install(self) -> bool:
        """Route the sheet's next rows through this serialiser; False if not possible."""
        writer = getattr(self.ws, "_writer", None)
        if writer is None or openpyxl.LXML:
            return False
        self.ws._values_to_row = lambda values, row_idx: values
        writer.write_row = self._write_row
        return True

    def _write_row(self, xf, values: Sequence[object], row_idx: int) -> None:
        raw = getattr(xf, "_file", None)
        if raw is None:  # lxml's xmlfile: no raw stream
            raise RuntimeError("FastRows needs openpyxl's et_xmlfile writer")
        r = str(row_idx)
        parts = [f'<row r="{r}">']
        letters, styles, date_styles = self.letters, self.styles, self.date_styles
        fill_empty = self.fill_empty
        for i, value in enumerate(values):
            if value is None:
                if fill_empty:
                    parts.append(f'<c r="{letters[i]}{r}"{styles[i]}/>')
                continue
            cls = value.__class__
            if cls is str:
                if not value:
                    continue
                space = ' xml:space="preserve"' if value != value.strip() else ""
                parts.append(f'<c r="{letters[i]}{r}"{styles[i]} t="inlineStr"><is>'
                             f"<t{space}>{_escape(value)}</t></is></c>")
            elif cls is float or cls is int:
                if cls is float and not math.isfinite(value):
                    continue
                parts.append(f'<c r="{letters[i]}{r}"{styles[i]} t="n"><v>{value!r}</v></c>')
            elif cls is bool:
                parts.append(f'<c r="{letters[i]}{r}"{styles[i]} t="b"><v>{int(value)}</v></c>')
            elif cls is dt.date:
                serial = value.toordinal() - _EPOCH_ORDINAL
                if 0 < serial <= 60:  # Excel's 1900 leap-year bug, as openpyxl does
                    serial -= 1
                parts.append(f'<c r="{letters[i]}{r}"{date_styles[i]} t="n"><v>{serial}</v></c>')
            elif cls is dt.datetime:
                delta = value - dt.datetime(1899, 12, 30)
                serial = delta.days - (1 if 0 < delta.days <= 60 else 0) + delta.seconds / 86400
                parts.append(f'<c r="{letters[i]}{r}"{date_styles[i]} t="n"><v>{serial!r}</v></c>')
            else:  # numpy scalars, Decimal, enums...
                if isinstance(value, str):
                    parts.append(f'<c r="{letters[i]}{r}"{styles[i]} t="inlineStr"><is>'
                                 f"<t>{_escape(str(value))}</t></is></c>")
                else:
                    number = float(value)  # raises for anything that is not a number
                    if math.isfinite(number):
                        parts.append(f'<c r="{letters[i]}{r}"{styles[i]} t="n"><v>{number!r}</v></c>')
        parts.append("</row>")
        raw("".join(parts))
