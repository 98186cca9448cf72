"""Export of a workshop demo: read back with openpyxl and python-calamine."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from okrdesk.excel import format as fmt
from okrdesk.excel.writer import ExportCancelled, export_workbook
from okrdesk.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "workshop.okrdesk"
    subprocess.run([sys.executable, "-m", "okrdesk", "demo", str(path), "--size", "workshop",
                    "--as-of", "2027-02-15"], check=True, cwd=ROOT, capture_output=True)
    return path


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "export.xlsx"
    with Workspace.open(demo, read_only=True) as ws:
        summary = export_workbook(ws.service, out)
        counts = ws.service.counts()
    return out, summary, counts


def test_every_sheet_in_order_with_headers_from_format(exported):
    out, _, _ = exported
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [s.name for s in fmt.SHEETS] + [fmt.CHART_DATA]
    assert wb[fmt.LISTS].sheet_state == "hidden"
    assert wb[fmt.CHART_DATA].sheet_state == "hidden"
    for spec in fmt.DATA_SHEETS:
        ws = wb[spec.name]
        assert [c.value for c in ws[1]] == [c.name for c in spec.columns], spec.name
        assert ws.freeze_panes in ("A2", "B2")
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(spec.columns))}{ws.max_row}"
        for index, column in enumerate(spec.columns):
            letter = openpyxl.utils.get_column_letter(index + 1)
            assert ws.column_dimensions[letter].width == column.width
            if column.hidden:
                assert ws.column_dimensions[letter].hidden, (spec.name, column.name)
    cw = CalamineWorkbook.from_path(str(out))
    for spec in fmt.DATA_SHEETS:
        assert cw.get_sheet_by_name(spec.name).to_python()[0] == [c.name for c in spec.columns]


def test_counts_equal_the_workspace(exported):
    out, summary, counts = exported
    expected = {
        fmt.TEAMS: counts["teams"], fmt.PEOPLE: counts["people"], fmt.KPI_TREE: counts["kpi_nodes"],
        fmt.MEASUREMENTS: counts["measurements"], fmt.PERIODS: counts["periods"],
        fmt.OBJECTIVES: counts["objectives"], fmt.KEY_RESULTS: counts["key_results"],
        fmt.CHECK_INS: counts["check_ins"],
    }
    assert summary.counts == expected
    cw = CalamineWorkbook.from_path(str(out))
    for name, n in expected.items():
        rows = cw.get_sheet_by_name(name).to_python()
        assert len(rows) - 1 == n, name
    influences = [r[18] for r in cw.get_sheet_by_name(fmt.KPI_TREE).to_python()[1:] if r[18]]
    assert sum(len(fmt.parse_influences(t)) for t in influences) == counts["influence_links"]


def test_history_is_complete_with_comments(exported, demo):
    out, _, _ = exported
    with Workspace.open(demo, read_only=True) as ws:
        stored = sorted((c.date, c.value, c.comment, c.author) for c in ws.service.check_ins())
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(fmt.CHECK_INS).to_python()[1:]
    read = sorted((r[0], r[2], r[4], r[5]) for r in rows)
    assert read == stored


def test_dates_are_real_dates_and_formats(exported):
    out, _, _ = exported
    wb = openpyxl.load_workbook(out)
    cell = wb[fmt.MEASUREMENTS]["B2"]
    assert cell.is_date and cell.number_format == fmt.DATE_FORMAT
    assert wb[fmt.PERIODS]["C2"].is_date
    score = wb[fmt.KEY_RESULTS].cell(2, 13)
    assert wb[fmt.KEY_RESULTS].cell(1, 13).value == "Score"
    assert score.number_format == fmt.SCORE_FORMAT and isinstance(score.value, float)


def test_dropdowns_conditional_formats_and_charts(exported):
    out, _, _ = exported
    wb = openpyxl.load_workbook(out)
    tree = wb[fmt.KPI_TREE]
    sources = {dv.formula1 for dv in tree.data_validations.dataValidation}
    assert "=list_kinds" in sources and "=list_directions" in sources and "=keys_people" in sources
    assert "list_kinds" in wb.defined_names and "keys_teams" in wb.defined_names
    assert wb.defined_names["list_kinds"].attr_text.startswith("Lists!")
    lists = wb[fmt.LISTS]
    assert [c.value for c in lists[1]] == [e.name for e in fmt.ENUMS]
    assert len(wb[fmt.CHECK_INS].data_validations.dataValidation) >= 2
    ranges = [str(r.sqref) for r in tree.conditional_formatting]
    assert any(r.startswith("U2:") for r in ranges)  # Status
    kr_rules = [rule for cf in wb[fmt.KEY_RESULTS].conditional_formatting for rule in cf.rules]
    assert len(kr_rules) >= 6  # score bands and pace words
    statuses = {r[20] for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_name(
        fmt.KPI_TREE).to_python()[1:]} - {""}
    assert statuses and all(any(w in s for w in ("On target", "Watch", "Off target")) for s in statuses)
    assert len(wb[fmt.CHARTS]._charts) > 0
    assert len(wb[fmt.CHARTS]._charts) == exported[1].charts


def test_readme_carries_version_and_export_marker(exported):
    out, _, _ = exported
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(fmt.README).to_python()
    labels = {r[0]: r for r in rows}
    assert labels[fmt.VERSION_LABEL][1] == fmt.FORMAT_VERSION
    marker = labels[fmt.EXPORT_MARKER]
    assert dt.datetime.fromisoformat(marker[1]) and marker[2]
    wb = openpyxl.load_workbook(out)
    ws = wb[fmt.README]
    row = next(c.row for c in ws["A"] if c.value == fmt.EXPORT_MARKER)
    assert ws.row_dimensions[row].hidden


INJECTIONS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "=1+1", "=cmd|' /C calc'!A0",
              "\t=TAB", " leading space", "Bad\x01char"]


def test_text_is_always_text(tmp_path):
    ws = Workspace.create(tmp_path / "inj.okrdesk")
    s = ws.service
    team = s.create_team(INJECTIONS[0], description=INJECTIONS[3])
    s.create_person(INJECTIONS[1], team_id=team.id)
    node = s.create_node("N1", INJECTIONS[4], description=INJECTIONS[5], unit="=U")
    s.set_measurement(node.id, dt.date(2027, 1, 31), 5.0, note=INJECTIONS[2])
    period = s.create_period("=P", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    obj = s.create_objective(INJECTIONS[0], period_id=period.id, team_id=team.id, description=INJECTIONS[6])
    kr = s.create_key_result(obj.id, INJECTIONS[3], start=0, target=10, unit="@x")
    s.add_check_in(kr.id, dt.date(2027, 2, 1), 3, comment=INJECTIONS[5], author=INJECTIONS[1])
    stored_description = s.objectives()[0].description  # as the store keeps it (trimmed)
    out = tmp_path / "inj.xlsx"
    export_workbook(s, out)
    ws.close()
    wb = openpyxl.load_workbook(out)
    texts = set()
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    cw = CalamineWorkbook.from_path(str(out))
    calamine_texts = {v for name in cw.sheet_names for r in cw.get_sheet_by_name(name).to_python()
                      for v in r if isinstance(v, str)}
    for text in INJECTIONS[:6] + [stored_description, "=U", "=P", "@x"]:
        assert text in texts, text
        assert text in calamine_texts, text
    assert "Badchar" not in texts  # not in the data; control characters are only dropped
    assert wb[fmt.TEAMS]["A2"].value == INJECTIONS[0]


def test_cancel_leaves_no_file(demo, tmp_path):
    out = tmp_path / "cancelled.xlsx"
    seen = []
    with Workspace.open(demo, read_only=True) as ws:
        with pytest.raises(ExportCancelled):
            export_workbook(ws.service, out, progress=lambda d, t: seen.append((d, t)),
                            cancelled=lambda: len(seen) >= 2)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_progress_reaches_total_and_old_file_replaced(demo, tmp_path):
    out = tmp_path / "p.xlsx"
    out.write_bytes(b"old")
    seen = []
    with Workspace.open(demo, read_only=True) as ws:
        export_workbook(ws.service, out, progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["p.xlsx"]


def test_selection_by_period_team_and_branch(demo, tmp_path):
    with Workspace.open(demo, read_only=True) as ws:
        s = ws.service
        team = next(t for t in s.teams() if t.parent_id is not None)
        period = s.periods()[0]
        out = tmp_path / "team.xlsx"
        summary = export_workbook(s, out, period_ids=[period.id], team_ids=[team.id])
        expected = [o for o in s.objectives(period_id=period.id) if o.team_id == team.id]
        assert summary.counts[fmt.OBJECTIVES] == len(expected) > 0
        assert summary.counts[fmt.TEAMS] >= 1
        root = next(n for n in s.kpi_nodes() if n.parent_id is None)
        child = next(n for n in s.kpi_nodes() if n.parent_id == root.id)
        summary = export_workbook(s, tmp_path / "branch.xlsx", branch_node_id=child.id)
        codes = [r[0] for r in CalamineWorkbook.from_path(str(tmp_path / "branch.xlsx"))
                 .get_sheet_by_name(fmt.KPI_TREE).to_python()[1:]]
        assert codes[0] == child.code and root.code not in codes
        assert summary.counts[fmt.KPI_TREE] < len(s.kpi_nodes())
