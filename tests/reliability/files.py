"""Small helpers shared by the reliability tests and the soak command: SQLite checks
read straight from the file, digests, and a realistic small workspace."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import sys
from pathlib import Path

TABLES = ("teams", "people", "kpi_nodes", "influence_links", "measurements", "periods",
          "objectives", "key_results", "check_ins")


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Name -> digest of every file in ``folder`` (what a refusal must leave unchanged)."""
    return {p.name: digest(p) for p in sorted(Path(folder).iterdir()) if p.is_file()}


def sqlite_health(path: Path) -> tuple[list[str], list[tuple]]:
    """``PRAGMA integrity_check`` lines and ``PRAGMA foreign_key_check`` rows of ``path``.

    Opened read-write on purpose: after a crash SQLite must recover the file from its
    write-ahead log, as the next okrdesk to open it would.
    """
    con = sqlite3.connect(path)
    try:
        integrity = [row[0] for row in con.execute("PRAGMA integrity_check")]
        fks = [tuple(row) for row in con.execute("PRAGMA foreign_key_check")]
    finally:
        con.close()
    return integrity, fks


def table_counts(path: Path) -> dict[str, int]:
    """Rows per okrdesk table, plus the sum of all measurement values (a content check)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        counts["measurement_total"] = round(
            con.execute("SELECT total(value) FROM measurements").fetchone()[0], 6)
    finally:
        con.close()
    return counts


def python_env() -> dict[str, str]:
    """Environment for child processes: this worktree first on the path, headless Qt."""
    root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join([root, *filter(None, [os.environ.get("PYTHONPATH")])])
    return dict(os.environ, PYTHONPATH=path, QT_QPA_PLATFORM="offscreen", OKRDESK_TESTING="1",
                PYTHONUNBUFFERED="1")


PYTHON = sys.executable


def build_small_workspace(path: Path, *, nodes: int = 24, days: int = 40) -> Path:
    """A workspace holding a little of everything: teams, people, a KPI tree with a
    formula, measurements, a period, objectives, key results (one linked) and check-ins."""
    from okrdesk.store.workspace import Workspace

    with Workspace.create(path, name="Reliability") as ws:
        s = ws.service
        company = s.create_team("Company")
        sales = s.create_team("Sales", parent_id=company.id)
        ops = s.create_team("Operations", parent_id=company.id)
        ann = s.create_person("Ann Example", "ann@example.com", team_id=sales.id)
        s.create_person("Bo Beispiel", "bo@example.com", team_id=ops.id)
        root = s.create_node("REV", "Revenue", formula="sum")
        ids = [root.id]
        for i in range(1, nodes):
            parent = ids[(i - 1) // 3]
            ids.append(s.create_node(f"N{i:03d}", f"Driver {i}", parent_id=parent).id)
        start = dt.date(2026, 11, 1)
        s.bulk_set_measurements(
            (node_id, start + dt.timedelta(days=d), float(100 + 3 * k + d))
            for k, node_id in enumerate(ids[1:]) for d in range(0, days, 7))
        period = s.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
        for t, team in enumerate((sales, ops)):
            obj = s.create_objective(f"Grow line {t}", period_id=period.id, team_id=team.id,
                                     owner_id=ann.id)
            for k in range(3):
                kr = s.create_key_result(obj.id, f"Reach {k} thousand", start=0, target=1000,
                                         kpi_node_id=ids[1 + k] if k == 0 else None)
                s.add_check_in(kr.id, dt.date(2027, 1, 15), 100.0 * (k + 1), confidence=6,
                               comment="first", author="Ann")
    return path
