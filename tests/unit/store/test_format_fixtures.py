"""Every released file format must still open with this okrdesk.

tests/fixtures/formats/ holds one saved workspace per released format version
(`format-N.okrdesk`). Each must open for writing (migrating when older, after a
backup copy), keep its rows, and pass integrity and foreign-key checks.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from okrdesk.store.migrate import FORMAT_VERSION
from okrdesk.store.workspace import Workspace

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures" / "formats").glob("format-*.okrdesk"))
TABLES = ("teams", "people", "kpi_nodes", "measurements", "periods", "objectives",
          "key_results", "check_ins")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_there_is_a_fixture_for_every_format_up_to_the_current_one():
    versions = {int(re.search(r"format-(\d+)", p.name).group(1)) for p in FIXTURES}
    assert versions == set(range(1, FORMAT_VERSION + 1))


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_saved_format_opens_keeps_its_rows_and_checks_clean(fixture: Path, tmp_path: Path):
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    before = _counts(copy)
    assert all(before.values()), "a fixture should exercise every table"
    with Workspace.open(copy) as ws:
        assert ws.format_version == FORMAT_VERSION
        report = ws.check()
        assert report.ok, report.lines()
        counts = ws.service.counts()
        if ws.migrated_from is not None:
            assert ws.backup_path is not None and ws.backup_path.exists()
    assert {t: counts[t] for t in TABLES} == before
