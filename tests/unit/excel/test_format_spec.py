"""The workbook format: sheets and columns of PRODUCT.md §4, header matching, words, docs."""

from __future__ import annotations

from pathlib import Path

from okrdesk.domain.entities import Direction, FormulaKind
from okrdesk.excel import format as fmt
from okrdesk.excel.format_doc import column_tables, generated_part

DOC = Path(__file__).resolve().parents[3] / "docs" / "WORKBOOK.md"


def test_sheets_and_product_columns():
    assert [s.name for s in fmt.SHEETS] == [
        "Read me", "Teams", "People", "KPI Tree", "Measurements", "Periods", "Objectives",
        "Key Results", "Check-ins", "Charts", "Lists"]
    product = {
        "KPI Tree": ["Code", "Parent code", "Name", "Kind", "Formula", "Unit", "Direction",
                     "Aggregation", "Frequency", "Owner", "Team", "Leading", "Target", "Green from",
                     "Red from", "Description"],
        "Measurements": ["Code", "Date", "Value", "Note"],
        "Objectives": ["Ref", "Period", "Team", "Owner", "Objective", "Description", "Type",
                       "Parent ref", "State"],
        "Key Results": ["Ref", "Objective ref", "Key result", "Owner", "Kind", "Unit", "Start",
                        "Target", "Current", "Weight", "KPI code", "Confidence", "Score"],
        "Check-ins": ["Date", "KR ref", "Value", "Confidence", "Comment", "Author"],
        "Teams": ["Name", "Parent team", "Description"],
        "People": ["Name", "Email", "Team"],
        "Periods": ["Name", "Kind", "Start", "End", "Closed"],
    }
    for name, columns in product.items():
        names = [c.name for c in fmt.SHEETS_BY_NAME[name].columns]
        assert names[: len(columns)] == columns, name
    assert fmt.KEY_RESULTS_SHEET.column("score").read_only
    for spec in fmt.DATA_SHEETS:
        if spec.has_revision:
            assert spec.columns[-1].name == fmt.REVISION_HEADER and spec.columns[-1].hidden


def test_header_matching_any_order_synonyms_unknown_and_missing():
    columns, unknown, missing = fmt.match_headers(
        fmt.KPI_TREE_SHEET, ["  kpi CODE ", "Type", "Parent", "Bogus", None, "Title"])
    assert {i: c.field for i, c in columns.items()} == {0: "code", 1: "kind", 2: "parent_code", 5: "name"}
    assert unknown == [(3, "Bogus")]
    assert missing == []
    columns, unknown, missing = fmt.match_headers(fmt.MEASUREMENTS_SHEET, ["Code", "Code", "Value"])
    assert unknown == [(1, "Code")] and [c.name for c in missing] == ["Date"]
    # An exact name wins over another column's synonym.
    columns, _, _ = fmt.match_headers(fmt.KEY_RESULTS_SHEET, ["Code", "Ref"])
    assert {c.field for c in columns.values()} == {"kpi_code", "ref"}


def test_enum_words_bools_and_formulas():
    direction = fmt.KPI_TREE_SHEET.column("direction")
    for word in ("Higher is better", "higher", "UP", "increase"):
        assert fmt.parse_enum(direction, word) == Direction.HIGHER
    assert fmt.parse_enum(direction, "Lower is better") == Direction.LOWER
    assert fmt.parse_enum(direction, "sideways") is None
    leading = fmt.KPI_TREE_SHEET.column("leading")
    assert fmt.parse_bool(leading, "x") is True and fmt.parse_bool(leading, "Lagging") is False
    assert fmt.parse_bool(leading, "maybe") is None
    assert fmt.parse_formula("") == (FormulaKind.NONE, "")
    assert fmt.parse_formula("Weighted sum") == (FormulaKind.WEIGHTED_SUM, "")
    assert fmt.parse_formula("=VISITS * CONV") == (FormulaKind.EXPRESSION, "VISITS * CONV")
    assert fmt.formula_text(FormulaKind.EXPRESSION, "A*B") == "A*B"
    links = [("CHURN", "Promoters renew; detractors cancel, mostly."), ("NPS", "")]
    assert fmt.parse_influences(fmt.influences_text(links)) == links
    assert fmt.sheet_for("checkins") is fmt.CHECK_INS_SHEET and fmt.sheet_for("x") is None


def test_doc_matches_format():
    document = DOC.read_text(encoding="utf-8")
    assert generated_part(document) == column_tables(), (
        "docs/WORKBOOK.md is out of date: run python -m okrdesk.excel.format_doc docs/WORKBOOK.md")
    assert f"version {fmt.FORMAT_VERSION}" in document
