"""Import profiles: saved, listed, renamed, deleted; next month's file in one call, with
everything that no longer matches the profile reported (never guessed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from okrdesk.excel.foreign import (
    ImportSpec, ProfileError, apply_matches, detect_spec, import_with_profile, load_profile,
    match_labels, open_source, plan_with_profile, profile_names, read_table, rename_profile,
    delete_profile, save_profile,
)
from okrdesk.store.errors import ValidationError

from ..store.conftest import dump
from .files import european_csv, pl_export


def _saved_profile(svc, path: Path, name: str = "Monthly P&L") -> ImportSpec:
    grid = open_source(path).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    apply_matches(spec, match_labels(read_table(grid, spec).labels, svc.kpi_nodes()))
    spec.skip_label("Marketing")
    save_profile(svc, name, spec)
    return spec


def test_profile_round_trips_and_is_listed_renamed_deleted(svc, tmp_path: Path) -> None:
    spec = _saved_profile(svc, pl_export(tmp_path / "pl.xlsx"))
    assert load_profile(svc, "Monthly P&L") == spec
    assert ImportSpec.from_json(spec.to_json()) == spec
    save_profile(svc, "CRM", ImportSpec(layout="long"))
    assert profile_names(svc) == ["CRM", "Monthly P&L"]
    rename_profile(svc, "Monthly P&L", "Finance monthly")
    assert profile_names(svc) == ["CRM", "Finance monthly"]
    with pytest.raises(ValidationError, match="already exists"):
        rename_profile(svc, "CRM", "Finance monthly")
    with pytest.raises(ProfileError, match="no import profile named 'Nope'"):
        rename_profile(svc, "Nope", "X")
    delete_profile(svc, "CRM")
    assert profile_names(svc) == ["Finance monthly"]
    with pytest.raises(ProfileError, match=r"no import profile named 'CRM'.*'Finance monthly'"):
        load_profile(svc, "CRM")


def test_next_month_in_one_call(svc, tmp_path: Path) -> None:
    _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    path = pl_export(tmp_path / "apr.xlsx", months=["Feb 2027", "Mar 2027", "Apr 2027"],
                     rows=[("Revenue", 130.25, 129.0, 140.0), ("Cost of sales", 42.5, 41.0, 44.0),
                           ("Marketing", 1, 2, 3), ("Total", 0, 0, 0)])
    outcome = import_with_profile(svc, path, "Monthly P&L")
    assert outcome.plan.ok and outcome.applied is not None
    assert outcome.plan.summary() == "6 new, 0 changed, 0 unchanged, 2 skipped"
    entry = svc.value_imports()[0]
    assert (entry.file_name, entry.profile_name, entry.new_count) == ("apr.xlsx", "Monthly P&L", 6)


def test_renamed_kpi_is_reported_not_guessed_and_nothing_changes(svc, ws, tmp_path: Path) -> None:
    _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    path = pl_export(tmp_path / "feb.xlsx", rows=[("Net revenue", 1.0, 2.0, 3.0),
                                                 ("Cost of sales", 4.0, 5.0, 6.0)])
    before = dump(ws.path)
    outcome = import_with_profile(svc, path, "Monthly P&L")
    assert outcome.applied is None and not outcome.plan.ok
    assert outcome.plan.problem_lines() == [
        "P&L!A5: 'Net revenue' is not in the profile 'Monthly P&L' (a new or renamed KPI?); open "
        "Import values…, map it to a KPI node or skip it, and save the profile"]
    assert dump(ws.path) == before


def test_moved_column_is_found_by_its_header_missing_one_is_reported(svc, tmp_path: Path) -> None:
    _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "P&L"
    ws.append(["Acme GmbH — Profit and loss"])
    ws.append([])
    ws.append([])
    ws.append(["Code", "Account", "Apr 2027"])
    ws.append(["4000", "Revenue", 150.0])
    wb.save(tmp_path / "moved.xlsx")
    plan = plan_with_profile(svc, tmp_path / "moved.xlsx", "Monthly P&L")
    assert plan.ok, plan.problem_lines()
    assert [(c.code, c.place) for c in plan.new] == [("REV", "P&L!C5")]
    ws["B4"] = "Konto"
    wb.save(tmp_path / "renamed.xlsx")
    plan = plan_with_profile(svc, tmp_path / "renamed.xlsx", "Monthly P&L")
    assert plan.problem_lines() == [
        "P&L!A4: the column 'Account' (label) is not in the header row 4"]


def test_header_moved_down_is_reported_with_the_new_row(svc, tmp_path: Path) -> None:
    _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    path = pl_export(tmp_path / "flat.xlsx", title_rows=False)
    plan = plan_with_profile(svc, path, "Monthly P&L")
    assert plan.problem_lines() == [
        "P&L!A4: the column 'Account' (label) is not in the header row 4; the headers now seem "
        "to be in row 1: the file's layout changed, check the header row"]


def test_missing_sheet_and_deleted_node_are_reported(svc, tmp_path: Path) -> None:
    _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "other.xlsx")
    plan = plan_with_profile(svc, tmp_path / "other.xlsx", "Monthly P&L")
    assert plan.problem_lines() == [
        "P&L: the profile 'Monthly P&L' reads the sheet 'P&L', which is not in other.xlsx "
        "(its sheets: 'Sheet1')"]
    svc.delete_node(next(n for n in svc.kpi_nodes() if n.code == "COGS").id)
    plan = plan_with_profile(svc, tmp_path / "jan.xlsx", "Monthly P&L")
    assert plan.problem_lines() == [
        "P&L!A6: 'Cost of sales' is mapped to the KPI node 'COGS', which does not exist any more; "
        "map it to another node"]


def test_csv_profile_keeps_the_confirmed_format(svc, tmp_path: Path) -> None:
    path = european_csv(tmp_path / "eu.csv")
    grid = open_source(path).grid()
    spec = detect_spec(grid, svc.kpi_nodes())
    spec.map_label("Umsatz", "REV")
    spec.map_label("Bruttomarge", "GM.PCT")
    save_profile(svc, "DE", spec)
    outcome = import_with_profile(svc, path, "DE", dry_run=True)
    assert outcome.applied is None and outcome.plan.summary() == "6 new, 0 changed, 0 unchanged, 1 skipped"
    rev = next(n for n in svc.kpi_nodes() if n.code == "REV")
    assert svc.measurements(rev.id) == []
    import_with_profile(svc, path, "DE")
    assert svc.measurements(rev.id)[0].date == dt.date(2027, 1, 1)


def test_a_profile_describes_itself(svc, tmp_path: Path) -> None:
    spec = _saved_profile(svc, pl_export(tmp_path / "jan.xlsx"))
    spec.new_parent = "FIN"
    spec.create_label("Office rent", "FIN.RENT")
    assert spec.describe() == [
        "sheet 'P&L', headers in row 4",
        "one row per KPI (names in column 'Account'), one column per date or period",
        "values in thousands, percentages as 0–100",
        "2 KPIs mapped, 1 left out, 1 created under FIN",
    ]


def test_broken_profile_and_empty_sheet_are_reported(svc, tmp_path: Path) -> None:
    svc.save_import_profile("Broken", {"layout": "diagonal"})
    with pytest.raises(ProfileError, match="'Broken' cannot be read: layout must be one of long, wide, columns"):
        load_profile(svc, "Broken")
    save_profile(svc, "Empty", ImportSpec(label_column=None))
    wb = openpyxl.Workbook()
    wb.save(tmp_path / "empty.xlsx")
    plan = plan_with_profile(svc, tmp_path / "empty.xlsx", "Empty")
    assert plan.problem_lines() == ["Sheet: the sheet is empty"]
