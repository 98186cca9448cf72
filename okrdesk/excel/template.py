"""The blank workshop workbook (`okrdesk template OUT.xlsx`, File → New workshop template).

Same layout as an export, without data: the `Read me` sheet explains how to fill
it in, and every data sheet carries a few example rows, shaded yellow and
marked "example" in their names and notes, that a facilitator deletes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl import Workbook

from okrdesk.excel import format as fmt
from okrdesk.excel.readme import write_readme
from okrdesk.excel.sheets import RowStyle, define_lists, write_data_sheet
from okrdesk.excel.styles import EXAMPLE_FILL, EXAMPLE_FONT
from okrdesk.store.atomic import replacing

EXAMPLE = "Example row: delete it"

#: Example rows per sheet, in column order (None: empty). Names say "Example" so a
#: forgotten row is recognisable after import.
EXAMPLES: dict[str, list[tuple]] = {
    fmt.TEAMS: [
        ("Example Company", None, f"{EXAMPLE}. The company: the top team, no parent.", None),
        ("Example Sales", "Example Company", f"{EXAMPLE}. A team under the company.", None),
    ],
    fmt.PEOPLE: [
        ("Example Person", "person@example.com", "Example Sales", None),
    ],
    fmt.KPI_TREE: [
        ("EX.REV", None, "Example: Revenue", "KPI", "Product", "EUR", "Higher is better", "Sum",
         "Monthly", "Example Person", "Example Company", "No", 1_000_000, None, None,
         f"{EXAMPLE}. Top KPI = orders × average order value.", "Strategic", None, None,
         None, None, None),
        ("EX.ORD", "EX.REV", "Example: Orders", "Metric", None, "orders", "Higher is better", "Sum",
         "Monthly", "Example Person", "Example Sales", "Yes", 2_000, None, None, EXAMPLE,
         "Strategic", None, None, None, None, None),
        ("EX.AOV", "EX.REV", "Example: Average order value", "Metric", None, "EUR",
         "Higher is better", "Average", "Monthly", "Example Person", "Example Sales", "No", 500,
         None, None, EXAMPLE, "Strategic", None, None, None, None, None),
    ],
    fmt.MEASUREMENTS: [
        ("EX.ORD", dt.date(2027, 1, 31), 1_850, EXAMPLE, None, None),
        ("EX.AOV", dt.date(2027, 1, 31), 480, EXAMPLE, None, None),
    ],
    fmt.PERIODS: [
        ("Example Q3", "Quarter", dt.date(2027, 7, 1), dt.date(2027, 9, 30), "No"),
    ],
    fmt.OBJECTIVES: [
        ("EX-O1", "Example Q3", "Example Sales", "Example Person",
         "Example: Become the easiest shop to buy from", EXAMPLE, "Aspirational", None, "Draft",
         None, None, None, None, None),
    ],
    fmt.KEY_RESULTS: [
        ("EX-KR1", "EX-O1", "Example: Grow monthly orders from 1,850 to 2,400", "Example Person",
         "Metric", "orders", 1_850, 2_400, 1_850, 1, "EX.ORD", 7, None, None, None, None, None),
        ("EX-KR2", "EX-O1", "Example: Launch one-click checkout (1 = done)", "Example Person",
         "Milestone", None, 0, 1, 0, 1, None, 5, None, None, None, None, None),
    ],
    fmt.CHECK_INS: [
        (dt.date(2027, 7, 15), "EX-KR1", 1_920, 7, f"{EXAMPLE}. First two weeks look good.",
         "Example Person"),
    ],
}


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the blank workshop workbook to ``path`` (replaced whole, never half-written)."""
    target = Path(path)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"Cannot write the template to {target}: "
                                f"the folder {target.parent} does not exist")
    wb = Workbook(write_only=True)
    sheets = {spec.name: wb.create_sheet(spec.name) for spec in fmt.SHEETS if spec.name != fmt.CHARTS}
    write_readme(sheets[fmt.README], stamp=None)
    example = RowStyle(font=EXAMPLE_FONT, fill=EXAMPLE_FILL)
    for spec in fmt.DATA_SHEETS:
        write_data_sheet(sheets[spec.name], spec, EXAMPLES[spec.name], style=example)
    define_lists(wb, sheets[fmt.LISTS])
    with replacing(target, suffix=".xlsx.part") as tmp:
        wb.save(tmp)
    return target
