"""Round trip of a firm-size workspace (issue 6, item 8): export → import into an empty
workspace → export again; the two workbooks hold the same cells and the two workspaces the
same entities and history.

What may differ, and why (everything else is compared):

* Workbooks — the hidden ``_rev`` column of every data sheet (revisions count the edits of
  each workspace: the imported one starts again at 1 and its import edits some rows twice)
  and, in ``Read me``, the hidden ``_exported`` row's export time, workspace name and data
  revision, and the visible "Exported" line that says the same in words (the time of each
  export; the data revision counts edits). The Check-ins rows are compared as a whole,
  not in order: the export sorts check-ins of the same day by the key result's internal
  id, which follows creation order and so differs between the two workspaces.
* The workspace settings (name, reporting grain, currency, the demo's frozen as-of date)
  are not in the workbook format; the test copies them into the empty workspace before
  importing, since computed columns (latest value, status, scores) depend on them.
* Workspaces — every ``id`` and every foreign key is compared through the natural key of
  the row it points at (team and person names, node codes, period names, objective and
  key-result refs), since ids are assigned in creation order; ``revision`` (as above);
  ``check_ins.created_at`` (when the row was stored). Not in the workbook format, hence not
  compared: the ``settings`` table (workspace name, reporting grain, currency, demo metadata),
  ``import_profiles`` and ``alembic_version``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from okrdesk.excel import format as fmt
from okrdesk.excel.apply import apply_plan
from okrdesk.excel.plan import plan_import
from okrdesk.excel.writer import export_workbook
from okrdesk.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
NATURAL_KEY = {"teams": "name", "people": "name", "kpi_nodes": "code", "periods": "name",
               "objectives": "ref", "key_results": "ref"}
NOT_COMPARED_TABLES = {"settings", "import_profiles", "alembic_version"}
NOT_COMPARED_COLUMNS = {"id", "revision", "created_at"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def round_trip(tmp_path_factory) -> dict[str, Path]:
    """The firm demo, its export, the workspace imported from it and that one's export."""
    d = tmp_path_factory.mktemp("firm_round_trip")
    original = d / "original.okrdesk"
    subprocess.run([sys.executable, "-m", "okrdesk", "demo", str(original), "--size", "firm",
                    "--as-of", "2027-02-15"], check=True, cwd=ROOT, capture_output=True)
    first, second, copy = d / "first.xlsx", d / "second.xlsx", d / "imported.okrdesk"
    with Workspace.open(original, read_only=True) as ws:
        export_workbook(ws.service, first)
    started = time.perf_counter()
    with Workspace.open(original, read_only=True) as ws:
        settings = ws.service.settings()
    with Workspace.create(copy) as ws:
        for key, value in settings.items():  # not in the workbook: name, grain, as-of date...
            ws.service.set_setting(key, value)
        plan = plan_import(ws.service, first)
        assert plan.errors == [], [str(p) for p in plan.errors[:10]]
        assert not plan.conflicts
        counts = plan.counts()
        assert all(c["changed"] == c["unchanged"] == c["delete"] == 0 for c in counts.values())
        apply_plan(ws.service, plan)
        export_workbook(ws.service, second)
        again = plan_import(ws.service, first)  # the same workbook again: nothing to do
        assert not again.has_changes, again.summary_lines()[:20]
    print(f"firm import + re-export + re-plan: {time.perf_counter() - started:.1f} s")
    return {"original": original, "copy": copy, "first": first, "second": second}


def _cells(path: Path) -> dict[str, list[list]]:
    """Every sheet's cells, without the hidden ``_rev`` column and the ``_exported`` row's
    time, workspace name and revision (see the module notes)."""
    book = CalamineWorkbook.from_path(str(path))
    out: dict[str, list[list]] = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        spec = fmt.sheet_for(name)
        if spec is not None and spec.has_revision and rows:
            keep = [i for i, h in enumerate(rows[0]) if h != fmt.REVISION_HEADER]
            assert len(keep) == len(rows[0]) - 1, f"{name}: no {fmt.REVISION_HEADER} column"
            rows = [[row[i] for i in keep] for row in rows]
        if name == fmt.README:
            exported = [r for r in rows if r and r[0] == "_exported"]
            assert len(exported) == 1, "Read me has no _exported row"
            rows = [r[:1] + r[4:] if r and r[0] == "_exported" else r for r in rows]
            rows = [r[:1] if r and r[0] == "Exported" else r for r in rows]
        out[name] = rows
    return out


def test_second_export_has_the_same_cells(round_trip):
    first, second = _cells(round_trip["first"]), _cells(round_trip["second"])
    assert list(second) == list(first)
    assert {s.name for s in fmt.DATA_SHEETS} <= set(first)
    for name, rows in first.items():
        assert len(second[name]) == len(rows), name
        if name == fmt.CHECK_INS:  # same-day check-ins are ordered by an internal id
            assert rows[0] == second[name][0]
            assert sorted(rows[1:], key=repr) == sorted(second[name][1:], key=repr), name
            continue
        for number, (a, b) in enumerate(zip(rows, second[name], strict=True), start=1):
            assert b == a, f"{name} row {number}"
    assert len(first[fmt.MEASUREMENTS]) > 150_000  # it is the firm size


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every compared table, rows sorted, foreign keys as the natural key they point at."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        natural = {t: dict(con.execute(f'SELECT id, "{c}" FROM "{t}"'))
                   for t, c in NATURAL_KEY.items()}
        out: dict[str, list[tuple]] = {}
        for table in names:
            if table in NOT_COMPARED_TABLES:
                continue
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            targets = {r[3]: r[2] for r in con.execute(f'PRAGMA foreign_key_list("{table}")')}
            shown = [c for c in columns if c not in NOT_COMPARED_COLUMNS]
            rows = []
            for row in con.execute(f'SELECT {", ".join(f"{chr(34)}{c}{chr(34)}" for c in shown)} '
                                   f'FROM "{table}"'):
                rows.append(tuple((c, natural[targets[c]].get(v) if c in targets else v)
                                  for c, v in zip(shown, row)))
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def test_imported_workspace_has_the_same_entities_and_history(round_trip):
    original, copy = _dump(round_trip["original"]), _dump(round_trip["copy"])
    assert set(copy) == set(original)
    for table, rows in original.items():
        assert len(copy[table]) == len(rows), table
        theirs = set(copy[table])
        missing = [r for r in rows if r not in theirs]
        assert not missing, f"{table}: {len(missing)} rows differ, first {missing[0]}"
    assert len(original["measurements"]) > 150_000 and len(original["check_ins"]) > 10_000
