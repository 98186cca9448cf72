"""`okrdesk import-values IN WORKSPACE --profile NAME [--dry-run]` as a user runs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from okrdesk.excel.foreign import apply_matches, detect_spec, match_labels, open_source, read_table, save_profile
from okrdesk.store.workspace import Workspace
from tests.e2e.test_cli import digest, okrdesk
from tests.unit.foreign.files import pl_export

NEXT_MONTH = [("Revenue", 130.25, 129.0, 140.0), ("Cost of sales", 42.5, 41.0, 44.0),
              ("Total", 172.75, 170.0, 184.0)]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace with two KPI nodes and the profile 'Monthly P&L' made from January's file."""
    path = tmp_path / "client.okrdesk"
    with Workspace.create(path, name="Client") as ws:
        s = ws.service
        s.create_node("REV", "Revenue", kind="measure", unit="EUR")
        s.create_node("COGS", "Cost of sales", kind="measure", unit="EUR")
        grid = open_source(pl_export(tmp_path / "jan.xlsx")).grid()
        spec = detect_spec(grid, s.kpi_nodes())
        apply_matches(spec, match_labels(read_table(grid, spec).labels, s.kpi_nodes()))
        spec.skip_label("Marketing")
        spec.scale = 1000.0
        save_profile(s, "Monthly P&L", spec)
    return path


def _values(path: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return con.execute("SELECT n.code, m.date, m.value, m.source FROM measurements m JOIN "
                           "kpi_nodes n ON n.id = m.node_id ORDER BY n.code, m.date").fetchall()


def test_dry_run_then_import_then_nothing_left_to_change(workspace: Path, tmp_path: Path) -> None:
    apr = pl_export(tmp_path / "apr.xlsx", months=["Feb 2027", "Mar 2027", "Apr 2027"], rows=NEXT_MONTH)
    before = digest(workspace)
    dry = okrdesk("import-values", str(apr), str(workspace), "--profile", "Monthly P&L", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert ("Would import apr.xlsx with profile 'Monthly P&L': 6 new, 0 changed, 0 unchanged, "
            "1 skipped (dry run: nothing was changed)") in dry.stdout
    assert "P&L!A7: totals row ('Total')" in dry.stdout
    assert digest(workspace) == before
    done = okrdesk("import-values", str(apr), str(workspace), "--profile", "Monthly P&L")
    assert done.returncode == 0, done.stderr
    assert "Imported apr.xlsx with profile 'Monthly P&L': 6 new" in done.stdout
    values = _values(workspace)
    assert ("REV", "2027-04-01", 140000.0, "import:Monthly P&L") in values and len(values) == 6
    again = okrdesk("import-values", str(apr), str(workspace), "--profile", "Monthly P&L")
    assert "0 new, 0 changed, 6 unchanged, 1 skipped" in again.stdout
    with sqlite3.connect(f"file:{workspace}?mode=ro", uri=True) as con:
        history = con.execute("SELECT file_name, profile_name, new_count, unchanged_count "
                              "FROM value_imports ORDER BY id").fetchall()
    assert history == [("apr.xlsx", "Monthly P&L", 6, 0), ("apr.xlsx", "Monthly P&L", 0, 6)]


def test_rows_that_no_longer_match_exit_2_and_change_nothing(workspace: Path, tmp_path: Path) -> None:
    renamed = pl_export(tmp_path / "may.xlsx", rows=[("Net revenue", 1.0, 2.0, 3.0),
                                                    ("Cost of sales", 1.0, 2.0, 3.0)])
    before = digest(workspace)
    result = okrdesk("import-values", str(renamed), str(workspace), "--profile", "Monthly P&L")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("P&L!A5: 'Net revenue' is not in the profile 'Monthly P&L'")
    assert lines[-1] == ("okrdesk: may.xlsx does not match the profile 'Monthly P&L' "
                         "(1 problem(s)); nothing was changed")
    assert "Traceback" not in result.stderr and digest(workspace) == before


def test_unknown_profile_unreadable_file_and_usage(workspace: Path, tmp_path: Path) -> None:
    good = pl_export(tmp_path / "jun.xlsx")
    unknown = okrdesk("import-values", str(good), str(workspace), "--profile", "Weekly")
    assert unknown.returncode == 2
    assert "no import profile named 'Weekly'. Saved profiles: 'Monthly P&L'" in unknown.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    result = okrdesk("import-values", str(broken), str(workspace), "--profile", "Monthly P&L")
    assert result.returncode == 3 and "broken.xlsx" in result.stderr
    missing = okrdesk("import-values", str(tmp_path / "nope.csv"), str(workspace), "--profile", "Monthly P&L")
    assert missing.returncode == 3 and "nope.csv: no such file" in missing.stderr
    usage = okrdesk("import-values", str(good), str(workspace))
    assert usage.returncode == 1 and "--profile" in usage.stderr
    for r in (unknown, result, missing, usage):
        assert "Traceback" not in r.stderr
