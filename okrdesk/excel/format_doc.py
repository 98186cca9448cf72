"""The column reference of docs/WORKBOOK.md, generated from ``format.py``.

    python -m okrdesk.excel.format_doc docs/WORKBOOK.md   # rewrite the generated part

The generated part sits between ``BEGIN`` and ``END`` markers; a unit test fails
when the document and ``format.py`` disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from okrdesk.excel import format as fmt

BEGIN = "<!-- BEGIN generated from okrdesk/excel/format.py -->"
END = "<!-- END generated -->"

_KIND_TEXT = {
    "text": "text",
    "number": "number",
    "date": "date",
    "enum": "choice",
    "bool": "yes/no",
    "ref": "reference",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _kind(column: fmt.ColumnSpec) -> str:
    kind = _KIND_TEXT[column.kind]
    if column.kind == "ref" and column.ref_to:
        kind += f" to {column.ref_to}"
    return kind


def _accepted(column: fmt.ColumnSpec) -> str:
    if column.kind == "bool":
        yes = [w for w, v in column.enum_words.items() if v == "yes" and w != "yes"]
        no = [w for w, v in column.enum_words.items() if v == "no" and w not in ("no", "")]
        return f"Yes (also: {', '.join(yes)}) / No (also: {', '.join(no)}; empty means No)"
    if column.enum is None:
        return ""
    labels = list(column.enum.labels.values())
    synonyms = [s for s in column.enum.synonyms]
    text = " / ".join(labels)
    if synonyms:
        text += " (also: " + ", ".join(synonyms) + ")"
    return text


def column_tables() -> str:
    """Markdown tables of every data sheet's columns, in writing order."""
    out = [BEGIN, ""]
    for spec in fmt.DATA_SHEETS:
        key = ", ".join(spec.column(f).name for f in spec.key)
        out.append(f"### {spec.name}")
        out.append("")
        out.append(f"{spec.purpose} Rows are matched on: {key}.")
        if spec.synonyms:
            out.append(f"Sheet name also accepted: {', '.join(spec.synonyms)}.")
        out.append("")
        out.append("| Column | Kind | Required | Also accepted as header | Values | Notes |")
        out.append("|---|---|---|---|---|---|")
        for c in spec.columns:
            notes = c.help
            if c.read_only:
                notes = ("**Read only** (computed, ignored on import). " + notes).strip()
            if c.hidden:
                notes = ("**Hidden.** " + notes).strip()
            if c.number_format != fmt.GENERAL:
                notes = (notes + f" Format `{c.number_format}`.").strip()
            out.append("| " + " | ".join(_cell(x) for x in (
                f"`{c.name}`", _kind(c), "yes" if c.required else "",
                ", ".join(c.synonyms), _accepted(c), notes)) + " |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def generated_part(document: str) -> str:
    """The generated part of a document (markers included); ValueError if absent."""
    start, end = document.find(BEGIN), document.find(END)
    if start < 0 or end < 0:
        raise ValueError("the document has no generated column reference markers")
    return document[start:end + len(END)]


def rewrite(path: Path) -> None:
    """Replace the generated part of the document at ``path``."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(generated_part(text), column_tables()), encoding="utf-8")


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]))
