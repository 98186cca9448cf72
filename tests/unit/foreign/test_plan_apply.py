"""Preview and apply: new / changed / unchanged / skipped with places, units, one
transaction, one undo step, history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from okrdesk.excel.foreign import (
    ApplyError, apply_matches, apply_plan, detect_spec, match_labels, open_source, plan_import,
    read_table, redo_import, undo_import,
)

from ..store.conftest import dump
from .files import crm_long, european_csv, pl_export

JAN, FEB, MAR = dt.date(2027, 1, 1), dt.date(2027, 2, 1), dt.date(2027, 3, 1)


def _prepare(svc, path: Path, **changes):
    grid = open_source(path).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    for key, value in changes.items():
        setattr(spec, key, value)
    apply_matches(spec, match_labels(read_table(grid, spec).labels, svc.kpi_nodes()))
    return grid, spec


def _values(svc, code: str) -> dict[dt.date, float]:
    node = next(n for n in svc.kpi_nodes() if n.code == code)
    return {m.date: m.value for m in svc.measurements(node.id)}


def test_pl_in_thousands_preview_then_apply(svc, tmp_path: Path) -> None:
    grid, spec = _prepare(svc, pl_export(tmp_path / "pl.xlsx"))
    assert spec.scale == 1000.0  # detected from "amounts in EUR thousands"
    plan = plan_import(svc, grid, spec, file_name="pl.xlsx")
    assert plan.ok, plan.problem_lines()
    assert plan.summary() == "9 new, 0 changed, 0 unchanged, 2 skipped"
    assert {(c.code, c.date, c.new, c.place) for c in plan.new if c.code == "REV"} == {
        ("REV", JAN, 120500.0, "P&L!B5"), ("REV", FEB, 130250.0, "P&L!C5"),
        ("REV", MAR, 128000.0, "P&L!D5")}
    assert not svc.measurements(plan.new[0].node_id)  # a preview writes nothing
    applied = apply_plan(svc, plan)
    assert _values(svc, "REV") == {JAN: 120500.0, FEB: 130250.0, MAR: 128000.0}
    assert _values(svc, "MKT")[MAR] == 11500.0
    m = svc.measurements(plan.new[0].node_id)[0]
    assert m.source == "import"
    entry = svc.value_imports()[0]
    assert (entry.file_name, entry.sheet, entry.new_count, entry.skipped_count) == ("pl.xlsx", "P&L", 9, 2)
    assert applied.entry == entry


def test_reimport_reports_changed_old_to_new_and_unchanged(svc, tmp_path: Path) -> None:
    grid, spec = _prepare(svc, pl_export(tmp_path / "pl.xlsx"), scale=1.0)
    apply_plan(svc, plan_import(svc, grid, spec, file_name="pl.xlsx"))
    rows = [("Revenue", 120.5, 131.0, 128.0), ("Cost of sales", 40.0, 42.5, 41.0),
            ("Marketing", 10.0, 12.0, 11.5)]
    grid2 = open_source(pl_export(tmp_path / "pl2.xlsx", rows=rows)).grid()
    plan = plan_import(svc, grid2, spec, file_name="pl2.xlsx")
    assert plan.summary() == "0 new, 1 changed, 8 unchanged, 0 skipped"
    change = plan.changed[0]
    assert (change.code, change.date, change.old, change.new, change.place) == (
        "REV", FEB, 130.25, 131.0, "P&L!C5")


def test_a_value_already_inside_the_month_is_updated_not_doubled(svc, tmp_path: Path) -> None:
    rev = next(n for n in svc.kpi_nodes() if n.code == "REV")
    svc.set_measurement(rev.id, dt.date(2027, 1, 31), 99.0, note="typed by hand")
    svc.set_measurement(rev.id, dt.date(2027, 2, 10), 1.0)
    svc.set_measurement(rev.id, dt.date(2027, 2, 20), 2.0)
    grid, spec = _prepare(svc, pl_export(tmp_path / "pl.xlsx"), scale=1.0)
    plan = plan_import(svc, grid, spec)
    jan = next(c for c in plan.changed if c.code == "REV")
    assert (jan.date, jan.old, jan.new) == (dt.date(2027, 1, 31), 99.0, 120.5)
    assert ("P&L!C5: REV already has 2 values in Feb 2027; a single monthly value would be added "
            "to them. Import into another node or delete those values first") in map(str, plan.skipped)
    apply_plan(svc, plan)
    stored = {m.date: m for m in svc.measurements(rev.id)}
    assert stored[dt.date(2027, 1, 31)].value == 120.5
    assert stored[dt.date(2027, 1, 31)].note == "typed by hand"  # no note in the file: kept
    assert JAN not in stored and FEB not in stored and stored[MAR].value == 128.0


def test_european_csv_percentages_become_points_of_a_percent_node(svc, tmp_path: Path) -> None:
    grid, spec = _prepare(svc, european_csv(tmp_path / "eu.csv"))
    spec.map_label("Umsatz", "REV")
    plan = plan_import(svc, grid, spec)
    values = {(c.code, c.date): c.new for c in plan.new}
    assert values[("REV", JAN)] == 1234.5 and values[("REV", MAR)] == 1289.75
    assert values[("GM.PCT", FEB)] == pytest.approx(46.0)
    assert "eu!A4: totals row ('Gesamt')" in map(str, plan.skipped)


def test_fraction_values_of_a_percent_node_get_a_hint(svc, tmp_path: Path) -> None:
    rows = [("Bruttomarge", 0.45, 0.46, 0.47)]
    grid, spec = _prepare(svc, pl_export(tmp_path / "gm.xlsx", rows=rows))
    assert spec.percent == "fraction"  # all values within -1.5..1.5 and a % node exists
    assert [c.new for c in plan_import(svc, grid, spec).new] == pytest.approx([45.0, 46.0, 47.0])
    spec.percent = "points"
    plan = plan_import(svc, grid, spec)
    assert [c.new for c in plan.new] == [0.45, 0.46, 0.47]
    assert plan.hints and "percentages as 0–1" in plan.hints[0]


def test_crm_long_format_with_text_dates_and_notes(svc, tmp_path: Path) -> None:
    grid, spec = _prepare(svc, crm_long(tmp_path / "crm.xlsx"))
    spec.skip_label("Pipeline value")
    plan = plan_import(svc, grid, spec)
    assert plan.summary() == "4 new, 0 changed, 0 unchanged, 1 skipped"
    first = plan.new[0]
    assert (first.code, first.date, first.new, first.note, first.place) == (
        "CUST.NEW", dt.date(2027, 1, 31), 14.0, "from HubSpot", "Export!C2")
    assert [str(s) for s in plan.skipped] == [
        "Export!A6: 'Pipeline value' is left out (chosen in the mapping)"]


def test_unmapped_labels_are_skipped_or_created_under_a_parent(svc, tmp_path: Path) -> None:
    path = pl_export(tmp_path / "pl.xlsx", rows=[("Revenue", 1.0, 2.0, 3.0), ("Office rent", 5.0, 5.0, 5.0)])
    grid, spec = _prepare(svc, path)
    plan = plan_import(svc, grid, spec)
    assert "P&L!A6: 'Office rent' is not mapped to a KPI node" in map(str, plan.skipped)
    spec.new_parent = "FIN"
    spec.create_label("Office rent", "OPEX.RENT", unit="EUR")
    plan = plan_import(svc, grid, spec)
    assert plan.summary() == "6 new, 0 changed, 0 unchanged, 0 skipped; 1 new KPI node"
    applied = apply_plan(svc, plan)
    node = next(n for n in svc.kpi_nodes() if n.code == "OPEX.RENT")
    fin = next(n for n in svc.kpi_nodes() if n.code == "FIN")
    assert (node.name, node.kind, node.parent_id, node.unit) == ("Office rent", "measure", fin.id, "EUR")
    assert applied.created == [node.id] and len(svc.measurements(node.id)) == 3
    # Next month the profile writes into the node it created.
    assert plan_import(svc, grid, spec).summary() == "0 new, 0 changed, 6 unchanged, 0 skipped"


def test_apply_is_all_or_nothing(svc, ws, tmp_path: Path) -> None:
    path = pl_export(tmp_path / "pl.xlsx", rows=[("Revenue", 1.0, 2.0, 3.0), ("Office rent", 5.0, 5.0, 5.0)])
    grid, spec = _prepare(svc, path)
    spec.create_label("Office rent", "BAD CODE WITH SPACES!")
    plan = plan_import(svc, grid, spec)
    before = dump(ws.path)
    with pytest.raises(ApplyError, match="nothing was written"):
        apply_plan(svc, plan)
    assert dump(ws.path) == before


def test_apply_refuses_when_the_workspace_changed_since_the_preview(svc, ws, tmp_path: Path) -> None:
    grid, spec = _prepare(svc, pl_export(tmp_path / "pl.xlsx"))
    plan = plan_import(svc, grid, spec)
    rev = next(n for n in svc.kpi_nodes() if n.code == "REV")
    svc.set_measurement(rev.id, FEB, 7.0)
    before = dump(ws.path)
    with pytest.raises(ApplyError, match=r"P&L!C5: the value of REV on 2027-02-01 changed"):
        apply_plan(svc, plan)
    assert dump(ws.path) == before


def test_undo_and_redo_restore_exactly(svc, ws, tmp_path: Path) -> None:
    rev = next(n for n in svc.kpi_nodes() if n.code == "REV")
    svc.set_measurement(rev.id, FEB, 7.0, note="hand", source="manual")
    path = pl_export(tmp_path / "pl.xlsx", rows=[("Revenue", 1.0, 2.0, 3.0), ("Office rent", 5.0, 5.0, 5.0)])
    grid, spec = _prepare(svc, path)
    spec.create_label("Office rent", "OPEX.RENT")
    before = dump(ws.path)
    applied = apply_plan(svc, plan_import(svc, grid, spec, profile_name="Monthly P&L"))
    after = dump(ws.path)
    assert {m.source for m in svc.measurements(rev.id)} == {"import:Monthly P&L"}
    undo_import(svc, applied)
    assert dump(ws.path) == before
    redo_import(svc, applied)
    redone = dump(ws.path)
    assert redone["kpi_nodes"] == after["kpi_nodes"] and redone["value_imports"] == after["value_imports"]
    assert sorted(r[1:4] for r in redone["measurements"]) == sorted(r[1:4] for r in after["measurements"])
    undo_import(svc, applied)
    assert dump(ws.path) == before


def test_quarter_and_year_subtotal_columns_beside_months_are_left_out(svc, tmp_path: Path) -> None:
    months = ["Jan 2027", "Feb 2027", "Mar 2027", "Q1 2027", "FY2027"]
    path = pl_export(tmp_path / "pl.xlsx", months=months, rows=[("Revenue", 1.0, 2.0, 3.0, 6.0, 6.0)])
    grid, spec = _prepare(svc, path)
    plan = plan_import(svc, grid, spec)
    assert plan.summary() == "3 new, 0 changed, 0 unchanged, 2 skipped"
    assert [str(s) for s in plan.skipped] == [
        "P&L!E4: Q1 2027 column: a quarter total beside month columns; left out",
        "P&L!F4: 2027 column: a year total beside month columns; left out"]


def test_skipped_labels_are_not_read_and_reported_once(svc, tmp_path: Path) -> None:
    rows = [("Revenue", 1.0, 2.0, 3.0), ("Headcount note", "n/a", "see HR", "-")]
    grid, spec = _prepare(svc, pl_export(tmp_path / "pl.xlsx", rows=rows), scale=1.0)
    plan = plan_import(svc, grid, spec)
    assert "P&L!B6: not a number: expected a number, found the text 'n/a'" in map(str, plan.skipped)
    spec.skip_label("Headcount note")
    plan = plan_import(svc, grid, spec)
    assert [str(s) for s in plan.skipped] == [
        "P&L!A6: 'Headcount note' is left out (chosen in the mapping)"]


def test_a_column_left_out_of_a_time_series(svc, tmp_path: Path) -> None:
    from .files import time_series

    grid, spec = _prepare(svc, time_series(tmp_path / "ts.xlsx"))
    spec.skip_label("Marketing")
    plan = plan_import(svc, grid, spec)
    assert plan.summary() == "2 new, 0 changed, 0 unchanged, 1 skipped"
    assert [str(s) for s in plan.skipped] == ["Series!C1: 'Marketing' is left out (chosen in the mapping)"]
