"""A workspace: one ``*.okrdesk`` SQLite file (or a PostgreSQL URL), opened safely.

Opening a file, in order, never writing anything before the last step:

1. it must exist and start with the 16-byte SQLite header, with a size that
   fits its page count (``header.read_header``);
2. a strictly read-only SQLite connection reads ``application_id`` (must be
   okrdesk's), ``user_version`` (must not be newer than ``FORMAT_VERSION``) and
   the Alembic revision (``header.read_facts``);
3. for writing, the file and its folder must be writable and the writer lock
   (``locking.WriterLock``) free;
4. an older format is checked (``quick_check``), copied next to the file with
   the backup API, then migrated in one transaction.

A refused file is left byte-for-byte unchanged.

Steps 1–3 use the ``sqlite3`` module only. SQLAlchemy (and the service built
on it) is imported and the engine made on first use of ``engine`` or
``service``: the main window paints its first view from the start-up snapshot
(``readmodels.startup``) before that, so the window appears without waiting
for SQLAlchemy's import.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from . import backup, migrate
from .errors import (
    CorruptWorkspace,
    NewerFormat,
    NotAWorkspace,
    WorkspaceError,
    WorkspaceExists,
    WorkspaceNotFound,
    WorkspaceReadOnly,
)
from .header import FileFacts, classify_sqlite_error, connect_readonly, read_facts, read_header
from .locking import WriterLock
from .migrate import APPLICATION_ID, DEFAULT_PLAN, FORMAT_VERSION, MigrationPlan
from .netfs import network_warnings

if TYPE_CHECKING:  # SQLAlchemy is imported on first use (see the module docstring)
    from sqlalchemy import Engine

    from .readmodels.startup import StartupView
    from .service import WorkspaceService

SUFFIX = ".okrdesk"
SERVER_SCHEMES = ("postgresql", "postgres")

__all__ = [
    "APPLICATION_ID",
    "FORMAT_VERSION",
    "SUFFIX",
    "IntegrityReport",
    "Workspace",
]


@dataclass(frozen=True)
class IntegrityReport:
    """The result of ``Workspace.check()``."""

    quick_check: tuple[str, ...]  # ("ok",) when SQLite finds nothing wrong
    foreign_key_problems: tuple[tuple[object, ...], ...]  # rows of PRAGMA foreign_key_check
    format_version: int
    ok: bool

    def lines(self) -> list[str]:
        """The report as text lines for the CLI ``check`` command."""
        out = [f"Format version: {self.format_version}"]
        out += [f"quick_check: {line}" for line in self.quick_check]
        out += [
            f"foreign key problem: table {p[0]} row {p[1]} -> {p[2]} (constraint {p[3]})"
            for p in self.foreign_key_problems
        ]
        out.append("Result: ok" if self.ok else "Result: PROBLEMS FOUND")
        return out


def _is_server_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.split(":", 1)[0].split("+", 1)[0] in SERVER_SCHEMES


def _file_read_only(path: Path) -> bool:
    """True when the file (or its folder) must not be written by us.

    A file without any write permission bit counts as read-only even for an
    administrator, because its owner marked it so.
    """
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return True
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


class Workspace:
    """An open workspace: its engine, its service facade, its lock and its warnings."""

    def __init__(
        self,
        engine: Engine | None,
        *,
        path: Path | None,
        read_only: bool,
        format_version: int,
        lock: WriterLock | None = None,
        warnings: list[str] | None = None,
        url: str | None = None,
        migrated_from: int | None = None,
        backup_path: Path | None = None,
        revision: str | None = None,
    ) -> None:
        """``engine``: None for a workspace file, whose engine is made on first use."""
        if engine is None and path is None:
            raise ValueError("a workspace needs an engine or a file path")
        self._engine = engine
        self._service: WorkspaceService | None = None
        self.path = path
        self.url = url
        self.read_only = read_only
        self.format_version = format_version
        self.revision = revision  # the Alembic revision of the schema, when known
        self.warnings: list[str] = list(warnings or [])
        self.migrated_from = migrated_from  # format version before this open migrated it
        self.backup_path = backup_path  # the copy taken before that migration
        self._lock = lock
        self._closed = False

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (made, and SQLAlchemy imported, on first use)."""
        if self._engine is None:
            if self._closed:
                raise WorkspaceError(f"The workspace '{self.path}' is closed.", self.path)
            from .engine import sqlite_engine

            assert self.path is not None
            self._engine = sqlite_engine(self.path, read_only=self.read_only)
        return self._engine

    @property
    def service(self) -> WorkspaceService:
        """The service facade: the one way to read and change the workspace's data."""
        if self._service is None:
            from .service import WorkspaceService

            label = f"workspace '{self.path}'" if self.path else "workspace"
            self._service = WorkspaceService(self.engine, read_only=self.read_only, label=label)
        return self._service

    @property
    def service_ready(self) -> bool:
        """Whether ``service`` has been made (SQLAlchemy imported, engine connected)."""
        return self._service is not None

    def startup_view(self, clock: dt.date | None = None) -> StartupView | None:
        """What the main window shows first, read from the start-up snapshot saved in the
        file when it was last closed; None when there is none that fits the data and
        ``clock`` (the computer's date by default). Never imports SQLAlchemy."""
        if self.path is None or self._closed:
            return None
        from .readmodels.startup import load_startup_view

        return load_startup_view(self.path, revision=self.revision, clock=clock)

    # --- create / open ----------------------------------------------------------------

    @classmethod
    def create(
        cls, path: str | Path, name: str | None = None, *, plan: MigrationPlan = DEFAULT_PLAN
    ) -> Workspace:
        """Create a new workspace file (``.okrdesk`` is added when ``path`` has no suffix).

        Refuses to write over an existing file (WorkspaceExists). The file is
        built under a temporary name, migrated to the current format, then moved
        into place, so a crash never leaves a half-made workspace.
        """
        path = Path(path).expanduser()
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        path = path.absolute()
        if not path.parent.is_dir():
            raise WorkspaceNotFound(f"The folder '{path.parent}' does not exist.", path)
        if path.exists():
            raise WorkspaceExists(f"'{path}' already exists; choose another name.", path)
        if not os.access(path.parent, os.W_OK):
            raise WorkspaceReadOnly(f"Cannot create '{path}': its folder is not writable.", path)
        lock = WriterLock(path)
        lock.acquire()
        tmp = path.with_name(f".{path.name}.creating-{uuid.uuid4().hex[:8]}")
        from .engine import sqlite_engine
        from .service import WorkspaceService

        try:
            engine = sqlite_engine(tmp, read_only=False)
            try:
                with engine.connect() as conn:
                    migrate.upgrade(conn, plan)
                service = WorkspaceService(engine)
                service.set_setting("name", name.strip() if name and name.strip() else path.stem)
            finally:
                engine.dispose()
            _publish(tmp, path)
            return cls._open_file(path, read_only=False, plan=plan, lock=lock)
        except BaseException:
            lock.release()
            raise
        finally:
            for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal"))):
                if leftover.exists():
                    leftover.unlink()

    @classmethod
    def open(
        cls, path_or_url: str | Path, read_only: bool = False, *, plan: MigrationPlan = DEFAULT_PLAN
    ) -> Workspace:
        """Open a workspace file or a ``postgresql://`` URL.

        Raises WorkspaceNotFound, NotAWorkspace, CorruptWorkspace, NewerFormat,
        WorkspaceReadOnly or WorkspaceInUse with a message naming the file.
        An older format is migrated after a backup copy is written next to it.
        """
        if _is_server_url(path_or_url):
            return cls._open_server(str(path_or_url), read_only, plan)
        text = str(path_or_url)
        if text.startswith("sqlite:///"):
            path_or_url = text[len("sqlite:///") :]
        return cls._open_file(Path(path_or_url).expanduser().absolute(), read_only, plan)

    @classmethod
    def _open_file(
        cls, path: Path, read_only: bool, plan: MigrationPlan, lock: WriterLock | None = None
    ) -> Workspace:
        facts = _inspect(path, plan)
        engine: Engine | None = None
        try:
            if not read_only:
                if _file_read_only(path):
                    raise WorkspaceReadOnly(
                        f"'{path}' is read-only (the file or its folder cannot be written); "
                        "open it read-only instead.",
                        path,
                    )
                if lock is None:
                    lock = WriterLock(path)
                    lock.acquire()
                facts = _inspect(path, plan)  # again, now that no other writer can change it
            needs_migration = facts.revision != plan.head()
            if needs_migration and read_only:
                raise WorkspaceReadOnly(
                    f"'{path}' was written by an older okrdesk (format {facts.user_version}) "
                    "and must be upgraded first: open it once for writing.",
                    path,
                )
            backup_path = None
            if needs_migration:
                from sqlalchemy import exc as sa_exc

                from .engine import sqlite_engine

                _quick_check_or_raise(path)
                backup_path = backup.backup_file(
                    path, backup.migration_backup_path(path, facts.user_version), overwrite=False
                )
                engine = sqlite_engine(path, read_only=read_only)
                with engine.connect() as conn:
                    try:
                        migrate.upgrade(conn, plan)
                    except (migrate.MigrationFailed, sa_exc.SQLAlchemyError) as exc:
                        raise WorkspaceError(
                            f"'{path}' could not be upgraded to format {plan.format_version} "
                            f"({exc}); it is unchanged and a copy is at '{backup_path}'.",
                            path,
                        ) from exc
            return cls(
                engine,
                path=path,
                read_only=read_only,
                format_version=plan.format_version,
                lock=lock,
                warnings=network_warnings(path),
                migrated_from=facts.user_version if needs_migration else None,
                backup_path=backup_path,
                revision=plan.head() if needs_migration else facts.revision,
            )
        except BaseException:
            if engine is not None:
                engine.dispose()
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def _open_server(cls, url: str, read_only: bool, plan: MigrationPlan) -> Workspace:
        from sqlalchemy import exc as sa_exc
        from sqlalchemy.engine import make_url

        from .engine import server_engine

        shown = make_url(url).render_as_string(hide_password=True)
        try:
            engine = server_engine(url)
        except (ImportError, sa_exc.NoSuchModuleError) as exc:
            raise WorkspaceError(
                f"Cannot use '{shown}': the PostgreSQL driver is missing ({exc}); "
                "install the 'psycopg' package.",
                shown,
            ) from None
        try:
            with engine.connect() as conn:
                revision = migrate.current_revision(conn)
            if not plan.knows(revision):
                raise NewerFormat(
                    f"'{shown}' holds a newer okrdesk format (revision {revision}); this okrdesk "
                    f"supports format {plan.format_version}. Update okrdesk to open it.",
                    shown, -1, plan.format_version,
                )
            if revision != plan.head():
                if read_only:
                    raise WorkspaceReadOnly(
                        f"'{shown}' must be upgraded first: open it once for writing.", shown
                    )
                with engine.connect() as conn:
                    migrate.upgrade(conn, plan)
        except sa_exc.OperationalError as exc:
            engine.dispose()
            raise WorkspaceError(f"Cannot connect to '{shown}': {exc.orig}.", shown) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path=None, read_only=read_only, format_version=plan.format_version,
                   url=shown)

    # --- properties and life cycle ----------------------------------------------------

    @property
    def name(self) -> str:
        """The workspace's display name (setting ``name``; the file name otherwise)."""
        fallback = self.path.stem if self.path else (self.url or "workspace")
        return self.service.setting("name") or fallback

    @property
    def closed(self) -> bool:
        """True after ``close()``."""
        return self._closed

    def close(self) -> None:
        """Close every connection (SQLite then folds the WAL back into the file) and
        release the writer lock. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._engine is not None:
            self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.path or self.url
        return f"<Workspace {where} format={self.format_version} read_only={self.read_only}>"

    # --- copies and checks --------------------------------------------------------------

    def snapshot(self, dest_path: str | Path) -> Path:
        """Save a consistent copy of the workspace to ``dest_path`` ("Save a copy").

        Uses SQLite's backup API; the copy is written under a temporary name in
        the destination folder and moved into place when complete, replacing
        any file already there. Returns the destination path.
        """
        if self.path is None:
            raise WorkspaceError(
                "Save a copy works on workspace files; back up a PostgreSQL workspace with pg_dump."
            )
        return backup.backup_file(self.path, Path(dest_path).expanduser().absolute())

    def check(self) -> IntegrityReport:
        """Run SQLite's ``quick_check`` and ``foreign_key_check`` on the file."""
        if self.path is None:
            return IntegrityReport(("ok",), (), self.format_version, True)
        try:
            con = connect_readonly(self.path)
            try:
                quick = tuple(r[0] for r in con.execute("PRAGMA quick_check"))
                fks = tuple(tuple(r) for r in con.execute("PRAGMA foreign_key_check"))
                version = con.execute("PRAGMA user_version").fetchone()[0]
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            return IntegrityReport((str(exc),), (), self.format_version, False)
        return IntegrityReport(quick, fks, version, quick == ("ok",) and not fks)


def _inspect(path: Path, plan: MigrationPlan) -> FileFacts:
    """Header and marks of ``path``; raises unless it is an okrdesk workspace we can open."""
    header = read_header(path)
    facts = read_facts(path, header)
    if facts.application_id != APPLICATION_ID:
        empty = facts.application_id == 0 and facts.table_count == 0
        what = "an empty SQLite database" if empty else "a SQLite database of another program"
        raise NotAWorkspace(
            f"'{path}' is not an okrdesk workspace (it is {what}"
            f"{'' if facts.application_id == 0 else f', application id {facts.application_id:#010x}'}).",
            path,
        )
    if facts.user_version > plan.format_version or not plan.knows(facts.revision):
        raise NewerFormat(
            f"'{path}' was written by a newer okrdesk (file format {facts.user_version}); "
            f"this okrdesk supports format {plan.format_version}. Update okrdesk to open it.",
            path, facts.user_version, plan.format_version,
        )
    if facts.revision is None and facts.user_version > 0:
        raise CorruptWorkspace(
            f"'{path}' is damaged: its schema record (alembic_version) is missing.", path
        )
    return facts


def _quick_check_or_raise(path: Path) -> None:
    try:
        con = connect_readonly(path)
        try:
            result = [r[0] for r in con.execute("PRAGMA quick_check")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise classify_sqlite_error(exc, path) from None
    if result != ["ok"]:
        raise CorruptWorkspace(
            f"'{path}' is damaged ({result[0]}); it was not upgraded. Open a backup copy instead.",
            path,
        )


def _publish(tmp: Path, path: Path) -> None:
    """Move the finished new file into place without ever replacing an existing one."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise WorkspaceExists(f"'{path}' already exists; choose another name.", path) from None
    except OSError:
        if path.exists():
            raise WorkspaceExists(f"'{path}' already exists; choose another name.", path) from None
        os.rename(tmp, path)  # file systems without hard links (FAT, some network drives)
    else:
        tmp.unlink()

