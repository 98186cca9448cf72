"""The `okrdesk` command as a user runs it: real processes, real files, exit codes."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from okrdesk import __version__

AS_OF = "2027-02-15"


def okrdesk(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", OKRDESK_TESTING="1")
    return subprocess.run(
        [sys.executable, "-m", "okrdesk", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "workshop.okrdesk"
    result = okrdesk("demo", str(path), "--size", "workshop", "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def workspace(demo_file, tmp_path) -> Path:
    copy = tmp_path / "client.okrdesk"
    shutil.copyfile(demo_file, copy)
    return copy


def test_version_prints_package_version():
    result = okrdesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"okrdesk {__version__}"


@pytest.mark.parametrize("args", [["render"], ["demo", "x.okrdesk", "--size", "huge"],
                                  ["--no-such-flag"], ["render", "a", "nosuchview", "b.png"]])
def test_usage_errors_exit_1_without_traceback(args):
    result = okrdesk(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "okrdesk" in result.stderr


def test_demo_creates_a_workspace_that_checks_clean(demo_file):
    assert demo_file.read_bytes()[:16] == b"SQLite format 3\x00"
    result = okrdesk("check", str(demo_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "integrity: ok" in result.stdout.lower()
    assert "format version" in result.stdout.lower()


def test_demo_is_deterministic(tmp_path):
    a, b = tmp_path / "a.okrdesk", tmp_path / "b.okrdesk"
    for path in (a, b):
        assert okrdesk("demo", str(path), "--as-of", AS_OF).returncode == 0

    def dump(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as con:
            return [row for table in ("kpi_nodes", "measurements", "objectives", "key_results",
                                      "check_ins")
                    for row in con.execute(f"SELECT * FROM {table} ORDER BY id")]

    assert dump(a) == dump(b)


def test_demo_refuses_to_overwrite(workspace):
    before = digest(workspace)
    result = okrdesk("demo", str(workspace))
    assert result.returncode == 3
    assert "already exists" in result.stderr
    assert digest(workspace) == before


def test_check_reports_quality_rules(workspace):
    result = okrdesk("check", str(workspace))
    assert result.returncode == 0
    assert "quality" in result.stdout.lower()


def _bad_files(tmp_path: Path, good: Path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.okrdesk",
        "random": tmp_path / "random.okrdesk",
        "png": tmp_path / "picture.okrdesk",
        "foreign": tmp_path / "foreign.okrdesk",
        "truncated": tmp_path / "truncated.okrdesk",
        "newer": tmp_path / "newer.okrdesk",
    }
    files["empty"].write_bytes(b"")
    files["random"].write_bytes(bytes(range(256)) * 64)
    files["png"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 2000)
    with sqlite3.connect(files["foreign"]) as con:
        con.execute("CREATE TABLE t (x)")
    data = good.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 3])
    shutil.copyfile(good, files["newer"])
    with sqlite3.connect(files["newer"]) as con:
        con.execute("PRAGMA user_version = 999")
    return files


@pytest.mark.parametrize("kind", ["empty", "random", "png", "foreign", "truncated", "newer",
                                  "missing"])
def test_bad_files_get_one_line_exit_3_and_stay_unchanged(kind, workspace, tmp_path):
    files = _bad_files(tmp_path, workspace)
    path = files.get(kind, tmp_path / "missing.okrdesk")
    before = digest(path) if path.exists() else None
    for args in (["check", str(path)], ["render", str(path), "kpi-tree", str(tmp_path / "o.png")]):
        result = okrdesk(*args)
        assert result.returncode == 3, (kind, args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert path.name in result.stderr
    if before is None:
        assert not path.exists()
    else:
        assert digest(path) == before
    assert not (tmp_path / "o.png").exists()


@pytest.mark.parametrize("view", ["kpi-tree", "okr-board", "trends", "dashboard"])
def test_render_writes_a_picture_of_each_view(view, workspace, tmp_path):
    out = tmp_path / f"{view}.png"
    before = digest(workspace)
    result = okrdesk("render", str(workspace), view, str(out))
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)
    colours = {image.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 1000, 23)}
    assert len(colours) > 20, "the picture is (nearly) blank"
    assert digest(workspace) == before, "render must not write to the workspace"


def test_check_lists_hand_broken_rows_and_fails(workspace):
    # Rows no okrdesk edit can produce: a parent cycle and a key result without objective.
    with sqlite3.connect(workspace) as con:
        a, b = (row[0] for row in con.execute(
            "SELECT id FROM kpi_nodes WHERE parent_id IS NOT NULL ORDER BY id LIMIT 2"))
        con.execute("UPDATE kpi_nodes SET parent_id = ? WHERE id = ?", (b, a))
        con.execute("UPDATE kpi_nodes SET parent_id = ? WHERE id = ?", (a, b))
        con.execute("UPDATE key_results SET objective_id = 999999 WHERE id = "
                    "(SELECT min(id) FROM key_results)")
    result = okrdesk("check", str(workspace))
    assert result.returncode == 3
    assert "parent links form a cycle" in result.stdout
    assert "key_results row" in result.stdout
    assert "Result: PROBLEMS FOUND" in result.stdout
