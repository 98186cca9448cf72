"""Problems found in a workbook, each reported as ``Sheet!Cell: message``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def column_letter(index: int) -> str:
    """The Excel column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem: where (sheet, cell such as ``B7``, or a whole row/sheet) and what.

    Errors block the import; warnings are shown and do not.
    """

    sheet: str
    cell: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{self.message}"


def report_lines(problems: Iterable[Problem]) -> list[str]:
    """Errors first, then warnings, each in the order they were found."""
    items = list(problems)
    return [str(p) for p in items if p.severity == "error"] + [
        str(p) for p in items if p.severity == "warning"
    ]
