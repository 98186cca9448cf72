"""The firm-size demo: spec counts, eight quarters, carried objectives, speed."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from .conftest import make_demo
from .recompute import Recomputer

TARGETS = {"teams": 20, "objectives": 600, "key_results": 2000, "kpi_nodes": 1500,
           "measurements": 200_000}


@pytest.fixture(scope="module")
def firm(tmp_path_factory):
    path = tmp_path_factory.mktemp("firm") / "firm.okrdesk"
    summary = make_demo(path, "firm")
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    yield summary, con
    con.close()


def test_firm_counts_are_near_the_spec_and_fast(firm):
    summary, con = firm
    for table, target in TARGETS.items():
        stored = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        assert abs(stored - target) <= 0.2 * target, f"{table}: {stored} vs {target}"
    assert summary.elapsed_seconds < 30
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_firm_has_eight_quarters_with_closed_history(firm):
    _summary, con = firm
    periods = con.execute("SELECT * FROM periods ORDER BY start").fetchall()
    assert [p["name"] for p in periods][-1] == "2026-Q4" and len(periods) == 8
    assert [p["closed"] for p in periods] == [1] * 7 + [0]
    states = Counter(
        (o["period_id"] == periods[-1]["id"], o["state"])
        for o in con.execute("SELECT period_id, state FROM objectives"))
    assert set(states) <= {(False, "closed"), (True, "active"), (True, "draft")}
    assert states[(True, "draft")] >= 1
    carried = con.execute(
        "SELECT o.period_id, c.period_id FROM objectives o JOIN objectives c "
        "ON c.id = o.carried_from_id").fetchall()
    assert len(carried) >= 10 and all(a == b + 1 for a, b in carried)
    retro = con.execute("SELECT COUNT(*) FROM objectives WHERE retrospective <> ''")
    assert retro.fetchone()[0] >= 50


def test_firm_tree_is_split_by_segment_and_formulas_hold(firm):
    _summary, con = firm
    rc = Recomputer(con)
    assert "ARR.EMEA.PRO.DIR" in rc.by_code
    for code in ("EBITDA", "MRR.NEW", "PIPE", "NPS", "TICKETS", "LTV.CAC"):
        value = rc.value(rc.by_code[code], (2026, 11))
        assert value == value and value > 0, code
    depth = {}
    for node in sorted(rc.nodes.values(), key=lambda n: n["id"]):
        depth[node["id"]] = 1 + depth.get(node["parent_id"], 0)
    assert 5 <= max(depth.values()) <= 8
