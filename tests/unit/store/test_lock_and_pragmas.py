"""One writer per file, pragmas on every connection, network-drive warnings."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from okrdesk.store.errors import WorkspaceInUse, WorkspaceReadOnly
from okrdesk.store.netfs import WAL_WARNING, linux_fs_type, network_fs_type, network_warnings
from okrdesk.store.workspace import Workspace

HOLDER = textwrap.dedent(
    """
    import sys
    from okrdesk.store.workspace import Workspace
    ws = Workspace.open(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    ws.close()
    print("closed", flush=True)
    """
)


def _holder(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_writer_in_another_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "shared.okrdesk"
    Workspace.create(path).close()
    proc = _holder(path)
    try:
        with pytest.raises(WorkspaceInUse, match="open it read-only"):
            Workspace.open(path)
        with Workspace.open(path, read_only=True) as ro:
            assert ro.service.kpi_nodes() == []
    finally:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "closed"
        proc.wait(timeout=30)
    with Workspace.open(path) as ws:
        ws.service.create_node("A", "Alpha")


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    path = tmp_path / "crash.okrdesk"
    Workspace.create(path).close()
    proc = _holder(path)
    proc.kill()
    proc.wait(timeout=30)
    with Workspace.open(path) as ws:
        assert ws.service.counts()["kpi_nodes"] == 0


def test_second_writer_in_same_process_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "same.okrdesk"
    with Workspace.create(path) as first:
        with pytest.raises(WorkspaceInUse):
            Workspace.open(path)
        first.service.create_node("A", "Alpha")
    with Workspace.open(path) as again:
        assert [n.code for n in again.service.kpi_nodes()] == ["A"]


def test_pragmas_apply_on_every_connection(ws: Workspace) -> None:
    for _ in range(3):
        with ws.engine.connect() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: durable commits


def test_foreign_keys_are_enforced(ws: Workspace) -> None:
    with pytest.raises(sa_exc.IntegrityError, match="FOREIGN KEY"):
        with ws.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO measurements (node_id, date, value, note, source, revision)"
                " VALUES (999, '2027-01-01', 1.0, '', 'manual', 1)"
            ))
    assert ws.service.counts()["measurements"] == 0


def test_read_only_connections_are_query_only(tmp_path: Path) -> None:
    path = tmp_path / "q.okrdesk"
    Workspace.create(path).close()
    with Workspace.open(path, read_only=True) as ws:
        with ws.engine.connect() as conn:
            assert conn.execute(text("PRAGMA query_only")).scalar() == 1
            with pytest.raises(sa_exc.OperationalError):
                conn.execute(text("INSERT INTO settings (key, value) VALUES ('x', 'y')"))
        with pytest.raises(WorkspaceReadOnly, match="read-only"):
            ws.service.set_setting("x", "y")


def test_transactions_are_atomic(ws: Workspace) -> None:
    """SQLAlchemy emits BEGIN itself: a failed transaction undoes DDL and DML alike."""
    with pytest.raises(RuntimeError):
        with ws.engine.begin() as conn:
            conn.execute(text("INSERT INTO settings (key, value) VALUES ('k', 'v')"))
            conn.execute(text("CREATE TABLE scratch (x)"))
            raise RuntimeError("abort")
    with ws.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM settings WHERE key='k'")).scalar() == 0
        assert conn.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE name='scratch'")).scalar() == 0


MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/share nfs4 rw,relatime 0 0
//nas/team /mnt/team\\040drive cifs rw 0 0
user@host:/data /home/u/remote fuse.sshfs rw 0 0
tmpfs /mnt/share/local tmpfs rw 0 0
"""


@pytest.mark.parametrize(("path", "fs"), [
    ("/home/u/file.okrdesk", "ext4"),
    ("/mnt/share/client.okrdesk", "nfs4"),
    ("/mnt/team drive/a.okrdesk", "cifs"),
    ("/home/u/remote/x/a.okrdesk", "fuse.sshfs"),
    ("/mnt/share/local/a.okrdesk", "tmpfs"),
    ("/mnt/shared/a.okrdesk", "ext4"),
])
def test_mount_lookup(path: str, fs: str) -> None:
    assert linux_fs_type(Path(path), MOUNTS) == fs


def test_local_disk_gives_no_warning(tmp_path: Path) -> None:
    if sys.platform.startswith("linux") and network_fs_type(tmp_path) is not None:
        pytest.skip("the test folder itself is on a network drive")
    assert network_warnings(tmp_path / "a.okrdesk") == []
    with Workspace.create(tmp_path / "a.okrdesk") as ws:
        assert ws.warnings == []


def test_warning_text_names_file_and_file_system() -> None:
    text_ = WAL_WARNING.format(path="/mnt/share/c.okrdesk", fs="nfs4")
    assert "/mnt/share/c.okrdesk" in text_ and "nfs4" in text_ and "network drive" in text_
