"""PRODUCT.md §7: "Older workspaces are migrated after a backup copy is taken."

Generic over every saved format in tests/fixtures/formats (one per released format,
added by each release that changes it): each is opened with this okrdesk's plan and with
a rehearsal plan one format ahead (tests/unit/store/migration_fixtures), so the migration
path runs on every fixture even while none is older than the current format. Checked:
row counts kept, integrity and foreign keys clean, and a backup written *before* the
migration — it holds the old format and exactly the old rows.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.migrate import DEFAULT_PLAN, FORMAT_VERSION
from okrdesk.store.models import Base
from okrdesk.store.workspace import Workspace
from tests.unit.store.conftest import dump
from tests.unit.store.test_migrations import NEXT

from .files import sqlite_health

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "formats").glob("format-*.okrdesk"))
PLANS = {"this okrdesk": DEFAULT_PLAN, "one format ahead": NEXT}


def _format_of(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


#: Every fixture with this okrdesk's plan; the rehearsal plan (one format ahead of the
#: current one) starts from the current format, so it runs on the current format's fixture.
CASES = [(fixture, "this okrdesk") for fixture in FIXTURES] + [
    (fixture, "one format ahead") for fixture in FIXTURES if _format_of(fixture) == FORMAT_VERSION]


def _facts(path: Path) -> tuple[int, str | None, dict[str, int]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        version = con.execute("PRAGMA user_version").fetchone()[0]
        revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        present = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0]
                  for t in Base.metadata.sorted_tables if t.name in present}
    finally:
        con.close()
    return version, revision, counts


def test_there_are_fixtures():
    assert FIXTURES and FORMAT_VERSION >= 1


def test_there_is_a_fixture_of_the_current_format():
    assert any(_format_of(fixture) == FORMAT_VERSION for fixture in FIXTURES), (
        f"tests/fixtures/formats has no format-{FORMAT_VERSION} workspace")


@pytest.mark.parametrize(("fixture", "plan_name"), CASES,
                         ids=[f"{f.stem}-{name}" for f, name in CASES])
def test_every_saved_format_migrates_after_a_backup(fixture, plan_name, tmp_path):
    plan = PLANS[plan_name]
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    old_version, old_revision, old_counts = _facts(copy)
    old_rows = dump(copy)
    assert all(old_counts[t] for t in ("kpi_nodes", "measurements", "key_results", "check_ins"))
    with Workspace.open(copy, plan=plan) as ws:
        if old_revision == plan.head():
            assert ws.migrated_from is None and ws.backup_path is None
            assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []
        else:
            assert ws.migrated_from == old_version
            backup = ws.backup_path
            assert backup is not None and backup.parent == tmp_path
            # Written before the migration: the old format, and exactly the old rows.
            assert _facts(backup)[:2] == (old_version, old_revision)
            assert dump(backup) == old_rows
            assert sqlite_health(backup) == (["ok"], [])
        report = ws.check()
        assert report.ok, report.lines()
    version, revision, counts = _facts(copy)
    assert (version, revision) == (plan.format_version, plan.head())
    assert {t: n for t, n in counts.items() if t in old_counts} == old_counts  # every old row kept
    assert sqlite_health(copy) == (["ok"], [])
