"""The schema comes from Alembic migrations; older files are backed up, then migrated."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from okrdesk.store.errors import NewerFormat, WorkspaceReadOnly
from okrdesk.store.migrate import DEFAULT_PLAN, FORMAT_VERSION, MigrationPlan
from okrdesk.store.models import Base
from okrdesk.store.workspace import Workspace

FIXTURES = Path(__file__).with_name("migration_fixtures")
NEXT = MigrationPlan(format_version=FORMAT_VERSION + 1, extra_version_locations=(FIXTURES,))


def test_migrated_schema_matches_the_models(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []


def test_new_workspace_is_at_head(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
    assert rev == DEFAULT_PLAN.head() == "0002"


def _older_workspace(path: Path) -> dict[str, int]:
    """A format-1 workspace with data in every corner that a cascade could wipe."""
    with Workspace.create(path) as ws:
        s = ws.service
        root = s.create_node("REV", "Revenue", kind="kpi")
        child = s.create_node("REV.NEW", "New revenue", parent_id=root.id)
        s.add_link(child.id, root.id, note="drives")
        s.bulk_set_measurements(
            [(child.id, dt.date(2026, 1, 1) + dt.timedelta(days=d), float(d)) for d in range(500)]
        )
        period = s.create_period("2027-Q1", dt.date(2027, 1, 1), dt.date(2027, 3, 31))
        obj = s.create_objective("Grow", period_id=period.id)
        kr = s.create_key_result(obj.id, "New revenue 1M", start=0, target=1e6,
                                 kpi_node_id=child.id)
        s.add_check_in(kr.id, dt.date(2027, 2, 1), 10.0, confidence=7)
        return s.counts()


def test_older_file_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "client.okrdesk"
    counts = _older_workspace(path)
    old_bytes = path.read_bytes()
    with Workspace.open(path, plan=NEXT) as ws:
        assert ws.format_version == FORMAT_VERSION + 1
        assert ws.migrated_from == FORMAT_VERSION
        backup = ws.backup_path
        assert backup is not None and backup.parent == tmp_path
        assert backup.name.startswith(f"client.okrdesk.v{FORMAT_VERSION}-backup-")
        assert ws.service.counts() == counts  # the batch copy of kpi_nodes cascaded nothing
        assert len(ws.service.measurements(ws.service.kpi_nodes()[1].id)) == 500
        assert ws.service.key_results()[0].kpi_node_id == ws.service.kpi_nodes()[1].id
        assert ws.check().ok
        with ws.engine.connect() as conn:
            cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(kpi_nodes)")]
        assert "rehearsal_note" in cols
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION + 1
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003_rehearsal"
    con.close()
    # The backup is the file as it was before the migration, complete and checkable.
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == DEFAULT_PLAN.head()
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == 500
    con.close()
    assert len(old_bytes) > 0
    # Once migrated, this okrdesk's format is older than the file: refused, untouched.
    migrated = path.read_bytes()
    with pytest.raises(NewerFormat, match=f"file format {FORMAT_VERSION + 1}"):
        Workspace.open(path)
    assert path.read_bytes() == migrated


def test_older_file_is_not_migrated_when_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "old.okrdesk"
    _older_workspace(path)
    before = path.read_bytes()
    with pytest.raises(WorkspaceReadOnly, match="older okrdesk"):
        Workspace.open(path, read_only=True, plan=NEXT)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.okrdesk", "old.okrdesk.lock"]


def test_base_file_without_schema_is_migrated_from_scratch(tmp_path: Path) -> None:
    """An okrdesk-marked file at format 0 (no tables yet) gets the whole schema."""
    path = tmp_path / "zero.okrdesk"
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id=1330336324")  # 0x4F4B5244
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    with Workspace.open(path) as ws:
        assert ws.migrated_from == 0
        assert ws.backup_path is not None and ws.backup_path.name.startswith("zero.okrdesk.v0-backup-")
        assert ws.service.counts()["kpi_nodes"] == 0
        ws.service.create_node("A", "Alpha")
