"""PRODUCT.md §7: "A crash or power cut loses at most the edit in flight; the file is
never left corrupt, and an import is applied whole or not at all."

50 SIGKILLs in CI (30 into bursts of service edits, 20 into `okrdesk import`), each
followed by integrity_check, foreign_key_check, an open in the store and in the app,
and the check that every acknowledged edit is there. Thousands more:
``python -m tests.reliability.soak``.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.workspace import Workspace

from .app_open import open_in_app
from .crash_harness import burst_kill, import_kill, prepare_import

CHUNKS = 10  # spread over the xdist workers
BURST_KILLS_PER_CHUNK = 3
IMPORT_KILLS_PER_CHUNK = 2


@pytest.fixture(scope="module")
def import_setup(tmp_path_factory):
    return prepare_import(tmp_path_factory.mktemp("import-kills"))


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_killed_edit_bursts_lose_nothing_acknowledged(chunk, small_template, tmp_path, qapp):
    path = tmp_path / "burst.okrdesk"
    shutil.copyfile(small_template, path)
    rng = random.Random(8_000 + chunk)
    outcomes = [burst_kill(path, f"c{chunk}k{kill}", rng, app_open=open_in_app)
                for kill in range(BURST_KILLS_PER_CHUNK)]
    assert sum(o.acknowledged for o in outcomes) > 0, "the writer never got to commit"


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_killed_imports_are_all_or_nothing(chunk, import_setup, tmp_path, qapp):
    rng = random.Random(9_000 + chunk)
    states = [import_kill(import_setup, tmp_path / f"import-{kill}.okrdesk", rng,
                          app_open=open_in_app).import_state
              for kill in range(IMPORT_KILLS_PER_CHUNK)]
    assert set(states) <= {"absent", "present", "finished"}


def test_every_write_connection_commits_durably(small_template, tmp_path):
    """A power cut (which SIGKILL cannot simulate) keeps every committed edit only if each
    commit is synced: WAL with synchronous=FULL. With NORMAL, commits since the last
    checkpoint may roll back after a power cut."""
    path = tmp_path / "durable.okrdesk"
    shutil.copyfile(small_template, path)
    with Workspace.open(path) as ws:
        for _ in range(3):
            with ws.engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_harness_notices_a_lost_edit(small_template, tmp_path, qapp):
    """The checker is not blind: an acknowledged edit removed behind its back is reported."""
    from .crash_harness import CrashFailure, _check_burst

    path = tmp_path / "lost.okrdesk"
    shutil.copyfile(small_template, path)
    with Workspace.open(path) as ws:
        node = ws.service.kpi_nodes()[1].id
        ws.service.set_measurement(node, __import__("datetime").date(2027, 1, 5), 7.0)
    lines = ["READY", f"BEGIN 0 m {node} 2027-01-05 7.0", "ACK 0"]
    _check_burst(path, "x", lines, None)  # present: fine
    with sqlite3.connect(path) as con:
        con.execute("DELETE FROM measurements WHERE node_id=? AND date='2027-01-05'", (node,))
    con.close()
    with pytest.raises(CrashFailure, match="acknowledged measurement"):
        _check_burst(path, "x", lines, None)
