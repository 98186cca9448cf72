"""`okrdesk template / export / import` as a user runs them: real processes and files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from tests.e2e.test_cli import AS_OF, digest, okrdesk

SHEETS = {"Read me", "Teams", "People", "KPI Tree", "Measurements", "Periods", "Objectives",
          "Key Results", "Check-ins"}


def _dump(path: Path) -> dict[str, list[tuple]]:
    tables = ("teams", "people", "kpi_nodes", "measurements", "periods", "objectives",
              "key_results", "check_ins")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("excel")
    workspace = folder / "client.okrdesk"
    assert okrdesk("demo", str(workspace), "--as-of", AS_OF).returncode == 0
    workbook = folder / "client.xlsx"
    result = okrdesk("export", str(workspace), str(workbook))
    assert result.returncode == 0, result.stderr
    return workspace, workbook


def test_template_has_every_sheet(tmp_path):
    out = tmp_path / "workshop.xlsx"
    result = okrdesk("template", str(out))
    assert result.returncode == 0, result.stderr
    assert SHEETS <= set(CalamineWorkbook.from_path(str(out)).sheet_names)


def test_export_then_import_into_a_new_workspace_then_nothing_to_change(exported, tmp_path):
    _, workbook = exported
    assert SHEETS <= set(CalamineWorkbook.from_path(str(workbook)).sheet_names)
    target = tmp_path / "copy.okrdesk"
    first = okrdesk("import", str(workbook), str(target))
    assert first.returncode == 0, first.stdout + first.stderr
    counts = {t: len(rows) for t, rows in _dump(target).items()}
    assert counts["measurements"] > 4000 and counts["check_ins"] > 100
    again = okrdesk("import", str(workbook), str(target))
    assert again.returncode == 0
    assert "Nothing to change" in again.stdout


def test_dry_run_into_a_missing_workspace_creates_nothing(exported, tmp_path):
    _, workbook = exported
    target = tmp_path / "never.okrdesk"
    result = okrdesk("import", str(workbook), str(target), "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "new" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_bad_values_are_rejected_with_cells_and_change_nothing(exported, tmp_path):
    workspace, workbook = exported
    target = tmp_path / "client.okrdesk"
    shutil.copyfile(workspace, target)
    bad = tmp_path / "bad.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["Measurements"]
    headers = [c.value for c in sheet[1]]
    value_col = headers.index("Value") + 1
    sheet.cell(row=3, column=value_col, value="lots")
    sheet.cell(row=5, column=value_col, value="12 apples")
    book.save(bad)
    before = _dump(target)
    result = okrdesk("import", str(bad), str(target))
    assert result.returncode == 2, result.stdout + result.stderr
    letter = openpyxl.utils.get_column_letter(value_col)
    assert f"Measurements!{letter}3" in result.stdout
    assert f"Measurements!{letter}5" in result.stdout
    assert "Traceback" not in result.stderr
    assert _dump(target) == before


def test_rejected_import_into_a_new_file_leaves_no_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "KPI Tree"
    book.active.append(["Code", "Parent code", "Name"])
    book.active.append(["REV", "NOPE", "Revenue"])
    book.save(bad)
    target = tmp_path / "fresh.okrdesk"
    result = okrdesk("import", str(bad), str(target))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "KPI Tree!" in result.stdout
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


@pytest.mark.parametrize("content", [b"", b"Code;Date;Value\nREV;2027-01-01;1\n",
                                     b"PK\x03\x04 not really a zip"])
def test_unreadable_workbooks_exit_3_in_one_line(content, exported, tmp_path):
    workspace, _ = exported
    target = tmp_path / "client.okrdesk"
    shutil.copyfile(workspace, target)
    before = digest(target)
    bad = tmp_path / "input.xlsx"
    bad.write_bytes(content)
    result = okrdesk("import", str(bad), str(target))
    assert result.returncode == 3, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "input.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert digest(target) == before


def test_replace_needs_confirmation_without_a_terminal(exported, tmp_path):
    workspace, workbook = exported
    target = tmp_path / "client.okrdesk"
    shutil.copyfile(workspace, target)
    partial = tmp_path / "partial.xlsx"
    book = openpyxl.load_workbook(workbook)
    sheet = book["Measurements"]
    sheet.delete_rows(sheet.max_row)  # the workbook now lacks one measurement
    book.save(partial)
    before = _dump(target)
    result = okrdesk("import", str(partial), str(target), "--mode", "replace")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--yes" in result.stderr
    assert _dump(target) == before
    confirmed = okrdesk("import", str(partial), str(target), "--mode", "replace", "--yes")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    after = _dump(target)
    assert len(after["measurements"]) == len(before["measurements"]) - 1
    assert after["kpi_nodes"] == before["kpi_nodes"]


def test_formula_like_text_survives_the_round_trip(tmp_path):
    workspace = tmp_path / "w.okrdesk"
    assert okrdesk("demo", str(workspace), "--as-of", AS_OF).returncode == 0
    title = '=HYPERLINK("http://x","y")'
    with sqlite3.connect(workspace) as con:
        con.execute("UPDATE objectives SET title = ? WHERE id = (SELECT min(id) FROM objectives)",
                    (title,))
    out = tmp_path / "w.xlsx"
    assert okrdesk("export", str(workspace), str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    cells = [c for row in book["Objectives"].iter_rows() for c in row if c.value == title]
    assert cells and all(c.data_type == "s" for c in cells)
    copy = tmp_path / "copy.okrdesk"
    assert okrdesk("import", str(out), str(copy)).returncode == 0
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT count(*) FROM objectives WHERE title = ?", (title,)).fetchone()[0] == 1
