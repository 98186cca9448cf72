"""The workshop demo: counts, formulas, thresholds, OKRs and dates hold up."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter

import pytest

from okrdesk.store.demo import DELIBERATE_CODES, generate_demo
from okrdesk.store.demo.targets import status_of
from okrdesk.store.workspace import Workspace

from .conftest import AS_OF, make_demo
from .recompute import Recomputer

TARGETS = {"teams": 6, "objectives": 25, "key_results": 80, "kpi_nodes": 120,
           "measurements": 5000}


def within(actual: int, target: int, tolerance: float = 0.2) -> bool:
    return abs(actual - target) <= tolerance * target


def test_workshop_counts_are_near_the_spec(workshop, db):
    _path, summary = workshop
    for table, target in TARGETS.items():
        stored = db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        assert stored == getattr(summary, table)
        assert within(stored, target), f"{table}: {stored} not within 20% of {target}"
    assert db.execute("SELECT COUNT(*) FROM periods").fetchone()[0] == 1


def test_foreign_keys_and_tree_links_are_valid(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    roots = db.execute("SELECT name FROM teams WHERE parent_id IS NULL").fetchall()
    assert [r[0] for r in roots] == ["Northwind Analytics"]


def test_every_formula_holds_on_recomputed_buckets(db):
    rc = Recomputer(db)
    months = [(2026, 11), (2026, 6), (2025, 12), (2024, 3)]
    kinds = Counter()
    for node in rc.nodes.values():
        kids = rc.children[node["id"]]
        if node["formula"] == "none":
            assert not kids, f"measured node {node['code']} has formula children"
            continue
        kinds[node["formula"]] += 1
        assert kids, f"formula node {node['code']} has no children"
        if node["formula"] == "ratio":
            assert len(kids) == 2
        if node["formula"] == "expression":
            used = set(re.findall(r"[A-Za-z][A-Za-z0-9_.]*", node["expression"]))
            assert used <= {k["code"] for k in kids}, node["code"]
        for month in months:
            value = rc.value(node, month)
            assert value == value and abs(value) < 1e12, (node["code"], month, value)
    assert set(kinds) == {"sum", "average", "product", "ratio", "weighted_sum", "expression"}


def test_known_identities_of_the_tree(db):
    rc = Recomputer(db)
    n = rc.by_code
    month = (2026, 11)
    rev = rc.value(n["REV"], month)
    assert rev == pytest.approx(rc.value(n["REV.SUB"], month) + rc.value(n["REV.SRV"], month))
    arr = rc.value(n["CUST"], month) * rc.value(n["ARPA"], month) * 12
    assert rc.value(n["REV.SUB"], month) == pytest.approx(arr / 12)
    ebitda = rc.value(n["GP"], month) - rc.value(n["OPEX"], month)
    assert rc.value(n["EBITDA"], month) == pytest.approx(ebitda)
    assert 50 < rc.value(n["GM.PCT"], month) < 90
    assert 95 < rc.value(n["NRR"], month) < 130


def test_only_deliberate_formula_nodes_carry_measurements_and_they_differ_slightly(db):
    rc = Recomputer(db)
    measured_formulas = {n["code"] for n in rc.nodes.values()
                         if n["formula"] != "none" and rc.points[n["id"]]}
    assert measured_formulas == set(DELIBERATE_CODES)
    for code in DELIBERATE_CODES:
        node = rc.by_code[code]
        differ = 0
        for month in rc.points[node["id"]]:
            reported, computed = rc.measured(node, month), rc.value(node, month)
            assert reported == pytest.approx(computed, rel=0.05), (code, month)
            differ += abs(reported - computed) > 1e-9
        assert differ >= 3, f"{code}: reported figures never differ from the formula"


def test_thresholds_follow_the_direction_and_statuses_are_mixed(db):
    rc = Recomputer(db)
    statuses = Counter()
    for node in rc.nodes.values():
        target, green, red = node["target"], node["green_from"], node["red_from"]
        assert None not in (target, green, red), node["code"]
        if node["direction"] == "higher":
            assert green > red, node["code"]
        elif node["direction"] == "lower":
            assert green < red, node["code"]
        else:
            assert 0 <= green < red, node["code"]
        latest = rc.latest(node, (2026, 11))
        statuses[status_of(node["direction"], latest, target, green, red)] += 1
    total = sum(statuses.values())
    assert statuses["green"] > total / 2
    assert statuses["amber"] >= total * 0.1
    assert 0 < statuses["red"] <= total * 0.25


def test_every_node_column_is_filled_sensibly(db):
    rows = db.execute("SELECT * FROM kpi_nodes").fetchall()
    assert {r["kind"] for r in rows} == {"kpi", "metric", "measure"}
    assert {r["aggregation"] for r in rows} == {"sum", "last", "average"}
    assert {r["direction"] for r in rows} == {"higher", "lower", "band"}
    assert {r["category"] for r in rows} == {"strategic", "health"}
    assert {"monthly", "weekly", "quarterly"} <= {r["frequency"] for r in rows}
    for r in rows:
        assert r["unit"] and r["description"].endswith("."), r["code"]
        assert r["owner_id"] and r["team_id"], r["code"]
        assert re.fullmatch(r"[A-Z][A-Z0-9]*(\.[A-Z][A-Z0-9]*)*", r["code"]), r["code"]
    assert any(r["leading"] for r in rows) and not all(r["leading"] for r in rows)
    assert db.execute("SELECT COUNT(*) FROM influence_links").fetchone()[0] >= 8
    impossible = db.execute(
        "SELECT COUNT(*) FROM measurements m JOIN kpi_nodes n ON n.id = m.node_id "
        "WHERE m.value < 0 AND n.unit IN ('count', 'EUR', 'h', 'days')").fetchone()[0]
    assert impossible == 0


def test_linked_key_results_follow_their_kpi(db):
    rc = Recomputer(db)
    krs = db.execute("SELECT * FROM key_results").fetchall()
    linked = [k for k in krs if k["kpi_node_id"] is not None]
    assert 0.25 <= len(linked) / len(krs) <= 0.6
    for kr in linked:
        node = rc.nodes[kr["kpi_node_id"]]
        # start: the value at the period start, the September bucket (ends before 1 October)
        assert kr["start"] == pytest.approx(rc.latest(node, (2026, 9)), rel=1e-6, abs=1e-4)
        assert kr["current"] == pytest.approx(rc.latest(node, (2026, 11)), rel=1e-6, abs=1e-4)
        assert kr["target"] != kr["start"]


def test_key_result_progress_is_spread(db):
    progress = []
    for kr in db.execute("SELECT start, target, current FROM key_results"):
        span = kr["target"] - kr["start"]
        progress.append(min(1.0, max(0.0, (kr["current"] - kr["start"]) / span)))
    assert len(set(round(p, 2) for p in progress)) > 10
    assert sum(p < 0.4 for p in progress) >= len(progress) * 0.1
    assert sum(p >= 0.3 for p in progress) >= len(progress) * 0.2
    assert not all(p == 0 for p in progress) and not all(p == 1 for p in progress)


def test_okrs_read_like_real_okrs(db):
    objs = db.execute("SELECT * FROM objectives").fetchall()
    assert all(re.fullmatch(r"O-\d{4}", o["ref"]) for o in objs)
    assert all(o["owner_id"] and o["period_id"] for o in objs)
    assert {o["type"] for o in objs} == {"committed", "aspirational"}
    per_team = Counter(o["team_id"] for o in objs)
    assert min(per_team.values()) <= 2 and max(per_team.values()) >= 6  # quality warnings
    company = db.execute("SELECT id FROM teams WHERE parent_id IS NULL").fetchone()[0]
    aligned = [o for o in objs if o["parent_id"] is not None]
    assert aligned and all(o["team_id"] != company for o in aligned)
    krs = db.execute("SELECT * FROM key_results").fetchall()
    assert all(re.fullmatch(r"KR-\d{4}", k["ref"]) for k in krs)
    assert {k["kind"] for k in krs} >= {"metric", "percentage", "currency"}
    assert all(k["weight"] in (1.0, 2.0) for k in krs)
    assert all("{" not in k["title"] for k in krs)
    checkins = db.execute("SELECT * FROM check_ins").fetchall()
    assert len(checkins) > len(krs)
    assert all(0 <= c["confidence"] <= 10 for c in checkins)
    owners = {k["id"]: k["owner_id"] for k in krs}
    names = dict(db.execute("SELECT id, name FROM people").fetchall())
    assert all(c["author"] == names[owners[c["key_result_id"]]] for c in checkins)


def test_history_ends_at_as_of_in_an_open_current_quarter(db):
    last_measure = db.execute("SELECT MAX(date) FROM measurements").fetchone()[0]
    assert last_measure == AS_OF.isoformat()
    first = db.execute("SELECT MIN(date) FROM measurements").fetchone()[0]
    assert dt.date.fromisoformat(first) <= AS_OF - dt.timedelta(days=2 * 365)
    assert db.execute("SELECT MAX(date) FROM check_ins").fetchone()[0] <= AS_OF.isoformat()
    period = db.execute("SELECT * FROM periods").fetchone()
    assert (period["name"], period["start"], period["end"], period["closed"]) == (
        "2026-Q4", "2026-10-01", "2026-12-31", 0)
    settings = dict(db.execute("SELECT key, value FROM settings").fetchall())
    assert settings["as_of"] == "2026-11-18" and settings["grain"] == "month"
    assert settings["demo_size"] == "workshop" and settings["currency"] == "EUR"
    assert settings["name"].startswith("Northwind Analytics")


def _dump(path) -> list:
    con = sqlite3.connect(path)
    try:
        tables = ["teams", "people", "kpi_nodes", "influence_links", "measurements",
                  "periods", "objectives", "key_results", "check_ins"]
        out = [con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables]
        out.append(con.execute(
            "SELECT * FROM settings WHERE key IN ('grain', 'currency', 'demo_size', 'as_of')"
            " ORDER BY key").fetchall())
        return out
    finally:
        con.close()


def test_same_seed_and_date_give_identical_data(tmp_path, workshop):
    path, _ = workshop
    again = tmp_path / "again.okrdesk"
    make_demo(again)
    assert _dump(again) == _dump(path)
    other = tmp_path / "other.okrdesk"
    make_demo(other, seed=7)
    assert _dump(other) != _dump(path)


def test_unknown_size_and_filled_workspace_are_refused(tmp_path, workshop):
    ws = Workspace.create(tmp_path / "x.okrdesk")
    try:
        with pytest.raises(ValueError, match="'huge' is not one of: workshop, firm, stress"):
            generate_demo(ws.engine, "huge", as_of=AS_OF)
        generate_demo(ws.engine, "workshop", as_of=AS_OF)
        with pytest.raises(ValueError, match="empty workspace"):
            generate_demo(ws.engine, "workshop", as_of=AS_OF)
    finally:
        ws.close()
