"""Sessions, transactions and shared helpers of the service facade.

Every public service method runs in its own Session and transaction: reads in
a plain ``BEGIN`` (one consistent view), edits in ``BEGIN IMMEDIATE`` on SQLite
(the write lock is taken up front). An edit that raises leaves the database
as it was.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Table, delete, event, func, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from .cache_keys import CACHE_PREFIX
from .convert import SETTINGS
from .engine import write_engine
from .errors import NotFound, ValidationError, WorkspaceError, WorkspaceReadOnly
from .write_log import TreeWriteLog


class ServiceBase:
    """Holds the engine and the two session factories (read and write)."""

    def __init__(self, engine: Engine, read_only: bool = False, label: str = "workspace") -> None:
        self._engine = engine
        self.read_only = read_only
        self._label = label
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(write_engine(engine), expire_on_commit=False)
        self._data_revision = 0
        #: Which writes touched the KPI tree's tables (the shared tree read follows it).
        self.tree_writes = TreeWriteLog()
        self._local = threading.local()
        event.listen(self._writer, "do_orm_execute", self._statement_run)

    @property
    def data_revision(self) -> int:
        """A counter raised by every write this service makes (read models cached
        against it know when the workspace changed under them)."""
        return self._data_revision

    @property
    def tree_revision(self) -> int:
        """A counter raised only by writes to the KPI tree's tables (nodes, links,
        measurements, people, teams, settings): OKR edits leave it alone."""
        return self.tree_writes.revision

    def _statement_run(self, state: Any) -> None:
        """Note the table every statement of a write session writes (``do_orm_execute``)."""
        self._tables().add(TreeWriteLog.table_of(state.statement))

    def _tables(self) -> set[str]:
        tables = getattr(self._local, "tables", None)
        if tables is None:
            tables = self._local.tables = set()
        return tables

    def _wrote(self, table: str, node_id: int | None = None, dates: Sequence[Any] = ()) -> None:
        """Declare a write the statement listener cannot see (raw driver calls), or say
        exactly which measurements of one node changed (``node_id``, ``dates``), so the
        shared tree read can catch up without reading everything again."""
        self._tables().add(table)
        if node_id is not None:
            self._declare("measurements", ("values", node_id, tuple(dates)))

    def _wrote_nodes(self, node_ids: Sequence[int]) -> None:
        """Declare that this write changed fields or places of these existing nodes only."""
        self._declare("kpi_nodes", ("nodes", tuple(node_ids)))

    def _declare(self, table: str, change: tuple[Any, ...]) -> None:
        local = self._local
        if getattr(local, "changes", None) is None:
            local.changes, local.declared = [], set()
        local.changes.append(change)
        local.declared.add(table)

    def _write_ended(self) -> None:
        """Count a finished (or failed) write: always ``data_revision``; ``tree_revision``
        only when it touched the tree's tables."""
        self._data_revision += 1
        tables = self._tables()
        local = self._local
        self.tree_writes.record(tables, getattr(local, "changes", None) or (),
                                getattr(local, "declared", None) or ())
        tables.clear()
        local.changes, local.declared = [], set()

    @contextmanager
    def _session(self, write: bool = False) -> Iterator[Session]:
        """A Session inside one transaction; committed on success, rolled back on error."""
        if write and self.read_only:
            raise WorkspaceReadOnly(
                f"The {self._label} is open read-only; reopen it for writing to change it."
            )
        factory = self._writer if write else self._reader
        try:
            with factory() as session, session.begin():
                if write:  # derived data in the workspace is stale from now on (on the
                    # session's connection: not an ORM statement, not a data write)
                    session.connection().execute(
                        delete(SETTINGS).where(SETTINGS.c.key.startswith(CACHE_PREFIX)))
                yield session
        except sa_exc.IntegrityError as exc:
            raise ValidationError(f"The change was refused by the database: {exc.orig}.") from exc
        except sa_exc.OperationalError as exc:
            text = str(exc.orig)
            if "readonly" in text or "read-only" in text:
                raise WorkspaceReadOnly(f"The {self._label} cannot be written: {text}.") from exc
            if "locked" in text or "busy" in text:
                raise WorkspaceError(
                    f"The {self._label} is busy (another program is writing it): {text}."
                ) from exc
            raise
        finally:
            if write:  # counted even when it failed: cached reads are then merely redone
                self._write_ended()

    # --- helpers shared by the mixins -------------------------------------------------

    @staticmethod
    def _row(session: Session, table: Table, row_id: Any, kind: str) -> dict[str, Any]:
        """The row ``row_id`` of ``table`` as a dict, or NotFound."""
        if isinstance(row_id, bool) or not isinstance(row_id, int):
            raise ValidationError(f"A {kind} id must be an int, not {row_id!r}.", "id")
        row = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
        if row is None:
            raise NotFound(kind, row_id)
        return dict(row)

    @staticmethod
    def _apply_update(
        session: Session, table: Table, current: dict[str, Any], changes: dict[str, Any]
    ) -> dict[str, Any]:
        """Write the changed fields of one row (revision + 1 when the table has one).

        Fields equal to their stored value are dropped; when nothing is left the
        row is not touched and its revision stays. Returns the row after the update.
        """
        real = {k: v for k, v in changes.items() if current.get(k) != v}
        if not real:
            return current
        values = dict(real)
        if "revision" in table.c:
            values["revision"] = table.c.revision + 1
        session.execute(update(table).where(table.c.id == current["id"]).values(**values))
        return dict(session.execute(select(table).where(table.c.id == current["id"])).mappings().one())

    @staticmethod
    def _same_parent(column: Any, parent_id: int | None) -> Any:
        """SQL condition ``column IS parent_id`` that also works for NULL."""
        return column.is_(None) if parent_id is None else column == parent_id

    @staticmethod
    def _next_ref(session: Session, table: Table, prefix: str) -> str:
        """The next free ``PREFIX-0001`` style reference of ``table``."""
        highest = 0
        for (ref,) in session.execute(select(table.c.ref).where(table.c.ref.like(f"{prefix}-%"))):
            tail = ref[len(prefix) + 1 :]
            if tail.isdigit():
                highest = max(highest, int(tail))
        return f"{prefix}-{highest + 1:04d}"

    @staticmethod
    def _check_unique(
        session: Session,
        table: Table,
        column: str,
        value: str,
        exclude_id: int | None,
        label: str,
        case_insensitive: bool = True,
    ) -> None:
        """Refuse a value already used by another row (case-insensitively by default)."""
        col = table.c[column]
        cond = func.lower(col) == value.lower() if case_insensitive else col == value
        stmt = select(col).where(cond)
        if exclude_id is not None:
            stmt = stmt.where(table.c.id != exclude_id)
        clash = session.execute(stmt).first()
        if clash is not None:
            raise ValidationError(f"{label}: {column} {value!r} is already used ({clash[0]!r}).", column)

    @staticmethod
    def _insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Insert row dicts unchanged (ids included), in one executemany."""
        if rows:
            session.execute(table.insert(), list(rows))
