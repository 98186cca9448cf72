"""Copies of a live workspace through SQLite's online backup API.

A copy is written to a temporary name in the destination folder, checked,
made self-contained (rollback journal, no ``-wal`` beside it), and only then
moved into place with ``os.replace``; a crash never leaves a half-written
file under the destination name.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from .errors import WorkspaceError
from .header import connect_readonly
from .atomic import replacing


def _remove_side_files(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.unlink()


def backup_file(source: Path, dest: Path, *, overwrite: bool = True) -> Path:
    """Copy the SQLite database ``source`` to ``dest`` with the backup API, atomically.

    ``source`` is read through a read-only connection, so a workspace open in
    this or another process is copied at one consistent point. Raises
    WorkspaceError when the copy cannot be written or fails ``quick_check``.
    """
    dest = Path(dest)
    if dest.exists() and not overwrite:
        raise WorkspaceError(f"'{dest}' already exists; not overwriting it.", dest)
    if dest.resolve() == Path(source).resolve():
        raise WorkspaceError(f"'{dest}' is the workspace itself; choose another name.", dest)
    folder = dest.parent
    if not folder.is_dir():
        raise WorkspaceError(f"The folder '{folder}' does not exist.", dest)
    try:
        with replacing(dest) as tmp:
            src = connect_readonly(Path(source))
            try:
                dst = sqlite3.connect(tmp)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                    result = dst.execute("PRAGMA quick_check").fetchall()
                    if result != [("ok",)]:
                        raise WorkspaceError(
                            f"The copy '{dest}' failed its check ({result[0][0]}); nothing was saved.",
                            dest,
                        )
                finally:
                    dst.close()
            finally:
                src.close()
            _remove_side_files(tmp)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"Cannot write a copy to '{dest}': {exc}.", dest) from None
    except OSError as exc:
        raise WorkspaceError(
            f"Cannot write a copy to '{dest}': {exc.strerror or exc}.", dest
        ) from None
        _remove_side_files(tmp)
    return dest


def migration_backup_path(path: Path, format_version: int, now: dt.datetime | None = None) -> Path:
    """The name of the copy taken before migrating: ``client.okrdesk.v1-backup-20270331-101500``.

    A number is appended if that name is taken (two migrations in one second).
    """
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    base = path.with_name(f"{path.name}.v{format_version}-backup-{stamp}")
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate
