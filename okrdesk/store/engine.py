"""SQLAlchemy engines for a workspace file (with the SQLite pragmas) or a server URL.

SQLite follows SQLAlchemy 2's documented pysqlite recipe: the driver's own
transaction handling is switched off (``isolation_level = None``) and
SQLAlchemy emits ``BEGIN`` itself, so that DDL (migrations) is transactional
and the pragmas set in the ``connect`` event run outside any transaction,
where ``foreign_keys`` really takes effect.

Write sessions are bound to ``write_engine(engine)``, which begins with
``BEGIN IMMEDIATE``: a write transaction takes SQLite's write lock up front
(waiting up to ``busy_timeout``) instead of failing half-way when a second
connection of this process writes at the same time.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from .header import readonly_uri

BUSY_TIMEOUT_MS = 5000
_IMMEDIATE = "okrdesk_begin_immediate"


def sqlite_pragmas(dbapi_connection: Any, read_only: bool) -> None:
    """Apply okrdesk's pragmas to a raw sqlite3 connection (outside a transaction)."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return  # guard: never on PostgreSQL or another driver
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        else:
            cur.execute("PRAGMA journal_mode=WAL")
            # FULL: a commit reaches the disk before it returns, so a power cut loses at
            # most the edit in flight (with NORMAL, WAL commits since the last checkpoint
            # can roll back after a power cut; PRODUCT.md §7).
            cur.execute("PRAGMA synchronous=FULL")
    finally:
        cur.close()


def _nobody_can_write(path: Path) -> bool:
    """True when no okrdesk can be writing ``path``: no ``-wal`` beside it, and the file has
    no write permission or its folder cannot be written. SQLite then reads it as immutable
    and needs no ``-shm`` beside it (which a read-only folder could not hold, and which
    would otherwise be left next to a read-only file)."""
    if Path(f"{path}-wal").exists():
        return False
    try:
        no_write_bits = not path.stat().st_mode & 0o222
    except OSError:
        return False
    return no_write_bits or not os.access(path.parent, os.W_OK)


def sqlite_engine(path: Path, read_only: bool) -> Engine:
    """An engine on the workspace file ``path`` with pragmas and explicit BEGIN."""
    target = str(path)

    def connect() -> sqlite3.Connection:
        if read_only:
            return sqlite3.connect(readonly_uri(path, immutable=_nobody_can_write(path)),
                                   uri=True, check_same_thread=False)
        return sqlite3.connect(target, check_same_thread=False)

    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_size=5, max_overflow=10
    )
    install_sqlite_events(engine, read_only)
    return engine


def install_sqlite_events(engine: Engine, read_only: bool) -> None:
    """Attach the connect (pragmas) and begin (explicit BEGIN) events to a SQLite engine."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        sqlite_pragmas(dbapi_connection, read_only)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin with BEGIN IMMEDIATE on SQLite."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{_IMMEDIATE: True})


def server_engine(url: str) -> Engine:
    """An engine on a database server URL (PostgreSQL); no pragmas, no file checks."""
    return create_engine(url, pool_pre_ping=True)
