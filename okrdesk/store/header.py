"""Look at a file before SQLite touches it.

SQLite happily turns an empty file (or any path) into a new database, so the
16-byte magic string and the 100-byte header are read with plain file I/O
first. Then a strictly read-only SQLite connection (URI ``mode=ro``, plus
``immutable=1`` when no ``-wal`` file exists) reads the
application id, the format version and the Alembic revision. Nothing here ever
writes to the file.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import CorruptWorkspace, NotAWorkspace, WorkspaceError, WorkspaceNotFound

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True, slots=True)
class SqliteHeader:
    """The fields of the 100-byte SQLite header that matter here."""

    page_size: int
    page_count: int  # 0 when the in-header size is not valid (very old writers)
    wal: bool  # file format read/write version 2 means WAL mode
    user_version: int
    application_id: int
    file_size: int


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What a read-only look at a SQLite file found."""

    application_id: int
    user_version: int
    revision: str | None  # Alembic revision, None when there is no alembic_version table
    wal: bool
    table_count: int


def read_header(path: Path) -> SqliteHeader:
    """Read and check the SQLite header of ``path``; raise a store error when it is not one.

    Raises WorkspaceNotFound (missing), NotAWorkspace (a folder, empty, not
    SQLite) and CorruptWorkspace (a SQLite file shorter than its header says).
    """
    name = f"'{path}'"
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEADER_SIZE)
            size = fh.seek(0, 2)
    except FileNotFoundError:
        raise WorkspaceNotFound(f"{name} does not exist.", path) from None
    except IsADirectoryError:
        raise NotAWorkspace(f"{name} is a folder, not an okrdesk workspace file.", path) from None
    except PermissionError:
        raise WorkspaceError(f"{name} cannot be read: permission denied.", path) from None
    except OSError as exc:
        raise WorkspaceError(f"{name} cannot be read: {exc.strerror or exc}.", path) from None
    if size == 0:
        raise NotAWorkspace(f"{name} is empty; it is not an okrdesk workspace.", path)
    if not head.startswith(SQLITE_MAGIC):
        raise NotAWorkspace(f"{name} is not an okrdesk workspace (it is not a SQLite file).", path)
    if len(head) < HEADER_SIZE:
        raise CorruptWorkspace(f"{name} is truncated: it ends inside the database header.", path)
    (raw_page_size,) = struct.unpack_from(">H", head, 16)
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise CorruptWorkspace(f"{name} is damaged: its page size {raw_page_size} is invalid.", path)
    write_version, read_version = head[18], head[19]
    change_counter, page_count = struct.unpack_from(">II", head, 24)
    (valid_for,) = struct.unpack_from(">I", head, 92)
    (user_version,) = struct.unpack_from(">i", head, 60)
    (application_id,) = struct.unpack_from(">i", head, 68)
    if valid_for != change_counter:
        page_count = 0
    has_wal = path.with_name(path.name + "-wal").exists()
    if not has_wal:
        if size % page_size:
            raise CorruptWorkspace(
                f"{name} is truncated or damaged: its size ({size} bytes) is not a whole "
                f"number of {page_size}-byte pages.",
                path,
            )
        if page_count and size < page_count * page_size:
            raise CorruptWorkspace(
                f"{name} is truncated: it holds {size // page_size} of its "
                f"{page_count} pages.",
                path,
            )
    return SqliteHeader(
        page_size=page_size,
        page_count=page_count,
        wal=write_version == 2 or read_version == 2,
        user_version=user_version,
        application_id=application_id & 0xFFFFFFFF,
        file_size=size,
    )


def readonly_uri(path: Path, immutable: bool = False) -> str:
    """A SQLite URI opening ``path`` strictly read-only (never creating it)."""
    uri = "file:" + quote(str(path.resolve()).replace("\\", "/"), safe="/:") + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def connect_readonly(path: Path, header: SqliteHeader | None = None) -> sqlite3.Connection:
    """Open ``path`` with SQLite strictly read-only, creating no file beside it.

    A WAL-mode file without a ``-wal`` beside it is wholly contained in the
    main file (no writer has it open), so it is read as ``immutable=1``: SQLite
    then needs no ``-shm`` index and leaves the folder untouched. With a
    ``-wal`` present, a plain ``mode=ro`` connection reads it, seeing the
    writer's committed changes.
    """
    header = header or read_header(path)
    wal_file = path.with_name(path.name + "-wal")
    immutable = header.wal and not wal_file.exists()
    return sqlite3.connect(readonly_uri(path, immutable), uri=True, check_same_thread=False)


def read_facts(path: Path, header: SqliteHeader | None = None) -> FileFacts:
    """Read application id, user version and Alembic revision without writing anything.

    Raises NotAWorkspace or CorruptWorkspace when SQLite cannot read the file.
    """
    header = header or read_header(path)
    name = f"'{path}'"
    try:
        con = connect_readonly(path, header)
    except sqlite3.Error as exc:
        raise WorkspaceError(f"{name} cannot be opened: {exc}.", path) from None
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0] & 0xFFFFFFFF
        user_version = con.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        has_table = "alembic_version" in tables
        revision = None
        if has_table:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        raise classify_sqlite_error(exc, path) from None
    finally:
        con.close()
    return FileFacts(app_id, user_version, revision, header.wal, len(tables))


def classify_sqlite_error(exc: sqlite3.Error, path: Path) -> WorkspaceError:
    """Turn a SQLite error met while reading ``path`` into the store error a user should see."""
    text = str(exc)
    name = f"'{path}'"
    if "malformed" in text or "corrupt" in text:
        return CorruptWorkspace(f"{name} is damaged ({text}); open a backup copy instead.", path)
    if "not a database" in text or "encrypted" in text:
        return NotAWorkspace(f"{name} is not an okrdesk workspace ({text}).", path)
    return WorkspaceError(f"{name} cannot be read: {text}.", path)
