"""Files that are not workspaces we can write are refused with a clear message and
left byte-for-byte unchanged."""

from __future__ import annotations

import io
import os
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from okrdesk.store.errors import (
    CorruptWorkspace,
    NewerFormat,
    NotAWorkspace,
    WorkspaceError,
    WorkspaceExists,
    WorkspaceNotFound,
    WorkspaceReadOnly,
)
from okrdesk.store.migrate import FORMAT_VERSION
from okrdesk.store.workspace import Workspace

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _random(p: Path) -> None:
    p.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(5000)))


def _png(p: Path) -> None:
    p.write_bytes(PNG)


def _zip(p: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    p.write_bytes(buf.getvalue())


def _foreign_sqlite(p: Path) -> None:
    con = sqlite3.connect(p)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('hello')")
    con.commit()
    con.close()


def _foreign_app_id(p: Path) -> None:
    _foreign_sqlite(p)
    con = sqlite3.connect(p)
    con.execute("PRAGMA application_id=1234")
    con.commit()
    con.close()


def _empty_sqlite(p: Path) -> None:
    con = sqlite3.connect(p)
    con.execute("PRAGMA user_version=0")
    con.execute("CREATE TABLE t (x)")
    con.execute("DROP TABLE t")
    con.commit()
    con.close()


def _workspace_with_data(p: Path) -> None:
    with Workspace.create(p) as ws:
        root = ws.service.create_node("ROOT", "Root")
        ws.service.bulk_set_measurements(
            (root.id, __import__("datetime").date(2020, 1, 1) + __import__("datetime").timedelta(d),
             float(d), "x" * 200) for d in range(3000)
        )


def _truncated_workspace(p: Path) -> None:
    _workspace_with_data(p)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _truncated_mid_page(p: Path) -> None:
    _workspace_with_data(p)
    data = p.read_bytes()
    p.write_bytes(data[:5000])


def _header_only(p: Path) -> None:
    p.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")


def _newer_workspace(p: Path) -> None:
    with Workspace.create(p):
        pass
    con = sqlite3.connect(p)
    con.execute(f"PRAGMA user_version={FORMAT_VERSION + 1}")
    con.commit()
    con.close()


def _unknown_revision(p: Path) -> None:
    with Workspace.create(p):
        pass
    con = sqlite3.connect(p)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()


CASES: list[tuple[str, Callable[[Path], None], type[WorkspaceError], str]] = [
    ("empty file", _empty, NotAWorkspace, "empty"),
    ("random bytes", _random, NotAWorkspace, "not a SQLite file"),
    ("png image", _png, NotAWorkspace, "not a SQLite file"),
    ("zip archive", _zip, NotAWorkspace, "not a SQLite file"),
    ("foreign sqlite", _foreign_sqlite, NotAWorkspace, "another program"),
    ("foreign application id", _foreign_app_id, NotAWorkspace, "0x000004d2"),
    ("empty sqlite", _empty_sqlite, NotAWorkspace, "empty SQLite database"),
    ("truncated workspace", _truncated_workspace, CorruptWorkspace, "truncated"),
    ("truncated mid page", _truncated_mid_page, CorruptWorkspace, "truncated"),
    ("header only", _header_only, CorruptWorkspace, "truncated"),
    ("newer workspace", _newer_workspace, NewerFormat, f"file format {FORMAT_VERSION + 1}"),
    ("unknown revision", _unknown_revision, NewerFormat, "newer okrdesk"),
]


@pytest.mark.parametrize("read_only", [False, True], ids=["write", "read-only"])
@pytest.mark.parametrize(("label", "make", "error", "words"), CASES, ids=[c[0] for c in CASES])
def test_refused_file_is_left_unchanged(
    tmp_path: Path, label: str, make: Callable[[Path], None], error: type[WorkspaceError],
    words: str, read_only: bool,
) -> None:
    path = tmp_path / "client.okrdesk"
    make(path)
    before = path.read_bytes()
    folder_before = sorted(os.listdir(tmp_path))
    with pytest.raises(error) as info:
        Workspace.open(path, read_only=read_only)
    message = str(info.value)
    assert str(path) in message and words in message
    assert "\n" not in message
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == folder_before  # no lock, -wal or -shm left behind


def test_newer_format_names_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "n.okrdesk"
    _newer_workspace(path)
    with pytest.raises(NewerFormat) as info:
        Workspace.open(path)
    assert info.value.file_version == FORMAT_VERSION + 1
    assert info.value.supported == FORMAT_VERSION
    assert f"supports format {FORMAT_VERSION}" in str(info.value)


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.okrdesk"
    with pytest.raises(WorkspaceNotFound, match="nope.okrdesk' does not exist"):
        Workspace.open(path)
    assert not path.exists()
    assert os.listdir(tmp_path) == []


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace, match="is a folder"):
        Workspace.open(tmp_path)


def test_read_only_file_refused_for_writing_and_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ro.okrdesk"
    with Workspace.create(path) as ws:
        ws.service.create_node("A", "Alpha")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = path.read_bytes()
    try:
        with pytest.raises(WorkspaceReadOnly, match="read-only"):
            Workspace.open(path)
        assert path.read_bytes() == before
        with Workspace.open(path, read_only=True) as ws:
            assert ws.read_only
            assert [n.code for n in ws.service.kpi_nodes()] == ["A"]
            with pytest.raises(WorkspaceReadOnly):
                ws.service.create_node("B", "Beta")
        assert path.read_bytes() == before
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_create_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "exists.okrdesk"
    path.write_bytes(b"precious")
    with pytest.raises(WorkspaceExists, match="already exists"):
        Workspace.create(path)
    assert path.read_bytes() == b"precious"


def test_create_adds_suffix_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    with Workspace.create(tmp_path / "client", name="  Client AG ") as ws:
        assert ws.path == tmp_path / "client.okrdesk"
        assert ws.name == "Client AG"
        assert ws.format_version == FORMAT_VERSION
    assert sorted(os.listdir(tmp_path)) == ["client.okrdesk", "client.okrdesk.lock"]


def test_create_in_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceNotFound, match="does not exist"):
        Workspace.create(tmp_path / "no" / "such.okrdesk")


def test_workspace_marks(tmp_path: Path) -> None:
    path = tmp_path / "m.okrdesk"
    Workspace.create(path).close()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert con.execute("PRAGMA application_id").fetchone()[0] == 0x4F4B5244
    assert con.execute("PRAGMA user_version").fetchone()[0] == FORMAT_VERSION
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert path.read_bytes()[68:72] == b"OKRD"
